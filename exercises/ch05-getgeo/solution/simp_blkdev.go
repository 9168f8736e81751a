// Exercise ch05-getgeo (chapter 5): answer HDIO_GETGEO with heads and
// sectors chosen by the disk's size, through a .getgeo in the fops.
// README.md has the task, hints and the checker; solution/ holds this file
// with every TODO filled.
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
// #define SIMP_BLKDEV_MAXPARTITIONS (64): the chapter's only change ("在文件的
// 头部增加"). alloc_disk takes it as the disk's number of minors.
const simpBlkdevMaxpartitions = 64

// textSize is the module's code and initialised data: lsmod on chapter 1's
// RHEL5 box showed 16784008 bytes, the 16 MiB array plus 6792. Chapters 3
// to 5 show no lsmod; their changed code is not counted, so that the
// sessions of neighbouring chapters differ only where the chapter's change
// does.
const textSize = 6792

// simpBlkdev holds what the chapter's C declares static. A real module gets
// fresh .data and .bss at every insmod; so does each load here.
type simpBlkdev struct {
	k          *blockdev.Kernel
	thisModule *blockdev.Module // THIS_MODULE

	simpBlkdevQueue *blockdev.RequestQueue         // static struct request_queue *simp_blkdev_queue;
	simpBlkdevDisk  *blockdev.Gendisk              // static struct gendisk *simp_blkdev_disk;
	simpBlkdevFops  blockdev.BlockDeviceOperations // struct block_device_operations simp_blkdev_fops
	simpBlkdevData  [simpBlkdevBytes]byte          // unsigned char simp_blkdev_data[SIMP_BLKDEV_BYTES];
}

// Module is simp_blkdev.ko as chapter 5 builds it. The chapter's source has
// no MODULE_LICENSE, so loading it taints the kernel, as it did then.
var Module = &blockdev.ModuleInfo{
	Name:     "simp_blkdev",
	CoreSize: simpBlkdevBytes + textSize,
	Imports: []string{"blk_alloc_queue", "blk_queue_make_request", "alloc_disk", "add_disk",
		"printk", "kmap", "kunmap", "bio_endio",
		"del_gendisk", "put_disk", "blk_cleanup_queue"},
	Symbols: []string{"b simp_blkdev_queue", "b simp_blkdev_disk",
		"d simp_blkdev_fops", "t simp_blkdev_init", "t simp_blkdev_exit",
		"b simp_blkdev_data", "t simp_blkdev_make_request", "t simp_blkdev_getgeo", "d __this_module"},
	New: func(k *blockdev.Kernel, this *blockdev.Module) blockdev.ModuleCode {
		d := &simpBlkdev{k: k, thisModule: this}
		// 在simp_blkdev_fops中添加.getgeo指向simp_blkdev_getgeo
		d.simpBlkdevFops = blockdev.BlockDeviceOperations{
			Owner: d.thisModule,
			// TODO 1/2: point .getgeo at simpBlkdevGetgeo ("在simp_blkdev_fops中添加.getgeo指向simp_blkdev_getgeo")
			Getgeo: d.simpBlkdevGetgeo,
			// END TODO 1
		}
		return d
	},
}

// simpBlkdevMakeRequest is simp_blkdev_make_request(): check the bio
// against the disk, then copy each of its bio_vecs between its page and the
// array ("在一个循环中搞定bio中的每个bio_vec"), and end the bio. A bio_vec
// names its memory by page, which may be in HighMem, so each page is kmapped
// around its memcpy.
//
// bio_endio changed in 2.6.24; the chapter keeps both forms behind
// "#if LINUX_VERSION_CODE < KERNEL_VERSION(2, 6, 24)", and so does the Go:
// the box runs 2.6.18, so the first branch runs.
func (d *simpBlkdev) simpBlkdevMakeRequest(q *blockdev.RequestQueue, bio *blockdev.Bio) int {
	var dskMem []byte // void *dsk_mem;

	// 2: 循环之前检测访问请求是否超越了块设备限制
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

	dskMem = d.simpBlkdevData[bio.BiSector<<9:]

	for _, bvec := range blockdev.BioSegments(bio) {
		var iovecMem []byte // void *iovec_mem;

		switch blockdev.BioRw(bio) {
		case blockdev.READ, blockdev.READA: // READA: 只要按照READ请求同样处理就OK了
			iovecMem = d.k.Mem.Kmap(bvec.BvPage)[bvec.BvOffset:][:bvec.BvLen]
			copy(iovecMem, dskMem)
			d.k.Mem.Kunmap(bvec.BvPage)
		case blockdev.WRITE:
			iovecMem = d.k.Mem.Kmap(bvec.BvPage)[bvec.BvOffset:][:bvec.BvLen]
			copy(dskMem, iovecMem)
			d.k.Mem.Kunmap(bvec.BvPage)
		default:
			d.k.Printk(blockdev.KERN_ERR+simpBlkdevDiskname+
				": unknown value of bio_rw: %d\n",
				blockdev.BioRw(bio))
			if blockdev.LINUX_VERSION_CODE < blockdev.KERNEL_VERSION(2, 6, 24) {
				blockdev.BioEndioPre2624(bio, 0, -blockdev.EIO)
			} else {
				blockdev.BioEndio(bio, -blockdev.EIO)
			}
			return 0
		}
		dskMem = dskMem[bvec.BvLen:]
	}

	// 3: 循环之后结束这个bio,并返回成功
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
// any size without a disk of that size (the step's disk is the 16 MiB
// array). It chooses the heads and sectors a track from the capacity, "以使
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
	// TODO 2/2: choose heads and sectors a track by the capacity, as the table above says
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
	// END TODO 2

	// SIMP_BLKDEV_BYTES>>9/geo->heads/geo->sectors, as C parses it; the
	// uint16 conversion is the assignment to the unsigned short.
	geo.Cylinders = uint16(simpBlkdevBytes >> (9 / uint64(geo.Heads) / uint64(geo.Sectors)))

	return 0
}

// Init is simp_blkdev_init(), module_init: a bare queue that hands bios to
// simpBlkdevMakeRequest, then a disk that uses it, set up and added; on
// failure undo in reverse order. Since chapter 4 the disk has
// SIMP_BLKDEV_MAXPARTITIONS minors, so add_disk reads its partition table.
func (d *simpBlkdev) Init() blockdev.Errno {
	var ret blockdev.Errno

	d.simpBlkdevQueue = d.k.BlkAllocQueue(mm.GFP_KERNEL)
	if d.simpBlkdevQueue == nil {
		ret = -blockdev.ENOMEM
		goto errAllocQueue
	}
	blockdev.BlkQueueMakeRequest(d.simpBlkdevQueue, d.simpBlkdevMakeRequest)

	d.simpBlkdevDisk = d.k.AllocDisk(simpBlkdevMaxpartitions) // 我们一直用1作参数来调用它的,但现在,我们换成64
	if d.simpBlkdevDisk == nil {
		ret = -blockdev.ENOMEM
		goto errAllocDisk
	}

	d.simpBlkdevDisk.DiskName = simpBlkdevDiskname
	d.simpBlkdevDisk.Major = simpBlkdevDevicemajor
	d.simpBlkdevDisk.FirstMinor = 0
	d.simpBlkdevDisk.Fops = &d.simpBlkdevFops
	d.simpBlkdevDisk.Queue = d.simpBlkdevQueue
	blockdev.SetCapacity(d.simpBlkdevDisk, simpBlkdevBytes>>9) // 第4个问号
	blockdev.AddDisk(d.simpBlkdevDisk)

	return 0

errAllocDisk:
	blockdev.BlkCleanupQueue(d.simpBlkdevQueue)
errAllocQueue:
	return ret
}

// Exit is simp_blkdev_exit(), module_exit.
func (d *simpBlkdev) Exit() {
	blockdev.DelGendisk(d.simpBlkdevDisk)
	blockdev.PutDisk(d.simpBlkdevDisk)
	blockdev.BlkCleanupQueue(d.simpBlkdevQueue)
}
