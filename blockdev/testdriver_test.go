package blockdev

import (
	"testing"

	"simpblkdev/blockdev/mm"
	_ "simpblkdev/internal/golden" // accepts go test ./... -update
)

// ramdisk is the test driver of this package's tests: chapter 1's shape (a
// request queue over a byte array), or with bioBased chapter 3's (its own
// make_request function, kmapping each segment). leakKmap makes it forget
// one kunmap, to check that unload reports it. minors is what it asks
// alloc_disk for (1 unless partitionedRamdisk says otherwise, 64 in
// chapter 4), and image what the disk holds when it is added.
type ramdisk struct {
	k        *Kernel
	this     *Module
	bioBased bool
	leakKmap bool
	minors   int
	image    []byte
	q        *RequestQueue
	disk     *Gendisk
	fops     BlockDeviceOperations
	data     []byte
	seen     []*Request // requests as the driver first saw them

	onRequest func(req *Request)
}

const ramdiskBytes = 1 << 20

func ramdiskModule(name string, bioBased, leakKmap bool) *ModuleInfo {
	return &ModuleInfo{Name: name, License: "GPL", CoreSize: 4096,
		New: func(k *Kernel, this *Module) ModuleCode {
			return &ramdisk{k: k, this: this, bioBased: bioBased, leakKmap: leakKmap, minors: 1}
		}}
}

// partitionedRamdisk is the test driver with minors minors whose disk
// holds image (at most ramdiskBytes) when add_disk scans it.
func partitionedRamdisk(name string, minors int, bioBased bool, image []byte) *ModuleInfo {
	return &ModuleInfo{Name: name, License: "GPL", CoreSize: 4096,
		New: func(k *Kernel, this *Module) ModuleCode {
			return &ramdisk{k: k, this: this, bioBased: bioBased, minors: minors, image: image}
		}}
}

func (d *ramdisk) doRequest(q *RequestQueue) {
	for req := ElvNextRequest(q); req != nil; req = ElvNextRequest(q) {
		if len(d.seen) == 0 || d.seen[len(d.seen)-1] != req {
			d.seen = append(d.seen, req)
		}
		if d.onRequest != nil {
			d.onRequest(req)
		}
		off, n := req.Sector<<9, uint64(req.CurrentNrSectors)<<9
		if off+n > ramdiskBytes || req.Buffer == nil {
			EndRequest(req, 0)
			continue
		}
		if RqDataDir(req) == READ {
			copy(req.Buffer, d.data[off:off+n])
		} else {
			copy(d.data[off:off+n], req.Buffer)
		}
		EndRequest(req, 1)
	}
}

func (d *ramdisk) makeRequest(q *RequestQueue, bio *Bio) int {
	off := bio.BiSector << 9
	if off+uint64(bio.BiSize) > ramdiskBytes {
		BioEndio(bio, -EIO)
		return 0
	}
	for _, bv := range BioSegments(bio) {
		seg := d.k.Mem.Kmap(bv.BvPage)[bv.BvOffset : bv.BvOffset+bv.BvLen]
		if BioDataDir(bio) == READ {
			copy(seg, d.data[off:])
		} else {
			copy(d.data[off:], seg)
		}
		off += uint64(bv.BvLen)
		if !d.leakKmap {
			d.k.Mem.Kunmap(bv.BvPage)
		}
	}
	BioEndio(bio, 0)
	return 0
}

func (d *ramdisk) Init() Errno {
	d.data = make([]byte, ramdiskBytes)
	copy(d.data, d.image)
	if d.bioBased {
		d.q = d.k.BlkAllocQueue(mm.GFP_KERNEL)
		if d.q == nil {
			return -ENOMEM
		}
		BlkQueueMakeRequest(d.q, d.makeRequest)
	} else if d.q = d.k.BlkInitQueue(d.doRequest, nil); d.q == nil {
		return -ENOMEM
	}
	d.disk = d.k.AllocDisk(d.minors)
	if d.disk == nil {
		BlkCleanupQueue(d.q)
		return -ENOMEM
	}
	d.fops = BlockDeviceOperations{Owner: d.this}
	d.disk.DiskName, d.disk.Major, d.disk.Fops, d.disk.Queue = d.this.Name(), 240, &d.fops, d.q
	SetCapacity(d.disk, ramdiskBytes>>9)
	AddDisk(d.disk)
	return 0
}

func (d *ramdisk) Exit() {
	DelGendisk(d.disk)
	PutDisk(d.disk)
	BlkCleanupQueue(d.q)
}

// loadRamdisk boots a machine, loads the test driver and opens its disk.
func loadRamdisk(t *testing.T, bioBased bool) (*Kernel, *ramdisk, *BlockDevice) {
	t.Helper()
	k, err := Boot(Config{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	m, err := k.InitModule(ramdiskModule("ramdisk", bioBased, false), "")
	if err != nil {
		t.Fatalf("insmod: %v", err)
	}
	b, err := k.Open("/dev/ramdisk")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return k, m.code.(*ramdisk), b
}

// pageBio builds a bio of one page at sector, with data written into the
// page first.
func pageBio(k *Kernel, b *BlockDevice, sector uint64, data []byte) *Bio {
	p := k.Mem.AllocPages(mm.GFP_KERNEL, 0)
	k.Mem.WritePage(p, 0, data)
	bio := BioAlloc(1)
	bio.BiBdev, bio.BiSector = b, sector
	BioAddPage(bio, p, uint32(len(data)), 0)
	return bio
}

// cachedPages returns how many pages of b are in the page cache.
func cachedPages(b *BlockDevice) int {
	if b.cache == nil {
		return 0
	}
	b.cache.mu.Lock()
	defer b.cache.mu.Unlock()
	return len(b.cache.pages)
}
