package serve

import (
	"simpblkdev/blockdev"
	"simpblkdev/blockdev/mm"
)

// testdisk is the tests' own driver, chapter 3's shape (its own
// make_request function over a byte array) with what no chapter on this
// branch has yet: minors for partitions, and a bad range of sectors it
// fails with -EIO, a driver bug's stand-in.
type testdisk struct {
	k      *blockdev.Kernel
	this   *blockdev.Module
	minors int
	bad    [2]uint64 // sectors [bad[0], bad[1]) fail
	data   []byte
	q      *blockdev.RequestQueue
	disk   *blockdev.Gendisk
	fops   blockdev.BlockDeviceOperations
}

const testdiskBytes = 32 << 20

// testdiskModule is the driver as a module: minors for alloc_disk, and
// the sectors [badFrom, badTo) that fail.
func testdiskModule(minors int, badFrom, badTo uint64) *blockdev.ModuleInfo {
	return &blockdev.ModuleInfo{Name: "testdisk", License: "GPL", CoreSize: 4096,
		New: func(k *blockdev.Kernel, this *blockdev.Module) blockdev.ModuleCode {
			return &testdisk{k: k, this: this, minors: minors, bad: [2]uint64{badFrom, badTo}}
		}}
}

func (d *testdisk) makeRequest(q *blockdev.RequestQueue, bio *blockdev.Bio) int {
	off := bio.BiSector << 9
	end := off + uint64(bio.BiSize)
	if end > testdiskBytes || (bio.BiSector < d.bad[1] && end > d.bad[0]<<9) {
		blockdev.BioEndio(bio, -blockdev.EIO)
		return 0
	}
	for _, bv := range blockdev.BioSegments(bio) {
		seg := d.k.Mem.Kmap(bv.BvPage)[bv.BvOffset : bv.BvOffset+bv.BvLen]
		if blockdev.BioDataDir(bio) == blockdev.READ {
			copy(seg, d.data[off:])
		} else {
			copy(d.data[off:], seg)
		}
		off += uint64(bv.BvLen)
		d.k.Mem.Kunmap(bv.BvPage)
	}
	blockdev.BioEndio(bio, 0)
	return 0
}

func (d *testdisk) Init() blockdev.Errno {
	d.data = make([]byte, testdiskBytes)
	if d.q = d.k.BlkAllocQueue(mm.GFP_KERNEL); d.q == nil {
		return -blockdev.ENOMEM
	}
	blockdev.BlkQueueMakeRequest(d.q, d.makeRequest)
	if d.disk = d.k.AllocDisk(d.minors); d.disk == nil {
		blockdev.BlkCleanupQueue(d.q)
		return -blockdev.ENOMEM
	}
	d.fops = blockdev.BlockDeviceOperations{Owner: d.this}
	d.disk.DiskName, d.disk.Major, d.disk.Fops, d.disk.Queue = "testdisk", 240, &d.fops, d.q
	blockdev.SetCapacity(d.disk, testdiskBytes>>9)
	blockdev.AddDisk(d.disk)
	return 0
}

func (d *testdisk) Exit() {
	blockdev.DelGendisk(d.disk)
	blockdev.PutDisk(d.disk)
	blockdev.BlkCleanupQueue(d.q)
}
