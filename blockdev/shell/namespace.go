package shell

import (
	"bytes"
	"errors"
	"io"
	iofs "io/fs"
	"path"
	"strings"
	"time"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/errno"
	bfs "simpblkdev/blockdev/fs"
)

// fileInfo is what stat(2) tells the tools about a file.
type fileInfo struct {
	name   string
	mode   iofs.FileMode // permission bits plus the type bits (ModeDir, ModeDevice, ModeSymlink)
	size   int64
	blocks int64 // KiB the file occupies, for ls -l's "total"
	nlink  int
	mtime  time.Time
	group  string // "root", or "disk" for the disk nodes udev made
	rdev   blockdev.DevT
	link   string
}

func (fi fileInfo) isDir() bool { return fi.mode&iofs.ModeDir != 0 }
func (fi fileInfo) isBlk() bool {
	return fi.mode&iofs.ModeDevice != 0 && fi.mode&iofs.ModeCharDevice == 0
}
func (fi fileInfo) isChr() bool {
	return fi.mode&iofs.ModeDevice != 0 && fi.mode&iofs.ModeCharDevice != 0
}

// vfs is one file system of the namespace. Paths are absolute within it and
// clean ("/", "/init.d/sshd"). Errors carry an errno (see errnoOf).
type vfs interface {
	stat(p string) (fileInfo, error)
	readDir(p string) ([]fileInfo, error)
	// open opens a file for reading, as open(O_RDONLY) does; a device
	// node answers errDevNode.
	open(p string) (file, error)
	// create opens p for writing as open(O_WRONLY|O_CREAT) does, with
	// the flags of mode; a new file gets perm. Opening and writing fail
	// apart, as the tools report them apart ("cannot create", "write
	// error").
	create(p string, mode wmode, perm iofs.FileMode) (sink, error)
	mkdir(p string) error
	remove(p string) error // a file, a device node or an empty directory
	// mknod makes a device node: a block one, or a character one when
	// perm has iofs.ModeCharDevice.
	mknod(p string, perm iofs.FileMode, dev blockdev.DevT) error
}

// wmode is how create opens a file for writing.
type wmode int

const (
	wTrunc  wmode = iota // O_TRUNC: bash's > and cp
	wAppend              // O_APPEND: bash's >>
	wKeep                // neither: dd, which truncates where its seek= says
)

// sink is a file open for writing: each write goes on where the last one
// ended (at the end of the file with O_APPEND).
type sink interface {
	write(b []byte) error
	close() error
}

// fileSink is a sink on a regular file, which dd can seek in (pwrite) and
// truncate (ftruncate). Growing a file past its file system's largest size
// fails with EFBIG; a hole left by writing past the end reads as zeros.
type fileSink interface {
	sink
	writeAt(b []byte, off int64) (int, error)
	truncate(size int64) error
}

// file is a file open for reading.
type file interface {
	reader
	Close() error
}

// bytesFile is a file whose contents are already in memory.
type bytesFile struct{ *bytes.Reader }

func (bytesFile) Close() error { return nil }

func newBytesFile(b []byte) file { return bytesFile{bytes.NewReader(b)} }

// mount is one entry of the mount table. The root, /dev, /sys, /proc and
// /host are there from boot and never listed; vol is set for the file
// systems mount(8) put on block devices.
type mount struct {
	dir  string
	fs   vfs
	host bool // /host: written only by commands that name it as their output
	ro   bool

	spec string // the device as mount(8) was given it, for mount and df
	typ  string
	opts string
	vol  bfs.FS
	bdev *devFile // handed over from mount(8)'s table: the mount holds it open
}

// namespace is the shell's file tree: the mount table and the operations
// that find the file system a path lives on.
type namespace struct {
	k      *blockdev.Kernel
	s      *Shell // for the bound on endless reads (see endlessLimit)
	mounts []*mount
}

// umask is root's file creation mask.
const umask = 022

// within reports whether the clean absolute path p is dir or inside it.
func within(p, dir string) bool {
	return p == dir || dir == "/" || strings.HasPrefix(p, dir+"/")
}

// cleanPath makes p absolute (relative to cwd) and clean. (A leading ~ is
// bash's to expand, before the command sees the word.)
func cleanPath(cwd, p string) string {
	if !strings.HasPrefix(p, "/") {
		p = cwd + "/" + p
	}
	return path.Clean(p)
}

// resolve finds the file system abs lives on and the path within it: the
// mount with the longest matching directory, the latest one on a tie.
func (ns *namespace) resolve(abs string) (*mount, string) {
	var best *mount
	for _, m := range ns.mounts {
		if within(abs, m.dir) {
			if best == nil || len(m.dir) >= len(best.dir) {
				best = m
			}
		}
	}
	inner := strings.TrimPrefix(abs, best.dir)
	if !strings.HasPrefix(inner, "/") {
		inner = "/" + inner
	}
	return best, inner
}

// isMountPoint reports whether a file system is mounted on abs.
func (ns *namespace) isMountPoint(abs string) bool {
	for _, m := range ns.mounts {
		if m.dir == abs && abs != "/" {
			return true
		}
	}
	return false
}

func (ns *namespace) stat(abs string) (fileInfo, error) {
	m, p := ns.resolve(abs)
	fi, err := m.fs.stat(p)
	if err != nil {
		return fileInfo{}, err
	}
	fi.name = path.Base(abs)
	return fi, nil
}

// readDir lists a directory; an entry that is a mount point shows the root
// of what is mounted there, as stat(2) of it would.
func (ns *namespace) readDir(abs string) ([]fileInfo, error) {
	m, p := ns.resolve(abs)
	fis, err := m.fs.readDir(p)
	if err != nil {
		return nil, err
	}
	for i := range fis {
		child := path.Join(abs, fis[i].name)
		if ns.isMountPoint(child) {
			if fi, err := ns.stat(child); err == nil {
				fis[i] = fi
			}
		}
	}
	return fis, nil
}

// errDevNode is what a vfs answers when asked for the contents of a device
// node: reading one is the namespace's business (it opens the device).
var errDevNode = errors.New("device node")

// readLimit bounds what readFile holds: a file read whole (insmod's module)
// must fit in the machine's memory as the in-memory tree does.
const readLimit = memfsLimit

// readFile returns a file's contents, for insmod, which reads a file whole
// (grab_file; cp streams). A file bigger than readLimit fails with ENOMEM,
// as malloc would on the tutorial's machine; a character device is read to
// its end (see charReader.readAll). The file is open in fds meanwhile.
func (ns *namespace) readFile(fds *files, abs string) ([]byte, error) {
	r, f, err := ns.openRead(fds, abs, false)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if c, ok := r.(*charReader); ok {
		return c.readAll()
	}
	if r.Size() > readLimit {
		return nil, errno.ENOMEM
	}
	buf := make([]byte, r.Size())
	n, err := r.ReadAt(buf, 0)
	if err == io.EOF {
		err = nil
	}
	return buf[:n], err
}

// reader is a file open for reading.
type reader interface {
	io.ReaderAt
	Size() int64
}

// openRead opens abs for reading, as a file of the table fds. A block
// device is read through its page cache, or with direct around it
// (O_DIRECT); a character device through its driver; other files are read
// from their file system as the reader asks. Closing f closes the file.
func (ns *namespace) openRead(fds *files, abs string, direct bool) (r reader, f *openFile, err error) {
	m, p := ns.resolve(abs)
	vf, err := m.fs.open(p)
	if err == nil {
		return vf, fds.open(vf.Close), nil
	}
	if err != errDevNode {
		return nil, nil, err
	}
	if fi, err := ns.stat(abs); err == nil && fi.isChr() {
		c, err := ns.k.OpenChr(fi.rdev)
		if err != nil {
			return nil, nil, err
		}
		return &charReader{s: ns.s, name: abs, f: c}, fds.open(c.Close), nil
	}
	b, err := ns.openDev(fds, abs)
	if err != nil {
		return nil, nil, err
	}
	r = b
	if direct {
		r = directReader{b}
	}
	return r, b.f, nil
}

// directReader reads a block device with O_DIRECT.
type directReader struct{ b *devFile }

func (d directReader) ReadAt(p []byte, off int64) (int, error) { return d.b.ReadDirect(p, off) }
func (d directReader) Size() int64                             { return d.b.Size() }

// writable checks that a change on mount m is allowed: not on a read-only
// mount, and on /host only when the command names /host as its output.
func (ns *namespace) writable(m *mount, allowHost bool) error {
	if m.ro || (m.host && !allowHost) {
		return errno.EROFS
	}
	return nil
}

// create opens abs for writing. A character device takes each write
// through its driver (/dev/null swallows everything, /dev/full refuses it);
// a block device is written through its page cache from the start (or,
// with app, from its end, where every write fails with ENOSPC). The file
// is open in the table fds until the sink is closed.
func (ns *namespace) create(fds *files, abs string, mode wmode, allowHost bool, perm iofs.FileMode) (sink, error) {
	if fi, err := ns.stat(abs); err == nil && fi.isChr() {
		c, err := ns.k.OpenChr(fi.rdev)
		if err != nil {
			return nil, err
		}
		return fds.track(charSink{c}), nil
	}
	if fi, err := ns.stat(abs); err == nil && fi.isBlk() {
		b, err := ns.openDevNum(fds, fi.rdev)
		if err != nil {
			return nil, err
		}
		ds := &devSink{b: b}
		if mode == wAppend {
			ds.off = b.Size()
		}
		return ds, nil
	}
	if abs == noFile {
		return nil, errno.ENOENT
	}
	m, p := ns.resolve(abs)
	if p == "/" {
		// The root of a file system is a directory whatever the file
		// system ("bash: /: Is a directory"); open(2) finds so before
		// checking for a read-only mount.
		return nil, errno.EISDIR
	}
	if err := ns.writable(m, allowHost); err != nil {
		return nil, err
	}
	sk, err := m.fs.create(p, mode, perm)
	if err != nil {
		return nil, err
	}
	return fds.track(sk), nil
}

func (ns *namespace) mkdir(abs string, allowHost bool) error {
	if abs == noFile {
		return errno.ENOENT
	}
	m, p := ns.resolve(abs)
	if p == "/" {
		return errno.EEXIST
	}
	if err := ns.writable(m, allowHost); err != nil {
		return err
	}
	return m.fs.mkdir(p)
}

func (ns *namespace) remove(abs string) error {
	if ns.isMountPoint(abs) || abs == "/" {
		return errno.EBUSY
	}
	m, p := ns.resolve(abs)
	if err := ns.writable(m, false); err != nil {
		return err
	}
	return m.fs.remove(p)
}

func (ns *namespace) mknod(abs string, perm iofs.FileMode, dev blockdev.DevT, allowHost bool) error {
	if abs == noFile {
		return errno.ENOENT
	}
	m, p := ns.resolve(abs)
	if p == "/" {
		return errno.EEXIST
	}
	if err := ns.writable(m, allowHost); err != nil {
		return err
	}
	return m.fs.mknod(p, perm, dev)
}

// openDev opens the block device the node at abs names, as open(2) of it
// does (taking the module reference that lsmod shows), as a file of the
// table fds.
func (ns *namespace) openDev(fds *files, abs string) (*devFile, error) {
	fi, err := ns.stat(abs)
	if err != nil {
		return nil, err
	}
	if fi.isDir() {
		return nil, errno.EISDIR
	}
	if !fi.isBlk() {
		return nil, errno.ENOTBLK
	}
	return ns.openDevNum(fds, fi.rdev)
}

// openDevNum opens the block device numbered dev (blkdev_open) as a file
// of the table fds.
func (ns *namespace) openDevNum(fds *files, dev blockdev.DevT) (*devFile, error) {
	b, err := ns.k.OpenDev(dev)
	if err != nil {
		return nil, err
	}
	return &devFile{BlockDevice: b, f: fds.open(b.Close)}, nil
}

// devSink writes to an open block device through its page cache.
type devSink struct {
	b   *devFile
	off int64
}

func (d *devSink) write(p []byte) error {
	n, err := d.b.WriteAt(p, d.off)
	d.off += int64(n)
	if err == nil && n < len(p) {
		err = errno.ENOSPC
	}
	return err
}

func (d *devSink) close() error { return d.b.Close() }

// unmount detaches m: it leaves the kernel's mount list, the file system
// writes everything back, then the device is closed, which flushes its
// page cache and drops the module reference.
func (ns *namespace) unmount(m *mount) error {
	ns.k.Umount(m.dir)
	err := m.vol.Unmount()
	if perr := m.bdev.Close(); err == nil {
		err = perr
	}
	for i, x := range ns.mounts {
		if x == m {
			ns.mounts = append(ns.mounts[:i], ns.mounts[i+1:]...)
			break
		}
	}
	return err
}

// userMounts returns the mounts mount(8) made, in mount order.
func (ns *namespace) userMounts() []*mount {
	var ms []*mount
	for _, m := range ns.mounts {
		if m.vol != nil {
			ms = append(ms, m)
		}
	}
	return ms
}
