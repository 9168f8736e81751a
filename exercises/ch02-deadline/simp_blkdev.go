// Package ch02deadline is the exercise ch02-deadline: chapter 2's driver,
// whose queue you switch to the deadline scheduler instead of noop (TODO
// 1/1), and then see why a RAM disk is better off with noop. See README.md.
package ch02deadline

import "simpblkdev/blockdev"

// #define SIMP_BLKDEV_DEVICEMAJOR COMPAQ_SMART2_MAJOR: chapter 1 borrows the
// major number of a device nobody uses ("抢别人的设备号").
const simpBlkdevDevicemajor = blockdev.COMPAQ_SMART2_MAJOR

// #define SIMP_BLKDEV_DISKNAME "simp_blkdev"
const simpBlkdevDiskname = "simp_blkdev"

// #define SIMP_BLKDEV_BYTES (16*1024*1024)
const simpBlkdevBytes = 16 * 1024 * 1024

// textSize is the module's code and initialised data: lsmod on chapter 1's
// RHEL5 box showed 16784008 bytes, the 16 MiB array plus 6792. Chapter 2
// shows no lsmod; its few added instructions are not counted, so that the
// sessions of the two chapters differ only where the chapter's change does.
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

// Module is simp_blkdev.ko as chapter 2 builds it. The chapter's source has
// no MODULE_LICENSE, so loading it taints the kernel, as it did then.
var Module = &blockdev.ModuleInfo{
	Name:     "simp_blkdev",
	CoreSize: simpBlkdevBytes + textSize,
	// What simp_blkdev.c calls from the kernel, and what it defines.
	Imports: []string{"blk_init_queue", "elevator_init", "elevator_exit", "alloc_disk", "add_disk",
		"elv_next_request", "printk", "end_request",
		"del_gendisk", "put_disk", "blk_cleanup_queue"},
	Symbols: []string{"b simp_blkdev_queue", "b simp_blkdev_disk",
		"d simp_blkdev_fops", "t simp_blkdev_init", "t simp_blkdev_exit",
		"b simp_blkdev_data", "t simp_blkdev_do_request", "d __this_module"},
	New: func(k *blockdev.Kernel, this *blockdev.Module) blockdev.ModuleCode {
		d := &simpBlkdev{k: k, thisModule: this}
		// 第2个问号: fops is empty but for its owner.
		d.simpBlkdevFops = blockdev.BlockDeviceOperations{
			Owner: d.thisModule,
		}
		return d
	},
}

// simpBlkdevDoRequest is simp_blkdev_do_request(): take each request
// segment the elevator hands out, check it against the disk's size, and copy
// it between req.Buffer and the array (the chapter's "2条memcpy").
func (d *simpBlkdev) simpBlkdevDoRequest(q *blockdev.RequestQueue) {
	for req := blockdev.ElvNextRequest(q); req != nil; req = blockdev.ElvNextRequest(q) {
		if (req.Sector+uint64(req.CurrentNrSectors))<<9 > simpBlkdevBytes {
			d.k.Printk(blockdev.KERN_ERR+simpBlkdevDiskname+
				": bad request: block=%d, count=%d\n",
				req.Sector, req.CurrentNrSectors)
			blockdev.EndRequest(req, 0)
			continue
		}

		switch blockdev.RqDataDir(req) {
		case blockdev.READ:
			copy(req.Buffer,
				d.simpBlkdevData[req.Sector<<9:][:req.CurrentNrSectors<<9])
			blockdev.EndRequest(req, 1)
		case blockdev.WRITE:
			copy(d.simpBlkdevData[req.Sector<<9:][:req.CurrentNrSectors<<9],
				req.Buffer)
			blockdev.EndRequest(req, 1)
		default:
			/* No default because rq_data_dir(req) is 1 bit */
		}
	}
}

// Init is simp_blkdev_init(), module_init: a request queue switched to
// another scheduler, then a disk that uses it, set up and added; on failure
// undo in reverse order.
func (d *simpBlkdev) Init() blockdev.Errno {
	var ret blockdev.Errno
	var oldE *blockdev.ElevatorQueue // elevator_t *old_e;

	// 第3个问号: the request queue, fed by simpBlkdevDoRequest.
	d.simpBlkdevQueue = d.k.BlkInitQueue(d.simpBlkdevDoRequest, nil)
	if d.simpBlkdevQueue == nil {
		ret = -blockdev.ENOMEM
		goto errInitQueue
	}

	// TODO 1/1: switch to deadline rather than noop, with the same fallback when the switch fails
	// Chapter 2: blk_init_queue already gave the queue the default
	// scheduler, so keep it, switch to noop, and give the old one back.
	oldE = d.simpBlkdevQueue.Elevator
	if blockdev.IS_ERR_VALUE(blockdev.ElevatorInit(d.simpBlkdevQueue, "noop")) {
		d.k.Printk(blockdev.KERN_WARNING + "Switch elevator failed, using default\n")
	} else {
		blockdev.ElevatorExit(oldE)
	}
	// END TODO 1

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
errInitQueue:
	return ret
}

// Exit is simp_blkdev_exit(), module_exit.
func (d *simpBlkdev) Exit() {
	blockdev.DelGendisk(d.simpBlkdevDisk)
	blockdev.PutDisk(d.simpBlkdevDisk)
	blockdev.BlkCleanupQueue(d.simpBlkdevQueue)
}
