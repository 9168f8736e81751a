package blockdev

import (
	"fmt"
	"sync"

	"simpblkdev/blockdev/fault"
)

// COMPAQ_SMART2_MAJOR is the major number chapter 1 borrows
// (include/linux/major.h).
const COMPAQ_SMART2_MAJOR = 72

// HdGeometry models struct hd_geometry (include/linux/hdreg.h), with its C
// field widths: a u8 of heads, a u8 of sectors, a u16 of cylinders.
type HdGeometry struct {
	Heads     uint8
	Sectors   uint8
	Cylinders uint16
	Start     uint64
}

// BlockDeviceOperations models struct block_device_operations
// (include/linux/blkdev.h, 2.6.27). Owner is THIS_MODULE: opening the disk
// holds a reference on it, which is what lsmod's "Used by" counts.
type BlockDeviceOperations struct {
	Owner   *Module
	Open    func(bdev *BlockDevice) Errno
	Release func(disk *Gendisk) Errno
	Ioctl   func(bdev *BlockDevice, cmd uint, arg uint64) Errno
	Getgeo  func(bdev *BlockDevice, geo *HdGeometry) Errno
}

// HdStruct models struct hd_struct (include/linux/genhd.h, 2.6.18): one
// partition of a disk. A rescan replaces partitions rather than changing
// them, so Partno, StartSect and NrSects never change; stats change under
// the disk's queue lock.
type HdStruct struct {
	Partno    int
	StartSect uint64
	NrSects   uint64
	stats     partStats
}

// partStats models the counters 2.6.18 keeps per partition (hd_struct's
// ios[2] and sectors[2]): bios and sectors remapped through it, by
// direction. They are what /sys/block/<disk>/<disk>N/stat prints, and the
// four numbers of the partition's /proc/diskstats line.
type partStats struct {
	ios     [2]uint64
	sectors [2]uint64
}

// diskStats models struct disk_stats plus in_flight: /sys/block/<d>/stat.
type diskStats struct {
	ios      [2]uint64
	merges   [2]uint64
	sectors  [2]uint64
	ticks    [2]uint64
	inFlight int
}

// Gendisk models struct gendisk (include/linux/genhd.h).
type Gendisk struct {
	Major       int
	FirstMinor  int
	Minors      int
	DiskName    string
	Fops        *BlockDeviceOperations
	Queue       *RequestQueue
	PrivateData any

	k        *Kernel
	capacity uint64      // sectors
	partMu   sync.Mutex  // part: a leaf lock
	part     []*HdStruct // part[n-1] is partition n, or nil
	added    bool
	refs     int
	stats    diskStats
	bdevs    map[int]*BlockDevice // by partition number, 0 = whole disk
}

// AllocDisk models alloc_disk(minors) (block/genhd.c): an empty disk with
// room for minors-1 partitions. It returns nil when the allocation fails.
func (k *Kernel) AllocDisk(minors int) *Gendisk {
	if minors < 1 || k.Fault.ShouldFail(fault.Disk) {
		return nil
	}
	k.mu.Lock()
	k.gendisks++
	k.mu.Unlock()
	return &Gendisk{k: k, Minors: minors, refs: 1, bdevs: map[int]*BlockDevice{}}
}

// GendisksAllocated returns how many gendisks alloc_disk made that put_disk
// has not yet freed. A machine with no module loaded should have none: a
// driver whose error path forgets put_disk leaks one.
func (k *Kernel) GendisksAllocated() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.gendisks
}

// SetCapacity models set_capacity(): the disk's size in 512-byte sectors.
func SetCapacity(disk *Gendisk, sectors uint64) { disk.capacity = sectors }

// GetCapacity models get_capacity().
func GetCapacity(disk *Gendisk) uint64 { return disk.capacity }

// AddDisk models add_disk() (block/genhd.c, 2.6.18): the disk goes live.
// Its device number is registered, udev makes /dev/<disk_name>, sysfs shows
// /sys/block/<disk_name>; a disk of more than one minor has its partition
// table read (register_disk), each partition getting its node and its
// directory; then the queue is registered (queue/ in sysfs when it is
// request-based).
func AddDisk(disk *Gendisk) {
	k := disk.k
	if err := k.registerDisk(disk); err != nil {
		k.Printk(KERN_ERR+"%v\n", err)
		return
	}
	disk.added = true
	k.devAdd(disk.DiskName, MKDEV(disk.Major, disk.FirstMinor))
	registerDiskPartitions(disk)
	if q := disk.Queue; q != nil && q.RequestFn != nil {
		q.registered = true // blk_register_queue()
	}
}

// DelGendisk models del_gendisk(): the partitions, the device nodes and the
// sysfs directory go away, and the device number is free again.
func DelGendisk(disk *Gendisk) {
	if !disk.added {
		return
	}
	k := disk.k
	k.unregisterDisk(disk)
	for _, p := range disk.Partitions() {
		deletePartition(disk, p)
	}
	k.devRemove(disk.DiskName, MKDEV(disk.Major, disk.FirstMinor))
	k.mu.Lock()
	for _, b := range disk.bdevs {
		if b.cache != nil {
			k.unregisterCache(b.cache)
		}
	}
	k.mu.Unlock()
	disk.added = false
	if q := disk.Queue; q != nil {
		q.registered = false
	}
}

// PutDisk models put_disk() (block/genhd.c): drop the reference alloc_disk
// gave; the last one frees the disk. Putting a disk that is already freed is
// a use after free in C; here it is reported and changes nothing.
func PutDisk(disk *Gendisk) {
	if disk == nil {
		return
	}
	k := disk.k
	k.mu.Lock()
	freed := disk.refs == 0
	if !freed {
		disk.refs--
		if disk.refs == 0 {
			k.gendisks--
		}
	}
	k.mu.Unlock()
	if freed {
		k.Printk(KERN_ERR+"BUG: put_disk of %s, which is already freed\n", disk.DiskName)
	}
}

// partName models disk_name(): "<disk><n>", or "<disk>p<n>" when the disk's
// name ends in a digit.
func partName(disk string, n int) string {
	if n == 0 {
		return disk
	}
	if c := disk[len(disk)-1]; c >= '0' && c <= '9' {
		return fmt.Sprintf("%sp%d", disk, n)
	}
	return fmt.Sprintf("%s%d", disk, n)
}

// Part returns partition n (1-based), or nil.
func (disk *Gendisk) Part(n int) *HdStruct {
	disk.partMu.Lock()
	defer disk.partMu.Unlock()
	if n < 1 || n > len(disk.part) {
		return nil
	}
	return disk.part[n-1]
}

// Partitions returns the disk's partitions in order.
func (disk *Gendisk) Partitions() []*HdStruct {
	disk.partMu.Lock()
	defer disk.partMu.Unlock()
	var ps []*HdStruct
	for _, p := range disk.part {
		if p != nil && p.NrSects > 0 {
			ps = append(ps, p)
		}
	}
	return ps
}
