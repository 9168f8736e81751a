package shell

import (
	"strconv"
	"strings"

	"simpblkdev/blockdev"
)

// ramdisk is a small request-based RAM disk in the shape of chapter 1's
// simp_blkdev (step01_array): a queue from BlkInitQueue whose request
// function copies each segment in or out of a byte slice. Unlike chapter
// 1 it has chapter 8's size parameter, so the tests can load small disks and
// see insmod's argument errors. The tests use it instead of the step
// packages, which will import this one.
type ramdisk struct {
	k    *blockdev.Kernel
	this *blockdev.Module
	size string
	q    *blockdev.RequestQueue
	disk *blockdev.Gendisk
	fops blockdev.BlockDeviceOperations
	data []byte
}

// ramdiskModule is simp_blkdev.ko for the tests. Its core, like chapter
// 1's, counts a 16 MiB array, which is what lsmod shows.
var ramdiskModule = &blockdev.ModuleInfo{
	Name:        "simp_blkdev",
	License:     "GPL",
	Description: "RAM disk for the shell's tests",
	CoreSize:    16<<20 + 6792,
	New: func(k *blockdev.Kernel, this *blockdev.Module) blockdev.ModuleCode {
		d := &ramdisk{k: k, this: this, size: "16M"}
		d.fops = blockdev.BlockDeviceOperations{Owner: this}
		return d
	},
}

func (d *ramdisk) Params() []*blockdev.KernelParam {
	p := blockdev.ParamCharp("size", &d.size, blockdev.S_IRUGO)
	p.Desc = "disk size, with unit b, k, m or g"
	return []*blockdev.KernelParam{p}
}

// bytes parses the size parameter like chapter 8's getparam.
func (d *ramdisk) bytes() int64 {
	unit := map[string]int64{"b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}[strings.ToLower(d.size[len(d.size)-1:])]
	n, err := strconv.ParseInt(d.size[:len(d.size)-1], 10, 64)
	if unit == 0 || err != nil || n <= 0 || n*unit > 64<<20 {
		return 0
	}
	return (n*unit + 511) &^ 511
}

func (d *ramdisk) doRequest(q *blockdev.RequestQueue) {
	for req := blockdev.ElvNextRequest(q); req != nil; req = blockdev.ElvNextRequest(q) {
		off, n := int64(req.Sector)<<9, int64(req.CurrentNrSectors)<<9
		if off+n > int64(len(d.data)) {
			blockdev.EndRequest(req, 0)
			continue
		}
		switch blockdev.RqDataDir(req) {
		case blockdev.READ:
			copy(req.Buffer, d.data[off:off+n])
		case blockdev.WRITE:
			copy(d.data[off:off+n], req.Buffer)
		}
		blockdev.EndRequest(req, 1)
	}
}

func (d *ramdisk) Init() blockdev.Errno {
	size := d.bytes()
	if size == 0 {
		return -blockdev.EINVAL
	}
	d.data = make([]byte, size)
	if d.q = d.k.BlkInitQueue(d.doRequest, nil); d.q == nil {
		return -blockdev.ENOMEM
	}
	if d.disk = d.k.AllocDisk(1); d.disk == nil {
		blockdev.BlkCleanupQueue(d.q)
		return -blockdev.ENOMEM
	}
	d.disk.DiskName = "simp_blkdev"
	d.disk.Major = blockdev.COMPAQ_SMART2_MAJOR
	d.disk.Fops = &d.fops
	d.disk.Queue = d.q
	blockdev.SetCapacity(d.disk, uint64(size)>>9)
	blockdev.AddDisk(d.disk)
	return 0
}

func (d *ramdisk) Exit() {
	blockdev.DelGendisk(d.disk)
	blockdev.PutDisk(d.disk)
	blockdev.BlkCleanupQueue(d.q)
}
