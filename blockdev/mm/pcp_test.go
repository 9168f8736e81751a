package mm

import (
	"slices"
	"testing"
)

func TestZoneBatchsize(t *testing.T) {
	tests := []struct {
		name     string
		present  int64
		batch    int
		pcpBatch int
		pcpHigh  int
	}{
		{"i386 DMA 16 MiB", 4096, 0, 1, 0},
		{"i386 Normal 880 MiB", 225280, 31, 31, 186},
		{"i386 HighMem 128 MiB", 32768, 7, 7, 42},
		{"Normal 48 MiB", 12288, 3, 3, 18},
		{"x86_64 DMA32 4 GiB", 1044480, 31, 31, 186},
		{"8 pages", 8, 0, 1, 0},
	}
	for _, tt := range tests {
		if got := zoneBatchsize(tt.present); got != tt.batch {
			t.Errorf("%s: zoneBatchsize(%d) = %d, want %d", tt.name, tt.present, got, tt.batch)
		}
		z := newZone(nil, 0, "x", false, 0, uint64(tt.present))
		if z.PcpBatch() != tt.pcpBatch || z.PcpHigh() != tt.pcpHigh {
			t.Errorf("%s: pcp batch/high = %d/%d, want %d/%d", tt.name, z.PcpBatch(), z.PcpHigh(), tt.pcpBatch, tt.pcpHigh)
		}
	}
}

// On a pristine 1 GiB i386 machine every Normal page is in an order-10
// block; single-page traffic shows in buddyinfo only batch by batch.
func TestPcpBatchesShowInBuddyInfo(t *testing.T) {
	m, _ := newMachine(t, Config{Pristine: true})
	z := zoneNamed(t, m, "Normal")
	if z.PcpBatch() != 31 || z.PcpHigh() != 186 {
		t.Fatalf("Normal pcp batch/high = %d/%d, want 31/186", z.PcpBatch(), z.PcpHigh())
	}
	top := z.FreeBlocks(10)
	free := z.NrFree()

	first := m.AllocPages(GFP_KERNEL, 0)
	// The empty pcp list took 31 pages from one split order-10 block:
	// pages 0..30 of it; 31 stays an order-0 block, 32..1023 are 32+64+...+512.
	want := []int{1, 0, 0, 0, 0, 1, 1, 1, 1, 1, top - 1}
	if got := freeCounts(z); !slices.Equal(got, want) {
		t.Fatalf("after one order-0 allocation: %v, want %v", got, want)
	}
	if z.PcpCount() != 30 || z.NrFree() != free-1 {
		t.Fatalf("pcp count %d, NrFree %d; want 30, %d", z.PcpCount(), z.NrFree(), free-1)
	}

	// 30 more come from the pcp list: buddyinfo does not move.
	pages := []*Page{first}
	for i := 0; i < 30; i++ {
		pages = append(pages, m.AllocPages(GFP_KERNEL, 0))
	}
	if got := freeCounts(z); !slices.Equal(got, want) {
		t.Fatalf("after 31 allocations: %v, want %v (no change)", got, want)
	}
	// The 32nd refills: another batch of 31 from the buddy lists.
	pages = append(pages, m.AllocPages(GFP_KERNEL, 0))
	if z.PcpCount() != 30 {
		t.Fatalf("pcp count after refill = %d, want 30", z.PcpCount())
	}
	if got := freeCounts(z)[0]; got != 0 {
		t.Fatalf("order-0 blocks after refill = %d, want 0 (taken into the batch)", got)
	}
	checkInvariants(t, m)

	// Freeing goes to the pcp list; buddyinfo moves only when it reaches
	// high (186), by one batch.
	snapshot := freeCounts(z)
	for _, p := range pages {
		m.FreePages(p, 0)
	}
	if z.PcpCount() != 30+32 || !slices.Equal(freeCounts(z), snapshot) {
		t.Fatalf("after freeing 32: pcp %d, lists %v; want 62 and %v", z.PcpCount(), freeCounts(z), snapshot)
	}
	var more []*Page
	for i := 0; i < 124; i++ {
		more = append(more, m.AllocPages(GFP_HIGHUSER, 0)) // from HighMem: Normal's pcp untouched
	}
	if more[0].ZoneName() != "HighMem" {
		t.Fatalf("GFP_HIGHUSER page from %s", more[0].ZoneName())
	}
	var normal []*Page
	for i := 0; i < 124; i++ {
		normal = append(normal, m.AllocPages(GFP_KERNEL, 0))
	}
	// pcp had 62; 124 allocations took the 62 and two refills of 31.
	for i, p := range normal {
		m.FreePages(p, 0)
		if z.PcpCount() >= z.PcpHigh() {
			t.Fatalf("free %d: pcp count %d reached high %d", i, z.PcpCount(), z.PcpHigh())
		}
	}
	if z.NrFree() != free {
		t.Fatalf("NrFree = %d after freeing all, want %d", z.NrFree(), free)
	}
	m.DrainPages()
	if z.PcpCount() != 0 || z.FreeBlocks(10) != top {
		t.Fatalf("after drain: pcp %d, order-10 blocks %d; want 0, %d", z.PcpCount(), z.FreeBlocks(10), top)
	}
	checkInvariants(t, m)
}

func TestPcpHighGivesBackOneBatch(t *testing.T) {
	m, _ := newMachine(t, Config{Pristine: true})
	z := zoneNamed(t, m, "Normal")
	var pages []*Page
	for i := 0; i < 200; i++ {
		pages = append(pages, m.AllocPages(GFP_KERNEL, 0))
	}
	pcp0 := z.PcpCount()
	buddy := func() int64 { return z.NrFree() - int64(z.PcpCount()) }
	for i, p := range pages {
		b := buddy()
		m.FreePages(p, 0)
		n := pcp0 + i + 1
		switch {
		case n < z.PcpHigh() && buddy() != b:
			t.Fatalf("free %d (pcp %d): buddy pages %d -> %d, want unchanged", i, n, b, buddy())
		case n == z.PcpHigh() && buddy() != b+int64(z.PcpBatch()):
			t.Fatalf("free %d reached high: buddy pages %d -> %d, want +%d", i, b, buddy(), z.PcpBatch())
		}
	}
	checkInvariants(t, m)
}

func TestDMAHasNoPcpCache(t *testing.T) {
	m, _ := newMachine(t, Config{Seed: 5})
	z := zoneNamed(t, m, "DMA")
	before := freeCounts(z)
	p := m.AllocPages(GFP_DMA, 0)
	if z.PcpCount() != 0 {
		t.Fatalf("DMA pcp count %d, want 0 (high 0, batch 1)", z.PcpCount())
	}
	m.FreePages(p, 0)
	if got := freeCounts(z); !slices.Equal(got, before) || z.PcpCount() != 0 {
		t.Fatalf("after alloc+free: %v pcp %d, want %v pcp 0", got, z.PcpCount(), before)
	}
}
