package blockdev

// The block layer's ioctl numbers (include/linux/fs.h, include/linux/hdreg.h)
// with their i386 values, where size_t, which _IOR(0x12,114,size_t) uses for
// BLKGETSIZE64 in spite of the u64 it fills, is 4 bytes wide.
const (
	HDIO_GETGEO  uint = 0x0301     // get device geometry: *HdGeometry
	BLKRRPART    uint = 0x125f     // re-read the partition table
	BLKGETSIZE   uint = 0x1260     // size in 512-byte sectors: *uint64 (an unsigned long)
	BLKFLSBUF    uint = 0x1261     // flush the buffer cache
	BLKSSZGET    uint = 0x1268     // logical sector size: *int
	BLKGETSIZE64 uint = 0x80041272 // size in bytes: *uint64
)

// hardsectSize is bdev_hardsect_size(): the queues here keep the default
// of 512 bytes (blk_queue_hardsect_size is never called).
const hardsectSize = 512

// blkdevIoctl models blkdev_ioctl() and blkdev_locked_ioctl()
// (block/ioctl.c, 2.6.27). arg is what the user's pointer points at; a
// pointer of the wrong type is a bad address (-EFAULT), as copy_to_user of
// a bad pointer is. A command the block layer does not know goes to the
// driver's ioctl (with arg an uint64, or nil for 0), or fails with -ENOTTY.
func blkdevIoctl(b *BlockDevice, cmd uint, arg any) Errno {
	disk := b.BdDisk
	switch cmd {
	case BLKSSZGET:
		p, ok := arg.(*int)
		if !ok || p == nil {
			return -EFAULT
		}
		*p = hardsectSize
		return 0
	case BLKGETSIZE:
		p, ok := arg.(*uint64)
		if !ok || p == nil {
			return -EFAULT
		}
		if uint64(b.sizeSectors()) > b.BdDisk.k.maxULong() {
			return -EFBIG
		}
		*p = b.sizeSectors()
		return 0
	case BLKGETSIZE64:
		p, ok := arg.(*uint64)
		if !ok || p == nil {
			return -EFAULT
		}
		*p = uint64(b.Size())
		return 0
	case HDIO_GETGEO:
		if arg == nil {
			return -EINVAL
		}
		p, ok := arg.(*HdGeometry)
		if !ok || p == nil {
			return -EFAULT
		}
		if disk.Fops == nil || disk.Fops.Getgeo == nil {
			return -ENOTTY
		}
		geo := HdGeometry{Start: b.StartSect()}
		var ret Errno
		if oops := disk.k.callDriver(disk.Fops.Getgeo, func() { ret = disk.Fops.Getgeo(b, &geo) }); oops != nil {
			disk.k.killCaller(oops) // the caller never sees the -EFAULT
			return -EFAULT
		}
		if ret != 0 {
			return ret
		}
		*p = geo
		return 0
	case BLKFLSBUF:
		// fsync_bdev + invalidate_bdev: write back, then drop the clean
		// pages; fsync_bdev's error is not reported.
		b.cache.sync()
		b.cache.truncate()
		return 0
	case BLKRRPART:
		return blkdevRereadPart(b)
	case BLKTRACESETUP, BLKTRACESTART, BLKTRACESTOP, BLKTRACETEARDOWN:
		return blkTraceIoctl(b, cmd, arg)
	}
	if disk.Fops != nil && disk.Fops.Ioctl != nil {
		var v uint64
		switch a := arg.(type) {
		case nil:
		case uint64:
			v = a
		default:
			return -EFAULT
		}
		var ret Errno
		if oops := disk.k.callDriver(disk.Fops.Ioctl, func() { ret = disk.Fops.Ioctl(b, cmd, v) }); oops != nil {
			disk.k.killCaller(oops)
			return -EFAULT
		}
		return ret
	}
	return -ENOTTY
}

// blkdevRereadPart models blkdev_reread_part() (block/ioctl.c, 2.6.18):
// only the whole disk of a disk with more than one minor has partitions to
// re-read (-EINVAL otherwise); the whole disk's mu (bd_mutex) is only tried,
// so a concurrent open or close makes it -EBUSY, as mutex_trylock does;
// then rescan_partitions, which is -EBUSY while a partition is open.
func blkdevRereadPart(b *BlockDevice) Errno {
	disk := b.BdDisk
	if disk.Minors == 1 || b.BdContains != b {
		return -EINVAL
	}
	if !b.mu.TryLock() {
		return -EBUSY
	}
	defer b.mu.Unlock()
	return rescanPartitions(disk, b)
}

// maxULong is ~0UL of the simulated machine: 32 bits on i386.
func (k *Kernel) maxULong() uint64 {
	if k.Mem.Preset().AddrWidth == 8 {
		return 1<<32 - 1
	}
	return 1<<64 - 1
}
