package step09zero

import (
	"testing"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/ktest"
	"simpblkdev/blockdev/mm"
	step06radix "simpblkdev/step06_radix"
	step07order "simpblkdev/step07_order"
)

// BenchmarkPath moves the same bytes through the drivers of chapters 6, 7
// and 9 and as a plain copy, in one run, so that the numbers compare, as
// chapter 3's BenchmarkPath does for the make_request and request paths.
// All three are make_request drivers over a radix tree: chapter 6 looks up
// a page per 4 KiB, chapter 7 a 16 KiB segment, chapter 9 the same
// segments allocated with __GFP_ZERO (the first write to a cleared page
// builds its bytes in host memory, so the write runs also measure that,
// once per page, in the first iterations). 4 KiB is one page bio; 1 MiB is
// 256 page bios submitted together. The bios' pages are lowmem.
//
//	go test ./step09_zero -run '^$' -bench Path
func BenchmarkPath(b *testing.B) {
	sizes := []struct {
		name string
		n    int
	}{{"4KiB", 4 << 10}, {"1MiB", 1 << 20}}
	drivers := []struct {
		name   string
		module *blockdev.ModuleInfo
	}{{"step06_radix", step06radix.Module}, {"step07_order", step07order.Module}, {"step09_zero", Module}}
	for _, size := range sizes {
		for _, rw := range []struct {
			name string
			rw   int
		}{{"read", blockdev.READ}, {"write", blockdev.WRITE}} {
			for _, drv := range drivers {
				b.Run(drv.name+"/"+rw.name+"/"+size.name, func(b *testing.B) {
					k, dev, pages := benchDisk(b, drv.module, size.n/mm.PAGE_SIZE)
					b.SetBytes(int64(size.n))
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						submitPages(b, k, dev, rw.rw, pages)
					}
				})
			}
			b.Run("copy/"+rw.name+"/"+size.name, func(b *testing.B) {
				src, dst := make([]byte, size.n), make([]byte, size.n)
				b.SetBytes(int64(size.n))
				for i := 0; i < b.N; i++ {
					copy(dst, src)
				}
			})
		}
	}
}

// benchDisk loads module, opens its disk and gives n lowmem pages to move.
func benchDisk(b *testing.B, module *blockdev.ModuleInfo, n int) (*blockdev.Kernel, *blockdev.BlockDevice, []*mm.Page) {
	k := ktest.Boot(b, 1)
	ktest.Insmod(b, k, module, "")
	dev := ktest.Open(b, k, "simp_blkdev")
	pages := make([]*mm.Page, n)
	for i := range pages {
		pages[i] = k.Mem.AllocPages(mm.GFP_KERNEL, 0)
	}
	return k, dev, pages
}

// submitPages moves len(pages) pages at sector 0, one bio per page, all
// submitted before waiting.
func submitPages(b *testing.B, k *blockdev.Kernel, dev *blockdev.BlockDevice, rw int, pages []*mm.Page) {
	bios := make([]*blockdev.Bio, len(pages))
	for i, p := range pages {
		bio := blockdev.BioAlloc(1)
		bio.BiBdev = dev
		bio.BiSector = uint64(i * mm.PAGE_SIZE >> 9)
		blockdev.BioAddPage(bio, p, mm.PAGE_SIZE, 0)
		bios[i] = bio
	}
	if errno := k.SubmitBioWait(nil, uint64(rw), bios...); errno != 0 {
		b.Fatal(errno)
	}
}
