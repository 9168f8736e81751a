package step07order

import (
	"testing"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/ktest"
	"simpblkdev/blockdev/mm"
)

// freeBlocks is /proc/buddyinfo as numbers: per zone, the free blocks of
// each order.
func freeBlocks(k *blockdev.Kernel) map[string][mm.MAX_ORDER]int {
	out := map[string][mm.MAX_ORDER]int{}
	for _, z := range k.Mem.Zones() {
		var row [mm.MAX_ORDER]int
		for o := range row {
			row[o] = z.FreeBlocks(o)
		}
		out[z.Name()] = row
	}
	return out
}

// TestSegmentsFoundAgain is the chapter's accounting after rmmod ("去看看模
// 块释放前后空闲内存的变化情况"): every one of the 1024 order-2 segments
// freed is found again in /proc/buddyinfo, as an order-2 block or merged
// into a larger one, in whichever zone it came from. Counted in order-2
// blocks, the growth of the lists of order 2 and up, over all zones, is
// 1024 (the tutorial's run found 614 in Normal's order-2 list, 222 merged
// into larger Normal blocks and 188 in DMA). Orders 0 and 1 take no part:
// the segments are order 2, and the few single pages rmmod frees besides
// (the tree's slab pages, the module core) go to the per-cpu lists.
func TestSegmentsFoundAgain(t *testing.T) {
	k := ktest.Boot(t, ktest.SessionSeed)
	ktest.Insmod(t, k, Module, "")
	loaded := freeBlocks(k)
	if err := k.DeleteModule("simp_blkdev"); err != nil {
		t.Fatal(err)
	}
	freed := freeBlocks(k)
	found := 0
	for zone, row := range freed {
		zoneFound := 0
		for o := simpBlkdevDatasegorder; o < mm.MAX_ORDER; o++ {
			zoneFound += (row[o] - loaded[zone][o]) << (o - simpBlkdevDatasegorder)
		}
		t.Logf("zone %s: %d segments found again", zone, zoneFound)
		found += zoneFound
	}
	if want := simpBlkdevBytes / simpBlkdevDatasegsize; found != want {
		t.Errorf("%d order-2 segments found again after rmmod, want %d", found, want)
	}
}

// TestTooFragmented: on a machine whose free memory is all single pages
// (every other page of it held), no order-2 segment can be had: insmod
// fails with ENOMEM, though there are free pages enough for the disk
// several times over, and gives back every page, vmalloc byte and node.
func TestTooFragmented(t *testing.T) {
	k := ktest.Boot(t, ktest.SessionSeed)
	var held []*mm.Page
	for {
		p := k.Mem.AllocPages(mm.GFP_KERNEL|mm.GFP_HIGHMEM|mm.GFP_NOWARN, 0)
		if p == nil {
			break
		}
		held = append(held, p)
	}
	for i, p := range held {
		if p.PFN()%2 == 0 {
			k.Mem.FreePages(p, 0)
			held[i] = nil
		}
	}
	k.Mem.DrainPages()
	free, vm := k.Mem.NrFreePages(), k.Mem.VmallocUsed()
	if free < 4*simpBlkdevBytes/mm.PAGE_SIZE {
		t.Fatalf("only %d free pages; the test wants the disk's worth several times over", free)
	}
	if _, err := k.InitModule(Module, ""); err != blockdev.ENOMEM {
		t.Fatalf("insmod on a fragmented machine = %v, want ENOMEM", err)
	}
	if got := k.Mem.NrFreePages(); got != free {
		t.Errorf("%d free pages after the failed insmod, %d before", got, free)
	}
	if got := k.Mem.VmallocUsed(); got != vm {
		t.Errorf("vmalloc used %d after the failed insmod, %d before", got, vm)
	}
	if n := k.RadixTreeNodes(); n != 0 {
		t.Errorf("%d radix tree nodes left", n)
	}
}
