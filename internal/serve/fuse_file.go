//go:build linux

package serve

import (
	"context"
	"errors"
	"io"
	"sync/atomic"
	"syscall"

	"github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"

	"simpblkdev/blockdev/errno"
)

// diskFile is one open of a device's file: an open device of the
// simulated kernel.
type diskFile struct {
	dev      *Device
	m        *Machine
	files    *openFiles
	whole    bool
	writable bool
	wrote    atomic.Bool
}

var (
	_ fs.FileReader    = (*diskFile)(nil)
	_ fs.FileWriter    = (*diskFile)(nil)
	_ fs.FileFsyncer   = (*diskFile)(nil)
	_ fs.FileFlusher   = (*diskFile)(nil)
	_ fs.FileAllocater = (*diskFile)(nil)
	_ fs.FileReleaser  = (*diskFile)(nil)
)

// Read returns what the device gave: all of it, a short read at its end
// or before a failed bio (the next read gets the error), or the error.
func (f *diskFile) Read(ctx context.Context, dest []byte, off int64) (fuse.ReadResult, syscall.Errno) {
	n, err := f.dev.ReadAt(dest, off)
	if n == 0 && err != nil && err != io.EOF {
		return nil, toErrno(err)
	}
	return fuse.ReadResultData(dest[:n]), 0
}

// Write is a short write at the end of the device or before a failed bio,
// else the error (ENOSPC past the end, EIO from the driver).
func (f *diskFile) Write(ctx context.Context, data []byte, off int64) (uint32, syscall.Errno) {
	n, err := f.dev.WriteAt(data, off)
	if n > 0 {
		f.wrote.Store(true)
	}
	if n == 0 && err != nil {
		return 0, toErrno(err)
	}
	return uint32(n), 0
}

// Fsync and Flush (close(2) of a descriptor) are fsync(2) of the device.
func (f *diskFile) Fsync(ctx context.Context, flags uint32) syscall.Errno {
	return toErrno(f.dev.Sync())
}

func (f *diskFile) Flush(ctx context.Context) syscall.Errno { return toErrno(f.dev.Sync()) }

// Allocate is fallocate(2) of the device: the loop driver's discards and
// WRITE_ZEROES arrive here and zero the range.
func (f *diskFile) Allocate(ctx context.Context, off, size uint64, mode uint32) syscall.Errno {
	if off > 1<<62 || size > 1<<62 {
		return syscall.EINVAL
	}
	err := f.dev.Fallocate(mode, int64(off), int64(size))
	if err == nil && mode&(fallocZeroRange|fallocPunchHole) != 0 {
		f.wrote.Store(true)
	}
	return toErrno(err)
}

// Release closes the device in the simulated kernel. A close of the whole
// disk after writing to it re-reads the partition table, as udev does on
// such a close, so that partitions sfdisk or fdisk wrote (through
// a loop device, too: losetup -d closes it) appear as files. The file
// counts as closed for WaitClosed only once the re-read is done.
func (f *diskFile) Release(ctx context.Context) syscall.Errno {
	defer f.files.released()
	err := f.dev.Close()
	if f.whole && f.writable && f.wrote.Load() {
		if err := f.m.Reread(); err != nil {
			f.m.logf("re-read of %s's partition table after a write: %v", f.m.Disk.DiskName, err)
		}
	}
	return toErrno(err)
}

// toErrno is the errno FUSE answers with for an error of the simulated
// kernel: its own number (the simulator's table has Linux's numbers), or
// EIO for an error that carries none.
func toErrno(err error) syscall.Errno {
	if err == nil || err == io.EOF {
		return 0
	}
	var e errno.Errno
	if errors.As(err, &e) && e > 0 {
		return syscall.Errno(e)
	}
	return syscall.EIO
}
