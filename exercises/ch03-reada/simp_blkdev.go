// Exercise ch03-reada (chapter 3): serve a READA bio as READ, and fail a
// bio whose bio_rw is none of READ, WRITE, READA with -EIO and the
// chapter's log line. README.md has the task, hints and the checker;
// solution/ holds this file with every TODO filled.
package ch03reada

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

// textSize is the module's code and initialised data: lsmod on chapter 1's
// RHEL5 box showed 16784008 bytes, the 16 MiB array plus 6792. Chapter 3
// shows no lsmod; its changed code is not counted, so that the sessions of
// neighbouring chapters differ only where the chapter's change does.
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

// Module is simp_blkdev.ko as chapter 3 builds it. The chapter's source has
// no MODULE_LICENSE, so loading it taints the kernel, as it did then.
var Module = &blockdev.ModuleInfo{
	Name:     "simp_blkdev",
	CoreSize: simpBlkdevBytes + textSize,
	Imports: []string{"blk_alloc_queue", "blk_queue_make_request", "alloc_disk", "add_disk",
		"printk", "kmap", "kunmap", "bio_endio",
		"del_gendisk", "put_disk", "blk_cleanup_queue"},
	Symbols: []string{"b simp_blkdev_queue", "b simp_blkdev_disk",
		"d simp_blkdev_fops", "t simp_blkdev_init", "t simp_blkdev_exit",
		"b simp_blkdev_data", "t simp_blkdev_make_request", "d __this_module"},
	New: func(k *blockdev.Kernel, this *blockdev.Module) blockdev.ModuleCode {
		d := &simpBlkdev{k: k, thisModule: this}
		// 第2个问号: fops is empty but for its owner.
		d.simpBlkdevFops = blockdev.BlockDeviceOperations{
			Owner: d.thisModule,
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
		// TODO 1/2: serve READA (read-ahead) as READ: "只要按照READ请求同样处理就OK了"
		case blockdev.READ:
			// END TODO 1
			iovecMem = d.k.Mem.Kmap(bvec.BvPage)[bvec.BvOffset:][:bvec.BvLen]
			copy(iovecMem, dskMem)
			d.k.Mem.Kunmap(bvec.BvPage)
		case blockdev.WRITE:
			iovecMem = d.k.Mem.Kmap(bvec.BvPage)[bvec.BvOffset:][:bvec.BvLen]
			copy(dskMem, iovecMem)
			d.k.Mem.Kunmap(bvec.BvPage)
		// TODO 2/2: any other bio_rw: log "unknown value of bio_rw: %d" and end the bio with -EIO
		default:
			// (the copy below is skipped, and the bio ends as if it had been served)
			// END TODO 2
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

// Init is simp_blkdev_init(), module_init: a bare queue that hands bios to
// simpBlkdevMakeRequest, then a disk that uses it, set up and added; on
// failure undo in reverse order. The chapter renames err_init_queue to
// err_alloc_queue ("希望读者不要打算就这一点进行提问").
func (d *simpBlkdev) Init() blockdev.Errno {
	var ret blockdev.Errno

	d.simpBlkdevQueue = d.k.BlkAllocQueue(mm.GFP_KERNEL)
	if d.simpBlkdevQueue == nil {
		ret = -blockdev.ENOMEM
		goto errAllocQueue
	}
	blockdev.BlkQueueMakeRequest(d.simpBlkdevQueue, d.simpBlkdevMakeRequest)

	d.simpBlkdevDisk = d.k.AllocDisk(1)
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
