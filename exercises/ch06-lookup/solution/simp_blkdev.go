// Exercise ch06-lookup (README.md): chapter 6's driver with the heart of
// its copy loop cut out. Split each bio_vec at the disk's page boundaries,
// find each piece's page in the radix tree, and its place in the page.
package solution

import (
	"simpblkdev/blockdev"
	"simpblkdev/blockdev/mm"
)

// #define SIMP_BLKDEV_DEVICEMAJOR COMPAQ_SMART2_MAJOR: chapter 1 borrows the
// major number of a device nobody uses ("抢别人的设备号").
const simpBlkdevDevicemajor = blockdev.COMPAQ_SMART2_MAJOR

// #define SIMP_BLKDEV_DISKNAME "simp_blkdev"
const simpBlkdevDiskname = "simp_blkdev"

// #define SIMP_BLKDEV_BYTES (16*1024*1024)
const simpBlkdevBytes = 16 * 1024 * 1024

// usable partitions is SIMP_BLKDEV_MAXPARTITIONS - 1
// #define SIMP_BLKDEV_MAXPARTITIONS (64)
const simpBlkdevMaxpartitions = 64

// textSize is the module's code and initialised data: lsmod on chapter 1's
// RHEL5 box showed 16784008 bytes, the 16 MiB array plus 6792. With the
// array gone that is all the core holds ("看出区别了没?"); the code this
// chapter adds is not counted, so that the sessions of neighbouring
// chapters differ only where the chapter's change does.
const textSize = 6792

// simpBlkdev holds what the chapter's C declares static. A real module gets
// fresh .data and .bss at every insmod; so does each load here.
type simpBlkdev struct {
	k          *blockdev.Kernel
	thisModule *blockdev.Module // THIS_MODULE

	simpBlkdevQueue *blockdev.RequestQueue         // static struct request_queue *simp_blkdev_queue;
	simpBlkdevDisk  *blockdev.Gendisk              // static struct gendisk *simp_blkdev_disk;
	simpBlkdevFops  blockdev.BlockDeviceOperations // struct block_device_operations simp_blkdev_fops
	// static struct radix_tree_root simp_blkdev_data: "然后引入它的替代者
	// --一个基树结构". Its items are the pages' kernel addresses, the
	// unsigned long __get_free_page returns, as the C's void *.
	simpBlkdevData blockdev.RadixTreeRoot
}

// Module is simp_blkdev.ko as chapter 6 builds it. The chapter's source has
// no MODULE_LICENSE, so loading it taints the kernel, as it did then.
var Module = &blockdev.ModuleInfo{
	Name:     "simp_blkdev",
	CoreSize: textSize,
	Imports: []string{"blk_alloc_queue", "blk_queue_make_request", "alloc_disk", "add_disk",
		"printk", "kmap", "kunmap", "bio_endio",
		"del_gendisk", "put_disk", "blk_cleanup_queue",
		"__get_free_pages", "free_pages", "radix_tree_insert", "radix_tree_lookup", "radix_tree_delete"},
	Symbols: []string{"b simp_blkdev_queue", "b simp_blkdev_disk",
		"d simp_blkdev_fops", "t simp_blkdev_init", "t simp_blkdev_exit",
		"b simp_blkdev_data", "t simp_blkdev_make_request", "t simp_blkdev_getgeo",
		"t free_diskmem", "t alloc_diskmem", "d __this_module"},
	New: func(k *blockdev.Kernel, this *blockdev.Module) blockdev.ModuleCode {
		d := &simpBlkdev{k: k, thisModule: this}
		d.simpBlkdevFops = blockdev.BlockDeviceOperations{
			Owner:  d.thisModule,
			Getgeo: d.simpBlkdevGetgeo,
		}
		return d
	},
}

// simpBlkdevMakeRequest is simp_blkdev_make_request() as the chapter
// rewrites it ("最麻烦的放在最后"). dsk_offset is the disk offset of the
// bio_vec being copied; inside it count_done counts the bytes done, and
// each round copies count_current bytes, as many as are left or as fit
// before the end of the disk's page the offset is in:
//
//	count_current = min(bvec->bv_len - count_done,
//	        (unsigned int)(PAGE_SIZE - ((dsk_offset + count_done) & ~PAGE_MASK)));
//
// A bio_vec holds at most a page, so it touches at most two of the disk's
// pages, but the loop takes any number ("我们让代码支持2个以上页面的情况").
// A page missing from the tree is logged as "search memory failed" and ends
// the bio with -EIO; with alloc_diskmem's full tree it cannot happen.
//
// bio_endio changed in 2.6.24; the chapter keeps both forms behind
// "#if LINUX_VERSION_CODE < KERNEL_VERSION(2, 6, 24)", and so does the Go:
// the box runs 2.6.18, so the first branch runs.
func (d *simpBlkdev) simpBlkdevMakeRequest(q *blockdev.RequestQueue, bio *blockdev.Bio) int {
	var dskOffset uint64 // unsigned long long dsk_offset;

	if (bio.BiSector<<9)+uint64(bio.BiSize) > simpBlkdevBytes {
		d.k.Printk(blockdev.KERN_ERR+simpBlkdevDiskname+
			": bad request: block=%d, count=%d\n",
			bio.BiSector, bio.BiSize)
		if blockdev.LINUX_VERSION_CODE < blockdev.KERNEL_VERSION(2, 6, 24) {
			blockdev.BioEndioPre2624(bio, 0, -blockdev.EIO)
		} else {
			blockdev.BioEndio(bio, -blockdev.EIO)
		}
		return 0
	}

	dskOffset = bio.BiSector << 9

	for _, bvec := range blockdev.BioSegments(bio) {
		var countDone, countCurrent uint32 // unsigned int count_done, count_current;
		var iovecMem []byte                // void *iovec_mem;
		var dskMem uint64                  // void *dsk_mem;

		iovecMem = d.k.Mem.Kmap(bvec.BvPage)[bvec.BvOffset:]

		countDone = 0
		for countDone < bvec.BvLen {
			// TODO 1/3: count_current: the bytes left, or those that fit before the end of the disk's page
			countCurrent = min(bvec.BvLen-countDone,
				uint32(mm.PAGE_SIZE-
					((dskOffset+uint64(countDone)) & ^mm.PAGE_MASK)))
			// END TODO 1

			// TODO 2/3: dsk_mem: the page of the disk that holds dsk_offset + count_done, from the tree
			dskMem, _ = blockdev.RadixTreeLookup(&d.simpBlkdevData,
				(dskOffset+uint64(countDone))>>mm.PAGE_SHIFT).(uint64)
			// END TODO 2
			if dskMem == 0 {
				d.k.Printk(blockdev.KERN_ERR+simpBlkdevDiskname+
					": search memory failed: %d\n",
					(dskOffset+uint64(countDone))>>
						mm.PAGE_SHIFT)
				d.k.Mem.Kunmap(bvec.BvPage)
				if blockdev.LINUX_VERSION_CODE < blockdev.KERNEL_VERSION(2, 6, 24) {
					blockdev.BioEndioPre2624(bio, 0, -blockdev.EIO)
				} else {
					blockdev.BioEndio(bio, -blockdev.EIO)
				}
				return 0
			}
			// TODO 3/3: the place of dsk_offset + count_done inside that page
			dskMem += (dskOffset + uint64(countDone)) & ^mm.PAGE_MASK
			// END TODO 3

			switch blockdev.BioRw(bio) {
			case blockdev.READ, blockdev.READA:
				// memcpy(iovec_mem + count_done, dsk_mem, count_current);
				d.k.MemcpyFromAddr(iovecMem[countDone:][:countCurrent], dskMem)
			case blockdev.WRITE:
				// memcpy(dsk_mem, iovec_mem + count_done, count_current);
				d.k.MemcpyToAddr(dskMem, iovecMem[countDone:][:countCurrent])
			default:
				d.k.Printk(blockdev.KERN_ERR+simpBlkdevDiskname+
					": unknown value of bio_rw: %d\n",
					blockdev.BioRw(bio))
				d.k.Mem.Kunmap(bvec.BvPage)
				if blockdev.LINUX_VERSION_CODE < blockdev.KERNEL_VERSION(2, 6, 24) {
					blockdev.BioEndioPre2624(bio, 0, -blockdev.EIO)
				} else {
					blockdev.BioEndio(bio, -blockdev.EIO)
				}
				return 0
			}
			countDone += countCurrent
		}

		d.k.Mem.Kunmap(bvec.BvPage)
		dskOffset += uint64(bvec.BvLen)
	}

	if blockdev.LINUX_VERSION_CODE < blockdev.KERNEL_VERSION(2, 6, 24) {
		blockdev.BioEndioPre2624(bio, bio.BiSize, 0)
	} else {
		blockdev.BioEndio(bio, 0)
	}

	return 0
}

// simpBlkdevGetgeo is simp_blkdev_getgeo(), the .getgeo of
// simp_blkdev_fops: the kernel calls it for ioctl(HDIO_GETGEO), with
// geo->start already set to the partition's start. Its body is
// simpBlkdevGetgeoBytes with the disk's size, the C's SIMP_BLKDEV_BYTES.
func (d *simpBlkdev) simpBlkdevGetgeo(bdev *blockdev.BlockDevice, geo *blockdev.HdGeometry) blockdev.Errno {
	return simpBlkdevGetgeoBytes(simpBlkdevBytes, geo)
}

// simpBlkdevGetgeoBytes is the body of simp_blkdev_getgeo(), with
// SIMP_BLKDEV_BYTES as a parameter, so that its four bands can be tested at
// any size without a disk of that size (the step's disk is fixed at
// 16 MiB). It chooses the heads and sectors a track from the capacity, "以使
// 磁道数尽可能多", and then the cylinders, as the chapter writes them:
//
//	geo->cylinders = SIMP_BLKDEV_BYTES>>9/geo->heads/geo->sectors;
//
// C binds / tighter than >>, so that line is BYTES >> (9/heads/sectors):
// 9/1/1 is 9 in the first band, which happens to give the sector count
// (right, for 1 head and 1 sector a track); in the three others 9/heads/
// sectors is 0, so the bytes themselves are stored, cut to the 16 bits of
// hd_geometry.cylinders: 0 for the 16 MiB disk. The Go below spells out the
// precedence C applies; the chapter's table meant (BYTES>>9)/heads/sectors,
// which docs/ch05-getgeo.md leaves as an exercise. User space does not
// notice: fdisk and sfdisk compute the cylinders from the size themselves
// ("会舍弃hd_geometry.cylinders内容"); hdparm -g prints them.
func simpBlkdevGetgeoBytes(simpBlkdevBytes uint64, geo *blockdev.HdGeometry) blockdev.Errno {
	/*
	 * capacity        heads       sectors     cylinders
	 * 0~16M           1           1           0~32768
	 * 16M~512M        1           32          1024~32768
	 * 512M~16G        32          32          1024~32768
	 * 16G~...         255         63          2088~...
	 */
	if simpBlkdevBytes < 16*1024*1024 {
		geo.Heads = 1
		geo.Sectors = 1
	} else if simpBlkdevBytes < 512*1024*1024 {
		geo.Heads = 1
		geo.Sectors = 32
	} else if simpBlkdevBytes < 16*1024*1024*1024 {
		geo.Heads = 32
		geo.Sectors = 32
	} else {
		geo.Heads = 255
		geo.Sectors = 63
	}

	// SIMP_BLKDEV_BYTES>>9/geo->heads/geo->sectors, as C parses it; the
	// uint16 conversion is the assignment to the unsigned short.
	geo.Cylinders = uint16(simpBlkdevBytes >> (9 / uint64(geo.Heads) / uint64(geo.Sectors)))

	return 0
}

// freeDiskmem is free_diskmem(): look every index up, delete it from the
// tree and free its page. It frees a tree alloc_diskmem built only in part
// ("我们把free_diskmem()函数设计成能够释放建立了一半的基树的形式"): a missing
// index looks up as NULL, and free_page ignores NULL.
func (d *simpBlkdev) freeDiskmem() {
	var i uint64
	var p uint64 // void *p;

	for i = 0; i < (simpBlkdevBytes+mm.PAGE_SIZE-1)>>mm.PAGE_SHIFT; i++ {
		p, _ = blockdev.RadixTreeLookup(&d.simpBlkdevData, i).(uint64)
		blockdev.RadixTreeDelete(&d.simpBlkdevData, i)
		/* free NULL is safe */
		d.k.Mem.FreePagesAddr(p, 0) // free_page((unsigned long)p);
	}
}

// allocDiskmem is alloc_diskmem(): set up the tree, then take a page for
// each PAGE_SIZE of the disk with __get_free_page(GFP_KERNEL) and insert
// its address under its index. A page that cannot be had, or inserted,
// ends in the chapter's two labels: err_radix_tree_insert frees the page
// the tree did not take, err_alloc frees the half-built tree.
func (d *simpBlkdev) allocDiskmem() blockdev.Errno {
	var ret blockdev.Errno
	var i uint64
	var p uint64 // void *p;

	d.k.INIT_RADIX_TREE(&d.simpBlkdevData, mm.GFP_KERNEL)

	for i = 0; i < (simpBlkdevBytes+mm.PAGE_SIZE-1)>>mm.PAGE_SHIFT; i++ {
		p = d.k.Mem.GetFreePages(mm.GFP_KERNEL, 0) // __get_free_page(GFP_KERNEL)
		if p == 0 {
			ret = -blockdev.ENOMEM
			goto errAlloc
		}

		ret = blockdev.RadixTreeInsert(&d.simpBlkdevData, i, p)
		if blockdev.IS_ERR_VALUE(ret) {
			goto errRadixTreeInsert
		}
	}
	return 0

errRadixTreeInsert:
	d.k.Mem.FreePagesAddr(p, 0) // free_page((unsigned long)p);
errAlloc:
	d.freeDiskmem()
	return ret
}

// Init is simp_blkdev_init(), module_init: the queue, the disk, then the
// disk's memory, and on failure undo in reverse order, with the chapter's
// new label err_alloc_diskmem putting the disk that has no memory.
func (d *simpBlkdev) Init() blockdev.Errno {
	var ret blockdev.Errno

	d.simpBlkdevQueue = d.k.BlkAllocQueue(mm.GFP_KERNEL)
	if d.simpBlkdevQueue == nil {
		ret = -blockdev.ENOMEM
		goto errAllocQueue
	}
	blockdev.BlkQueueMakeRequest(d.simpBlkdevQueue, d.simpBlkdevMakeRequest)

	d.simpBlkdevDisk = d.k.AllocDisk(simpBlkdevMaxpartitions)
	if d.simpBlkdevDisk == nil {
		ret = -blockdev.ENOMEM
		goto errAllocDisk
	}

	ret = d.allocDiskmem()
	if blockdev.IS_ERR_VALUE(ret) {
		goto errAllocDiskmem
	}

	d.simpBlkdevDisk.DiskName = simpBlkdevDiskname
	d.simpBlkdevDisk.Major = simpBlkdevDevicemajor
	d.simpBlkdevDisk.FirstMinor = 0
	d.simpBlkdevDisk.Fops = &d.simpBlkdevFops
	d.simpBlkdevDisk.Queue = d.simpBlkdevQueue
	blockdev.SetCapacity(d.simpBlkdevDisk, simpBlkdevBytes>>9)
	blockdev.AddDisk(d.simpBlkdevDisk)

	return 0

errAllocDiskmem:
	blockdev.PutDisk(d.simpBlkdevDisk)
errAllocDisk:
	blockdev.BlkCleanupQueue(d.simpBlkdevQueue)
errAllocQueue:
	return ret
}

// Exit is simp_blkdev_exit(), module_exit: the disk goes before its memory.
func (d *simpBlkdev) Exit() {
	blockdev.DelGendisk(d.simpBlkdevDisk)
	d.freeDiskmem()
	blockdev.PutDisk(d.simpBlkdevDisk)
	blockdev.BlkCleanupQueue(d.simpBlkdevQueue)
}
