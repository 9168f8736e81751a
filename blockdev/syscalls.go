package blockdev

import (
	"io"
	"io/fs"
)

// The system calls: where user space (the shell, cmd/blksim, a test playing
// a program) enters the kernel. Inside, errors are negative errnos, as C
// returns them; each call here converts once to what user space sees: nil,
// or the positive Errno that errno(3) would hold, as an error.
//
// The calls on an open device are methods of *BlockDevice, named as Go's
// *os.File names the same system calls (ReadAt is pread, WriteAt pwrite,
// Sync fsync, Close close), so an open device is an io.ReaderAt and an
// io.WriterAt; the others are methods of *Kernel, the machine a process
// runs on.

// sysErr is the conversion from the kernel's 0 or negative errno to the
// error a system call gives user space.
func sysErr(e Errno) error {
	if e == 0 {
		return nil
	}
	return -e
}

// sysErrOf is sysErr for a kernel function whose error travels as an error
// value (nil, or a negative Errno).
func sysErrOf(err error) error {
	if e, ok := err.(Errno); ok {
		return sysErr(e)
	}
	return err
}

// Open models open(2) of a block device node under /dev: the path walk,
// then blkdev_open() (fs/block_dev.c). A node that is not a block device is
// ENOTBLK; what the driver's open returns reaches the caller (ENXIO for
// -ENXIO).
func (k *Kernel) Open(path string) (_ *BlockDevice, err error) {
	defer k.syscallExit(k.syscallEnter(), &err)
	n, e := k.lookupKernfs(path)
	if e != 0 {
		return nil, sysErr(e)
	}
	if n.Mode&fs.ModeDevice == 0 {
		return nil, ENOTBLK
	}
	return k.OpenDev(n.Dev)
}

// OpenDev models blkdev_open(), the open(2) of a block special file whose
// inode the caller's own path walk found (the shell keeps device nodes made
// by mknod anywhere in its name space): open the device numbered dev.
func (k *Kernel) OpenDev(dev DevT) (_ *BlockDevice, err error) {
	defer k.syscallExit(k.syscallEnter(), &err)
	b, e := k.BlkdevGet(dev)
	if e != 0 {
		return nil, sysErr(e)
	}
	return b, nil
}

// Close models close(2) of an open block device (blkdev_close →
// blkdev_put): the last close writes back the page cache; a write-back
// error is reported here (EIO).
func (b *BlockDevice) Close() (err error) {
	defer b.BdDisk.k.syscallExit(b.BdDisk.k.syscallEnter(), &err)
	return sysErr(BlkdevPut(b))
}

// ReadAt models pread(2) on an open block device (blkdev_aio_read →
// generic_file_aio_read): through the page cache, with read-ahead. Past the
// end of the device it returns a short read.
func (b *BlockDevice) ReadAt(p []byte, off int64) (_ int, err error) {
	defer b.BdDisk.k.syscallExit(b.BdDisk.k.syscallEnter(), &err)
	if off < 0 {
		return 0, EINVAL
	}
	n, e := b.cache.readAt(p, off)
	return n, sysErrOf(e)
}

// WriteAt models pwrite(2) on an open block device: the bytes land in the
// page cache and reach the driver on write-back. Writing past the end
// fails with ENOSPC.
func (b *BlockDevice) WriteAt(p []byte, off int64) (_ int, err error) {
	defer b.BdDisk.k.syscallExit(b.BdDisk.k.syscallEnter(), &err)
	if off < 0 {
		return 0, EINVAL
	}
	n, e := b.cache.writeAt(p, off)
	return n, sysErrOf(e)
}

// ReadDirect models pread(2) on a device opened with O_DIRECT
// (fs/direct-io.c): the bytes go straight from the driver into the caller's
// pages, bypassing the page cache. Offset and length must be multiples of
// 512 (EINVAL).
func (b *BlockDevice) ReadDirect(p []byte, off int64) (_ int, err error) {
	defer b.BdDisk.k.syscallExit(b.BdDisk.k.syscallEnter(), &err)
	n, e := b.direct(READ, p, off)
	return n, sysErr(e)
}

// WriteDirect models pwrite(2) with O_DIRECT.
func (b *BlockDevice) WriteDirect(p []byte, off int64) (_ int, err error) {
	defer b.BdDisk.k.syscallExit(b.BdDisk.k.syscallEnter(), &err)
	n, e := b.direct(WRITE, p, off)
	return n, sysErr(e)
}

// Sync models fsync(2) on the device: write back every dirty page.
func (b *BlockDevice) Sync() (err error) {
	defer b.BdDisk.k.syscallExit(b.BdDisk.k.syscallEnter(), &err)
	return sysErr(b.cache.sync())
}

// Sync models sync(2) (sys_sync, fs/buffer.c, 2.6.18): write back the page
// cache of every block device, open or not, and wait for it (doSync).
// sync(2) returns nothing: the error is nil, or *Killed when the caller
// died of an oops on the way.
func (k *Kernel) Sync() (err error) {
	defer k.syscallExit(k.syscallEnter(), &err)
	k.doSync()
	return nil
}

// Ioctl models ioctl(2) on an open block device (blkdev_ioctl,
// block/ioctl.c): BLKGETSIZE, BLKGETSIZE64 and BLKSSZGET fill arg (the
// partition's size on a partition; BLKGETSIZE is EFBIG when the sector
// count overflows an i386 unsigned long), HDIO_GETGEO fills *HdGeometry
// through the driver's getgeo (ENOTTY without one) with start the
// partition's first sector, BLKFLSBUF writes back and drops the page cache,
// BLKRRPART re-reads the partition table (EINVAL on a disk of one minor or
// on a partition, EBUSY while a partition is open), the BLKTRACE*
// commands set up, start, stop and tear down a block trace (blktrace.go;
// BLKTRACESETUP fills *BlkUserTraceSetup's Name); any other command goes to
// the driver's ioctl, or is ENOTTY.
func (b *BlockDevice) Ioctl(cmd uint, arg any) (err error) {
	defer b.BdDisk.k.syscallExit(b.BdDisk.k.syscallEnter(), &err)
	return sysErr(blkdevIoctl(b, cmd, arg))
}

// DebugfsRead models read(2) of a file of debugfs (mounted at
// /sys/kernel/debug) that a block trace made: path "block/NAME/trace0"
// hands out the trace's records not yet read and consumes them (0 when
// there are none yet), "block/NAME/dropped" reads from off the count of
// records the full buffer dropped. ENOENT when there is no such trace.
func (k *Kernel) DebugfsRead(path string, p []byte, off int64) (int, error) {
	n, e := k.debugfsRead(path, p, off)
	return n, sysErr(e)
}

// DebugfsPoll models poll(2) for POLLIN on debugfs's block/NAME/trace0:
// whether a read would hand out records now.
func (k *Kernel) DebugfsPoll(name string) bool { return k.debugfsPoll(name) }

// Mknod models mknod(2) of a block device node directly in /dev.
func (k *Kernel) Mknod(name string, mode fs.FileMode, dev DevT) error {
	return sysErr(k.devMknod(name, mode, dev))
}

// Unlink models unlink(2) of a node directly in /dev.
func (k *Kernel) Unlink(name string) error { return sysErr(k.devUnlink(name)) }

// Lstat models the path walk of lstat(2) and open(2) under /dev, /sys and
// /proc, following no symlinks: the node, or ENOENT or ENOTDIR. A node's
// Show is what read(2) of it returns; writing it goes through Write.
func (k *Kernel) Lstat(path string) (*KNode, error) {
	n, err := k.lookupKernfs(path)
	if err != 0 {
		return nil, sysErr(err)
	}
	return n, nil
}

// Write models write(2) to a sysfs attribute: one call of its store method.
// A node without one is EIO, as sysfs_write_file says.
func (n *KNode) Write(s string) error {
	if n.Store == nil {
		return EIO
	}
	return sysErrOf(n.Store(s))
}

// Mount models mount(2) of a file system on an open block device, once the
// file system (package fs) has read its superblock: the file system's mount
// messages, and the mount joins the list /proc/mounts prints. EINVAL for a
// relative mount point or no type.
func (k *Kernel) Mount(b *BlockDevice, devName, dir, fstype string, flags uint64) (err error) {
	defer k.syscallExit(k.syscallEnter(), &err)
	return sysErr(k.doMount(b, devName, dir, fstype, flags))
}

// Remount models mount(2) with MS_REMOUNT: the mount on dir takes new
// flags. EINVAL if nothing the caller mounted is there.
func (k *Kernel) Remount(dir string, flags uint64) error { return sysErr(k.doRemount(dir, flags)) }

// Umount models umount(2): the latest mount on dir leaves the list. EINVAL
// if dir is no mount point the caller made.
func (k *Kernel) Umount(dir string) (err error) {
	defer k.syscallExit(k.syscallEnter(), &err)
	return sysErr(k.doUmount(dir))
}

// InitModule models init_module(2) (insmod): load the module with its
// parameters and run its init. The module's own negative return reaches the
// caller positive (ENOMEM for -ENOMEM); EEXIST if it is already loaded.
func (k *Kernel) InitModule(info *ModuleInfo, args string) (_ *Module, err error) {
	defer k.syscallExit(k.syscallEnter(), &err)
	m, e := k.initModule(info, args)
	if e != 0 {
		return nil, sysErr(e)
	}
	return m, nil
}

// DeleteModule models delete_module(2) with O_NONBLOCK (rmmod): ENOENT if
// the module is not loaded, EWOULDBLOCK while it is in use.
func (k *Kernel) DeleteModule(name string) (err error) {
	defer k.syscallExit(k.syscallEnter(), &err)
	return sysErr(k.deleteModule(name))
}

// CharFile is an open character device: what open(2) of /dev/null,
// /dev/zero, /dev/full or /dev/urandom gives. Its Read and Write are read(2)
// and write(2): a character device has no offsets, so an open CharFile is
// an io.Reader and an io.Writer.
type CharFile struct {
	k   *Kernel
	dev DevT
	ops *memDev
}

// OpenChr models open(2) of a character special file whose inode the
// caller's path walk found: chrdev_open() (fs/char_dev.c) finds the driver
// by major, and the driver's open by minor (memory_open for major 1). A
// device nobody registered is ENXIO.
func (k *Kernel) OpenChr(dev DevT) (*CharFile, error) {
	if dev.Major() != MEM_MAJOR {
		return nil, ENXIO
	}
	d, err := memOpen(dev)
	if err != 0 {
		return nil, sysErr(err)
	}
	return &CharFile{k: k, dev: dev, ops: d}, nil
}

// Read models read(2) of the device: at its end (/dev/null) it returns 0
// and io.EOF.
func (f *CharFile) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	n := f.ops.read(f.k, p)
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

// Write models write(2) of the device: /dev/full fails with ENOSPC.
func (f *CharFile) Write(p []byte) (int, error) {
	n, err := f.ops.write(f.k, p)
	return n, sysErr(err)
}

// Close models close(2); the mem devices keep nothing open.
func (f *CharFile) Close() error { return nil }
