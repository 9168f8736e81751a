package blksim

import "simpblkdev/blockdev"

// brokenWrite is chapter 1's driver as a student might hand it in: a copy
// of step01_array's simp_blkdev.go whose request function ends every
// write as done without copying it to the array, so that nothing written
// to the disk is there to read back.
var brokenWrite = &blockdev.ModuleInfo{
	Name:     "simp_blkdev",
	CoreSize: brokenBytes + 6792,
	Imports: []string{"blk_init_queue", "alloc_disk", "add_disk",
		"elv_next_request", "printk", "end_request",
		"del_gendisk", "put_disk", "blk_cleanup_queue"},
	Symbols: []string{"b simp_blkdev_queue", "b simp_blkdev_disk",
		"d simp_blkdev_fops", "t simp_blkdev_init", "t simp_blkdev_exit",
		"b simp_blkdev_data", "t simp_blkdev_do_request", "d __this_module"},
	New: func(k *blockdev.Kernel, this *blockdev.Module) blockdev.ModuleCode {
		d := &brokenDriver{k: k}
		d.fops = blockdev.BlockDeviceOperations{Owner: this}
		return d
	},
}

const brokenBytes = 16 * 1024 * 1024

type brokenDriver struct {
	k     *blockdev.Kernel
	queue *blockdev.RequestQueue
	disk  *blockdev.Gendisk
	fops  blockdev.BlockDeviceOperations
	data  [brokenBytes]byte
}

func (d *brokenDriver) doRequest(q *blockdev.RequestQueue) {
	for req := blockdev.ElvNextRequest(q); req != nil; req = blockdev.ElvNextRequest(q) {
		if (req.Sector+uint64(req.CurrentNrSectors))<<9 > brokenBytes {
			d.k.Printk(blockdev.KERN_ERR+"simp_blkdev: bad request: block=%d, count=%d\n",
				req.Sector, req.CurrentNrSectors)
			blockdev.EndRequest(req, 0)
			continue
		}
		switch blockdev.RqDataDir(req) {
		case blockdev.READ:
			copy(req.Buffer, d.data[req.Sector<<9:][:req.CurrentNrSectors<<9])
			blockdev.EndRequest(req, 1)
		case blockdev.WRITE:
			blockdev.EndRequest(req, 1) // the bug: the copy is missing
		}
	}
}

func (d *brokenDriver) Init() blockdev.Errno {
	d.queue = d.k.BlkInitQueue(d.doRequest, nil)
	if d.queue == nil {
		return -blockdev.ENOMEM
	}
	d.disk = d.k.AllocDisk(1)
	if d.disk == nil {
		blockdev.BlkCleanupQueue(d.queue)
		return -blockdev.ENOMEM
	}
	d.disk.DiskName = "simp_blkdev"
	d.disk.Major = blockdev.COMPAQ_SMART2_MAJOR
	d.disk.Fops = &d.fops
	d.disk.Queue = d.queue
	blockdev.SetCapacity(d.disk, brokenBytes>>9)
	blockdev.AddDisk(d.disk)
	return 0
}

func (d *brokenDriver) Exit() {
	blockdev.DelGendisk(d.disk)
	blockdev.PutDisk(d.disk)
	blockdev.BlkCleanupQueue(d.queue)
}
