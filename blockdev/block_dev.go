package blockdev

import (
	"fmt"
	"sync"
)

// DevT models dev_t (include/linux/kdev_t.h): MKDEV(major, minor).
type DevT uint32

// MKDEV models MKDEV().
func MKDEV(major, minor int) DevT { return DevT(major<<20 | minor) }

// Major and Minor model MAJOR() and MINOR().
func (d DevT) Major() int { return int(d >> 20) }
func (d DevT) Minor() int { return int(d & (1<<20 - 1)) }

// BlockDevice models struct block_device (include/linux/fs.h): a disk or a
// partition as the rest of the kernel opens it.
type BlockDevice struct {
	BdDev      DevT
	BdDisk     *Gendisk
	BdContains *BlockDevice // the whole disk (itself for a whole disk)
	BdPartno   int

	mu        sync.Mutex
	openers   int
	partCount int       // bd_part_count: opens of the disk's partitions, on the whole disk
	bdPart    *HdStruct // bd_part: the partition, set at its first open
	startSect uint64
	nrSects   uint64
	cache     *pageCache
}

// Name models bdevname(): "simp_blkdev", "simp_blkdev1".
func (b *BlockDevice) Name() string { return partName(b.BdDisk.DiskName, b.BdPartno) }

// sizeSectors is the size generic_make_request checks bios against
// (bd_inode->i_size >> 9).
func (b *BlockDevice) sizeSectors() uint64 {
	if b.BdPartno == 0 {
		return GetCapacity(b.BdDisk)
	}
	return b.nrSects
}

// Size returns the device's size in bytes.
func (b *BlockDevice) Size() int64 { return int64(b.sizeSectors()) << 9 }

// StartSect returns where a partition starts on its disk (0 for a disk).
func (b *BlockDevice) StartSect() uint64 { return b.startSect }

// bdget models bdget_disk(): the block_device for partition n of disk.
func (disk *Gendisk) bdget(n int) *BlockDevice {
	k := disk.k
	k.mu.Lock()
	defer k.mu.Unlock()
	if b, ok := disk.bdevs[n]; ok {
		return b
	}
	b := &BlockDevice{BdDev: MKDEV(disk.Major, disk.FirstMinor+n), BdDisk: disk, BdPartno: n}
	if n == 0 {
		b.BdContains = b
	}
	disk.bdevs[n] = b
	return b
}

// BlkdevGet models blkdev_get()/do_open() (fs/block_dev.c, 2.6.27): open the
// device numbered dev. The first open of a block device takes a reference on
// the driver's module (try_module_get(fops->owner)), which is what makes
// rmmod refuse while a disk is open or mounted; opening a partition opens
// the whole disk as well, and every open of a partition is counted on the
// whole disk (bd_part_count), under its mu, where a rescan looks. It fails
// with -ENXIO for a number no disk or partition answers for, or with what
// the driver's open returned.
func (k *Kernel) BlkdevGet(dev DevT) (*BlockDevice, Errno) {
	disk, part := k.getGendisk(dev)
	if disk == nil {
		return nil, -ENXIO
	}
	owner := disk.Fops.Owner
	if !owner.tryGet() {
		return nil, -ENXIO
	}
	b := disk.bdget(part)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.openers > 0 {
		owner.put()
		if b.BdPartno == 0 && disk.Fops.Open != nil {
			if err := k.fopsOpen(disk, b); err != 0 {
				return nil, err
			}
		}
		if b.BdPartno != 0 {
			b.BdContains.mu.Lock()
			b.BdContains.partCount++
			b.BdContains.mu.Unlock()
		}
		b.openers++
		return b, 0
	}
	if part == 0 {
		if disk.Fops.Open != nil {
			if err := k.fopsOpen(disk, b); err != 0 {
				owner.put()
				return nil, err
			}
		}
	} else {
		whole, err := k.BlkdevGet(MKDEV(disk.Major, disk.FirstMinor))
		if err != 0 {
			owner.put()
			return nil, err
		}
		whole.mu.Lock()
		p := disk.Part(part)
		if p == nil || p.NrSects == 0 {
			whole.mu.Unlock()
			BlkdevPut(whole)
			owner.put()
			return nil, -ENXIO
		}
		whole.partCount++
		whole.mu.Unlock()
		b.BdContains, b.bdPart = whole, p
		b.startSect, b.nrSects = p.StartSect, p.NrSects
	}
	if b.cache == nil {
		b.cache = newPageCache(k, b)
	}
	b.openers++
	return b, 0
}

// BlkdevPut models blkdev_put() (fs/block_dev.c, 2.6.27): the last close
// writes back and drops the device's cached pages (sync_blockdev +
// kill_bdev) and gives back the module reference the first open took. It
// returns the write-back's error (negative) so that close(2) and umount can
// report it; 2.6.27's __blkdev_put ignores sync_blockdev's result. Pages
// whose write-back failed stay dirty in the cache, so nothing written is
// lost. Putting a device that is not open is -EBADF.
func BlkdevPut(b *BlockDevice) Errno {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.openers == 0 {
		return -EBADF
	}
	var werr Errno
	if b.openers == 1 {
		werr = b.cache.sync()
		b.cache.truncate()
	}
	b.openers--
	disk := b.BdDisk
	if b.BdContains == b && disk.Fops.Release != nil {
		disk.k.callDriver(disk.Fops.Release, func() { disk.Fops.Release(disk) })
	}
	if b.BdContains != b {
		b.BdContains.mu.Lock()
		b.BdContains.partCount--
		b.BdContains.mu.Unlock()
	}
	if b.openers == 0 {
		disk.Fops.Owner.put()
		if b.BdContains != b {
			whole := b.BdContains
			b.mu.Unlock()
			BlkdevPut(whole)
			b.mu.Lock()
		}
	}
	return werr
}

// registerDisk models blk_register_region() + register_disk(): the disk
// answers for its device numbers and its name.
func (k *Kernel) registerDisk(disk *Gendisk) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, d := range k.disks {
		if d.DiskName == disk.DiskName {
			return fmt.Errorf("kobject_add failed for %s with -EEXIST, don't try to register things with the same name in the same directory", disk.DiskName)
		}
	}
	k.disks = append(k.disks, disk)
	return nil
}

// unregisterDisk models blk_unregister_region() + unlink_gendisk().
func (k *Kernel) unregisterDisk(disk *Gendisk) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for i, d := range k.disks {
		if d == disk {
			k.disks = append(k.disks[:i], k.disks[i+1:]...)
			break
		}
	}
}

// getGendisk models get_gendisk(): which disk, and which partition of it,
// answers for dev.
func (k *Kernel) getGendisk(dev DevT) (*Gendisk, int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, d := range k.disks {
		if dev.Major() != d.Major {
			continue
		}
		n := dev.Minor() - d.FirstMinor
		if n >= 0 && n < d.Minors {
			return d, n
		}
	}
	return nil, 0
}

// Disks returns the live disks in the order they were added.
func (k *Kernel) Disks() []*Gendisk {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]*Gendisk(nil), k.disks...)
}

// disksWithQueue returns the disks that use q.
func (k *Kernel) disksWithQueue(q *RequestQueue) []*Gendisk {
	var ds []*Gendisk
	for _, d := range k.Disks() {
		if d.Queue == q {
			ds = append(ds, d)
		}
	}
	return ds
}
