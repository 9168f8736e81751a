//go:build linux

package serve

import (
	"context"
	"syscall"
	"time"

	"github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"

	"simpblkdev/blockdev"
)

// rootNode is the mount's directory: one regular file for each device node
// the simulated disk has now, the whole disk and its partitions, listed
// afresh at every readdir and lookup so that a re-read of the partition
// table shows.
type rootNode struct {
	fs.Inode
	m       *Machine
	files   *openFiles
	started time.Time
}

var (
	_ fs.NodeReaddirer = (*rootNode)(nil)
	_ fs.NodeLookuper  = (*rootNode)(nil)
	_ fs.NodeGetattrer = (*rootNode)(nil)
)

// inoOf is the inode number of partition partno's file (the root is 1).
func inoOf(partno int) uint64 { return uint64(partno) + 2 }

func (r *rootNode) Readdir(ctx context.Context) (fs.DirStream, syscall.Errno) {
	var entries []fuse.DirEntry
	for _, n := range r.m.Nodes() {
		entries = append(entries, fuse.DirEntry{Name: n.Name, Ino: inoOf(n.Partno), Mode: fuse.S_IFREG})
	}
	return fs.NewListDirStream(entries), 0
}

func (r *rootNode) Lookup(ctx context.Context, name string, out *fuse.EntryOut) (*fs.Inode, syscall.Errno) {
	n, ok := r.m.Lookup(name)
	if !ok {
		return nil, syscall.ENOENT
	}
	d := &diskNode{m: r.m, files: r.files, partno: n.Partno, started: r.started}
	d.fill(n, &out.Attr)
	return r.NewInode(ctx, d, fs.StableAttr{Mode: fuse.S_IFREG, Ino: inoOf(n.Partno)}), 0
}

func (r *rootNode) Getattr(ctx context.Context, f fs.FileHandle, out *fuse.AttrOut) syscall.Errno {
	out.Mode = fuse.S_IFDIR | 0755
	out.Nlink = 2
	out.SetTimes(nil, &r.started, &r.started)
	return 0
}

// diskNode is the file of one device node: the whole disk (partno 0) or a
// partition. It reads its size from the disk at every getattr, so a
// partition that a re-read resized or removed says so.
type diskNode struct {
	fs.Inode
	m       *Machine
	files   *openFiles
	partno  int
	started time.Time
}

var (
	_ fs.NodeGetattrer = (*diskNode)(nil)
	_ fs.NodeSetattrer = (*diskNode)(nil)
	_ fs.NodeOpener    = (*diskNode)(nil)
	_ fs.NodeIoctler   = (*diskNode)(nil)
)

// node is the device node behind d, or false once a re-read removed it.
func (d *diskNode) node() (Node, bool) {
	for _, n := range d.m.Nodes() {
		if n.Partno == d.partno {
			return n, true
		}
	}
	return Node{}, false
}

// fill is what stat(2) of the file says: a regular file of the device's
// size, rw for root and group disk as udev makes a disk's node.
func (d *diskNode) fill(n Node, a *fuse.Attr) {
	a.Mode = fuse.S_IFREG | 0660
	a.Nlink = 1
	a.Size = uint64(n.Size)
	a.Blocks = uint64(n.Size) / 512
	a.Blksize = 4096
	a.Gid = blockdev.GidDisk
	a.SetTimes(nil, &d.started, &d.started)
}

func (d *diskNode) Getattr(ctx context.Context, f fs.FileHandle, out *fuse.AttrOut) syscall.Errno {
	n, ok := d.node()
	if !ok {
		return syscall.ENOENT
	}
	d.fill(n, &out.Attr)
	return 0
}

// Setattr accepts what chmod, chown and touch ask and changes nothing; a
// device's size cannot change, so truncate(2) to another size is EINVAL, as
// it is on a block device node.
func (d *diskNode) Setattr(ctx context.Context, f fs.FileHandle, in *fuse.SetAttrIn, out *fuse.AttrOut) syscall.Errno {
	n, ok := d.node()
	if !ok {
		return syscall.ENOENT
	}
	if sz, ok := in.GetSize(); ok && int64(sz) != n.Size {
		return syscall.EINVAL
	}
	d.fill(n, &out.Attr)
	return 0
}

// Open opens the device in the simulated kernel, one open(2) there for
// each open here. FOPEN_DIRECT_IO keeps the real kernel from caching the
// file's pages, so that every read and write reaches the driver (the loop
// device above keeps its own cache, written back on fsync and losetup -d).
// O_TRUNC is ignored, as it is for a block device.
func (d *diskNode) Open(ctx context.Context, flags uint32) (fs.FileHandle, uint32, syscall.Errno) {
	dev, err := d.m.Open(d.partno)
	if err != nil {
		return nil, 0, toErrno(err)
	}
	d.files.opened()
	f := &diskFile{dev: dev, m: d.m, files: d.files, whole: d.partno == 0, writable: flags&syscall.O_ACCMODE != syscall.O_RDONLY}
	return f, fuse.FOPEN_DIRECT_IO, 0
}

// Ioctl takes BLKRRPART on the whole disk's file (blockdev --rereadpt): the
// simulated kernel re-reads the partition table. Anything else is ENOTTY.
func (d *diskNode) Ioctl(ctx context.Context, f fs.FileHandle, cmd uint32, arg uint64, input, output []byte) (int32, syscall.Errno) {
	if cmd != uint32(blockdev.BLKRRPART) {
		return 0, syscall.ENOTTY
	}
	if d.partno != 0 {
		return 0, syscall.EINVAL
	}
	if d.m.Disk.Minors <= 1 {
		return 0, syscall.EINVAL
	}
	if err := d.m.Reread(); err != nil {
		return 0, toErrno(err)
	}
	return 0, 0
}
