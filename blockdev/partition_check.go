package blockdev

import (
	"simpblkdev/blockdev/mm"
	"simpblkdev/blockdev/partitions"
)

// The partition side of fs/partitions/check.c (2.6.18): the scan at
// add_disk and at ioctl(BLKRRPART), and the partitions it adds and deletes.
// The table itself is parsed by package partitions.

// registerDiskPartitions is the part of register_disk() (fs/partitions/
// check.c, 2.6.18) that scans the new disk: nothing for a disk of one minor
// or of no capacity; else open the whole disk (which opens it in the
// driver, as blkdev_get does), rescan, and close it again. The scan reads
// through the disk's page cache and the last close drops those pages.
func registerDiskPartitions(disk *Gendisk) {
	if disk.Minors == 1 || GetCapacity(disk) == 0 {
		return
	}
	k := disk.k
	whole, err := k.BlkdevGet(MKDEV(disk.Major, disk.FirstMinor))
	if err != 0 {
		return
	}
	whole.mu.Lock()
	rescanPartitions(disk, whole)
	whole.mu.Unlock()
	BlkdevPut(whole)
}

// rescanPartitions models rescan_partitions() (fs/partitions/check.c,
// 2.6.18), called with the whole disk open and its mu held (bd_mutex):
// -EBUSY while a partition is open (bd_part_count); else write back and
// drop the whole disk's clean cached pages (invalidate_partition: the
// partitions, all closed, have no cache left), delete every partition,
// read the table and add what it holds. A partition reaching past the end
// of the disk is logged and added all the same, as 2.6.18 does: I/O
// through it is still refused beyond the disk by generic_make_request.
func rescanPartitions(disk *Gendisk, whole *BlockDevice) Errno {
	if whole.partCount > 0 {
		return -EBUSY
	}
	whole.cache.sync()
	whole.cache.truncate()
	for _, p := range disk.Partitions() {
		deletePartition(disk, p)
	}
	capacity := GetCapacity(disk)
	if capacity == 0 {
		return 0
	}
	k := disk.k
	parts, line := partitions.CheckPartition(disk.DiskName, disk.Minors, diskSectors{whole})
	k.Printk(KERN_INFO+"%s", line)
	for _, p := range parts {
		if msg := partitions.ExceedsCapacity(disk.DiskName, p, capacity); msg != "" {
			k.Printk("%s", msg)
		}
		addPartition(disk, p.N, p.From, p.Size)
	}
	return 0
}

// addPartition models add_partition() (fs/partitions/check.c, 2.6.18):
// partition n of disk, with its sysfs directory and, through udev, its
// /dev node.
func addPartition(disk *Gendisk, n int, start, size uint64) {
	p := &HdStruct{Partno: n, StartSect: start, NrSects: size}
	disk.partMu.Lock()
	for len(disk.part) < n {
		disk.part = append(disk.part, nil)
	}
	disk.part[n-1] = p
	disk.partMu.Unlock()
	disk.k.devAdd(partName(disk.DiskName, n), MKDEV(disk.Major, disk.FirstMinor+n))
}

// deletePartition models delete_partition() (fs/partitions/check.c,
// 2.6.18): the partition, its sysfs directory and its /dev node go.
func deletePartition(disk *Gendisk, p *HdStruct) {
	disk.partMu.Lock()
	disk.part[p.Partno-1] = nil
	disk.partMu.Unlock()
	disk.k.devRemove(partName(disk.DiskName, p.Partno), MKDEV(disk.Major, disk.FirstMinor+p.Partno))
}

// diskSectors is the whole disk as package partitions reads it:
// read_dev_sector() (fs/partitions/check.c), one page of the disk's page
// cache read with readpage alone (read_mapping_page, no read-ahead).
type diskSectors struct{ whole *BlockDevice }

// ReadSector returns a copy of sector n, or false past the end of the disk
// or when the page cannot be read.
func (d diskSectors) ReadSector(n uint64) ([]byte, bool) {
	pc := d.whole.cache
	if n >= d.whole.sizeSectors() {
		return nil, false
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	cp, err := pc.lockUptodatePage(n/(mm.PAGE_SIZE>>9), 0)
	if err != 0 {
		return nil, false
	}
	off := int(n%(mm.PAGE_SIZE>>9)) << 9
	sector := make([]byte, partitions.SectorSize)
	pc.mu.Unlock()
	copy(sector, pc.k.Mem.PageAddress(cp.page, 0)[off:])
	pc.mu.Lock()
	pc.unlockPage(cp)
	pc.pageCacheRelease(cp)
	return sector, true
}
