package serve

import (
	"io"
	"sync"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/errno"
)

// sectorSize is the unit of O_DIRECT I/O on the simulated disks: their
// queues keep the default hardsect size of 512 bytes.
const sectorSize = 512

// Device is one block device of the simulated kernel, the whole disk or a
// partition, opened as a program opens it with O_DIRECT. Its ReadAt and
// WriteAt take any offset and length, as pread(2) and pwrite(2) of a block
// device do: a partial sector at either end is read whole, and written by
// read-modify-write of the sectors that cover it. Errors are the positive
// errnos the simulated system calls return.
type Device struct {
	Name  string
	bdev  *blockdev.BlockDevice
	stats *Stats

	// rmw orders a read-modify-write against other I/O: aligned requests
	// share it and a partial one holds it alone, so that two partial
	// writes to one sector cannot lose each other's bytes.
	rmw sync.RWMutex
}

// Size is the device's size in bytes.
func (d *Device) Size() int64 { return d.bdev.Size() }

// ReadAt reads from off: a short read at the end of the device, 0 and
// io.EOF at or past it. A bio the driver fails is the read's error (EIO),
// with the bytes before it.
func (d *Device) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errno.EINVAL
	}
	size := d.Size()
	if off >= size {
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	p = p[:min(int64(len(p)), size-off)]
	n, err := d.readAt(p, off)
	d.stats.countRead(n, err)
	return n, err
}

func (d *Device) readAt(p []byte, off int64) (int, error) {
	start, end := coveringSectors(off, len(p))
	if start == off && end == off+int64(len(p)) {
		d.rmw.RLock()
		defer d.rmw.RUnlock()
		return d.bdev.ReadDirect(p, off)
	}
	buf := make([]byte, end-start)
	d.rmw.RLock()
	n, err := d.bdev.ReadDirect(buf, start)
	d.rmw.RUnlock()
	skip := int(off - start)
	if n <= skip {
		return 0, err
	}
	return copy(p, buf[skip:n]), err
}

// WriteAt writes at off: a short write at the end of the device, ENOSPC
// at or past it.
func (d *Device) WriteAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errno.EINVAL
	}
	if len(p) == 0 {
		return 0, nil
	}
	size := d.Size()
	if off >= size {
		return 0, errno.ENOSPC
	}
	p = p[:min(int64(len(p)), size-off)]
	n, err := d.writeAt(p, off)
	d.stats.countWrite(n, err)
	return n, err
}

func (d *Device) writeAt(p []byte, off int64) (int, error) {
	start, end := coveringSectors(off, len(p))
	if start == off && end == off+int64(len(p)) {
		d.rmw.RLock()
		defer d.rmw.RUnlock()
		return d.bdev.WriteDirect(p, off)
	}
	d.rmw.Lock()
	defer d.rmw.Unlock()
	buf := make([]byte, end-start)
	if _, err := d.bdev.ReadDirect(buf, start); err != nil {
		return 0, err
	}
	skip := int(off - start)
	copy(buf[skip:], p)
	n, err := d.bdev.WriteDirect(buf, start)
	return min(max(n-skip, 0), len(p)), err
}

// Sync is fsync(2) of the device. The direct writes left nothing in the
// simulated page cache, so this is the kernel's sync with nothing to do
// unless a program inside the machine wrote through the cache.
func (d *Device) Sync() error { return d.bdev.Sync() }

// Close closes the device (blkdev_put).
func (d *Device) Close() error { return d.bdev.Close() }

// coveringSectors is the sector-aligned range [start, end) that covers n
// bytes at off.
func coveringSectors(off int64, n int) (start, end int64) {
	start = off &^ (sectorSize - 1)
	end = (off + int64(n) + sectorSize - 1) &^ (sectorSize - 1)
	return start, end
}
