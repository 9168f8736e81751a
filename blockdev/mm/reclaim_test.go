package mm

import (
	"strings"
	"testing"
)

// buddyPages returns the pages on every zone's buddy lists, per zone.
func buddyPages(m *Memory) []int64 {
	var n []int64
	for _, z := range m.Zones() {
		var p int64
		for o := 0; o < MAX_ORDER; o++ {
			p += int64(z.FreeBlocks(o)) << o
		}
		n = append(n, p)
	}
	return n
}

// The chapter 7 experiment on the default machine: 1024 order-2 segments
// with GFP_KERNEL. Normal has far fewer free blocks of order 2 and up, so
// the allocator takes DMA's down to its reserve and reclaims clean page
// cache, whose freed pages pile up at orders 0 and 1; freeing the segments
// puts back exactly 1024 x 4 pages on the buddy lists, across orders and
// zones (order-2 frees bypass the per-cpu lists).
func TestOrder2SegmentsAreFoundAgain(t *testing.T) {
	m, rec := newMachine(t, Config{Seed: 1})
	normal, dma := zoneNamed(t, m, "Normal"), zoneNamed(t, m, "DMA")
	before := freeCounts(normal)
	var room int // order-2 blocks Normal holds before insmod
	for o := 2; o < MAX_ORDER; o++ {
		room += before[o] << (o - 2)
	}
	if room >= 1024/2 {
		t.Fatalf("Normal has room for %d order-2 segments before insmod, want far fewer than 1024:\n%s", room, m.BuddyInfo())
	}
	cached := m.EarlierWork().Cached
	var segs []uint64
	for i := 0; i < 1024; i++ {
		a := m.GetFreePages(GFP_KERNEL, 2)
		if a == 0 {
			t.Fatalf("segment %d: __get_free_pages failed:\n%s", i, rec)
		}
		segs = append(segs, a)
	}
	after := freeCounts(normal)
	if after[0] < before[0]*2 || after[1] < before[1]*2 {
		t.Errorf("orders 0-1 of Normal did not jump with reclaim: %v -> %v", before[:2], after[:2])
	}
	if m.EarlierWork().Cached >= cached {
		t.Error("nothing was reclaimed")
	}
	inDMA := 0
	for _, a := range segs {
		if m.VirtToPage(a).ZoneName() == "DMA" {
			inDMA++
		}
	}
	if inDMA == 0 {
		t.Error("no segment came from DMA")
	}
	if dma.NrFree() <= dma.LowmemReserve()[1] {
		t.Errorf("DMA has %d free, not above its reserve %d against Normal", dma.NrFree(), dma.LowmemReserve()[1])
	}

	mid := buddyPages(m)
	for _, a := range segs {
		m.FreePagesAddr(a, 2)
	}
	end := buddyPages(m)
	var found int64
	for i := range end {
		found += end[i] - mid[i]
	}
	if found != 1024*4 {
		t.Fatalf("rmmod put %d pages back on the buddy lists, want %d", found, 1024*4)
	}
	dmaIdx := 0
	if got := end[dmaIdx] - mid[dmaIdx]; got != int64(inDMA)*4 {
		t.Errorf("DMA got back %d pages, want the %d segments it gave", got, inDMA)
	}
	checkInvariants(t, m)
}

// A machine with nothing left to reclaim and no block of order 2 fails the
// allocation with NULL, after reclaim gave up, and says so.
func TestOrder2FailsWhenTooFragmented(t *testing.T) {
	m, rec := newMachine(t, Config{RAM: 64 * miB, Seed: 1, Comm: func() string { return "insmod" }})
	var n int
	for m.GetFreePages(GFP_KERNEL|GFP_NOWARN, 2) != 0 {
		n++
	}
	if m.EarlierWork().Cached != 0 {
		t.Fatalf("order-2 allocations stopped with %d pages of cache left", m.EarlierWork().Cached)
	}
	if a := m.GetFreePages(GFP_KERNEL, 2); a != 0 {
		t.Fatal("an order-2 allocation succeeded on a machine that had failed one")
	}
	if !strings.Contains(rec.String(), "insmod: page allocation failure. order:2, mode:0xd0") {
		t.Fatalf("failure not reported:\n%s", rec)
	}
	for _, z := range m.Zones() {
		if z.NrFree() == 0 {
			t.Errorf("%s: drained to 0 past its watermark", z.Name())
		}
	}
	checkInvariants(t, m)
	t.Logf("%d segments, then:\n%s", n, m.BuddyInfo())
}

// Watermarks of the default machine, as 2.6.18 computes them for 1 GiB.
func TestWatermarks(t *testing.T) {
	m, _ := newMachine(t, Config{Seed: 1})
	if got := m.minFreeKbytes(); got != 3831 {
		t.Errorf("min_free_kbytes = %d, want 3831 (int_sqrt(917504*16))", got)
	}
	type wm struct{ min, low, high int64 }
	want := map[string]wm{"DMA": {17, 21, 25}, "Normal": {939, 1173, 1408}, "HighMem": {32, 66, 100}}
	for _, z := range m.Zones() {
		var g wm
		g.min, g.low, g.high = z.Watermarks()
		if g != want[z.Name()] {
			t.Errorf("%s: watermarks %v, want %v", z.Name(), g, want[z.Name()])
		}
	}
	if r := zoneNamed(t, m, "DMA").LowmemReserve(); r != [3]int64{0, 880, 1008} {
		t.Errorf("DMA lowmem_reserve %v, want [0 880 1008]", r)
	}
	if r := zoneNamed(t, m, "Normal").LowmemReserve(); r != [3]int64{0, 0, 1024} {
		t.Errorf("Normal lowmem_reserve %v, want [0 0 1024]", r)
	}
}
