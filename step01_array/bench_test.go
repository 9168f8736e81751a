package step01array

import (
	"testing"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/ktest"
	"simpblkdev/blockdev/mm"
)

// benchDisk loads the chapter's driver, opens its disk and gives n pages
// to read into.
func benchDisk(b *testing.B, n int) (*blockdev.Kernel, *blockdev.BlockDevice, []*mm.Page) {
	k := ktest.Boot(b, 1)
	ktest.Insmod(b, k, Module, "")
	dev := ktest.Open(b, k, "simp_blkdev")
	pages := make([]*mm.Page, n)
	for i := range pages {
		pages[i] = k.Mem.AllocPages(mm.GFP_KERNEL, 0)
	}
	return k, dev, pages
}

// readPages reads len(pages) pages from sector 0, one bio per page, all
// submitted before waiting: the elevator merges them into requests.
func readPages(b *testing.B, k *blockdev.Kernel, dev *blockdev.BlockDevice, pages []*mm.Page) {
	bios := make([]*blockdev.Bio, len(pages))
	for i, p := range pages {
		bio := blockdev.BioAlloc(1)
		bio.BiBdev = dev
		bio.BiSector = uint64(i * mm.PAGE_SIZE >> 9)
		blockdev.BioAddPage(bio, p, mm.PAGE_SIZE, 0)
		bios[i] = bio
	}
	if errno := k.SubmitBioWait(nil, blockdev.READ, bios...); errno != 0 {
		b.Fatal(errno)
	}
}

// BenchmarkRead4KiB reads one page through the whole request path:
// submit_bio, __make_request, the cfq scheduler, the plug, the driver's
// request function and end_request.
func BenchmarkRead4KiB(b *testing.B) {
	k, dev, pages := benchDisk(b, 1)
	b.SetBytes(mm.PAGE_SIZE)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		readPages(b, k, dev, pages)
	}
}

// BenchmarkRead1MiBSequential reads 256 consecutive pages as 256 bios that
// merge into requests of up to 31 segments.
func BenchmarkRead1MiBSequential(b *testing.B) {
	k, dev, pages := benchDisk(b, 256)
	b.SetBytes(1 << 20)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		readPages(b, k, dev, pages)
	}
}

// BenchmarkCopyBaseline copies the same bytes with a plain copy, the floor
// the two reads above are measured against.
func BenchmarkCopyBaseline(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"4KiB", 4096}, {"1MiB", 1 << 20}} {
		b.Run(size.name, func(b *testing.B) {
			src, dst := make([]byte, size.n), make([]byte, size.n)
			b.SetBytes(int64(size.n))
			for i := 0; i < b.N; i++ {
				copy(dst, src)
			}
		})
	}
}
