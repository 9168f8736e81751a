package mm

import (
	"slices"
	"testing"
)

func TestBuddyIndex(t *testing.T) {
	tests := []struct {
		idx      uint64
		order    int
		buddy    uint64
		combined uint64
	}{
		{0, 0, 1, 0},
		{1, 0, 0, 0},
		{4, 2, 0, 0},
		{0, 2, 4, 0},
		{12, 2, 8, 8},
		{8, 3, 0, 0},
		{1024, 10, 0, 0},
		{1536, 9, 1024, 1024},
		{0x3ff, 0, 0x3fe, 0x3fe},
	}
	for _, tt := range tests {
		if got := buddyIndex(tt.idx, tt.order); got != tt.buddy {
			t.Errorf("buddyIndex(%d, %d) = %d, want %d", tt.idx, tt.order, got, tt.buddy)
		}
		if got := combinedIndex(tt.idx, tt.order); got != tt.combined {
			t.Errorf("combinedIndex(%d, %d) = %d, want %d", tt.idx, tt.order, got, tt.combined)
		}
	}
}

func TestSplitAndCoalesce(t *testing.T) {
	m, _ := newTiny(t, 8)
	z := m.Zones()[0]
	if got, want := freeCounts(z), []int{0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0}; !slices.Equal(got, want) {
		t.Fatalf("boot: free lists %v, want %v", got, want)
	}

	p := m.AllocPages(GFP_KERNEL, 0)
	if p == nil || p.PFN() != 0 {
		t.Fatalf("AllocPages(0) = %v, want pfn 0 (the lowest piece)", p)
	}
	// The order-3 block split into 4+2+1+1: upper halves on the lower lists.
	if got, want := freeCounts(z), []int{1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0}; !slices.Equal(got, want) {
		t.Fatalf("after alloc: free lists %v, want %v", got, want)
	}
	m.lock()
	heads := []uint64{uint64(z.free[0].list.head - 1), uint64(z.free[1].list.head - 1), uint64(z.free[2].list.head - 1)}
	m.unlock()
	if want := []uint64{1, 2, 4}; !slices.Equal(heads, want) {
		t.Fatalf("free block pfns by order = %v, want %v", heads, want)
	}
	checkInvariants(t, m)

	m.FreePages(p, 0)
	if got, want := freeCounts(z), []int{0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0}; !slices.Equal(got, want) {
		t.Fatalf("after free: free lists %v, want %v (coalesced)", got, want)
	}
	checkInvariants(t, m)
}

func TestCoalesceNeedsBothBuddies(t *testing.T) {
	m, _ := newTiny(t, 16)
	z := m.Zones()[0]
	a := m.AllocPages(GFP_KERNEL, 2) // pfn 0..3
	b := m.AllocPages(GFP_KERNEL, 2) // pfn 4..7
	c := m.AllocPages(GFP_KERNEL, 3) // pfn 8..15
	if a.PFN() != 0 || b.PFN() != 4 || c.PFN() != 8 {
		t.Fatalf("pfns %d %d %d, want 0 4 8", a.PFN(), b.PFN(), c.PFN())
	}
	steps := []struct {
		free  *Page
		order int
		want  []int
	}{
		{a, 2, []int{0, 0, 1, 0, 0}}, // buddy b still allocated
		{c, 3, []int{0, 0, 1, 1, 0}}, // buddy of 8..15 is 0..7, half allocated
		{b, 2, []int{0, 0, 0, 0, 1}}, // 4 + 4 -> 8, 8 + 8 -> 16
	}
	for i, s := range steps {
		m.FreePages(s.free, s.order)
		if got := freeCounts(z)[:5]; !slices.Equal(got, s.want) {
			t.Fatalf("step %d: free lists %v, want %v", i, got, s.want)
		}
		checkInvariants(t, m)
	}
}

func TestFreeListIsLIFO(t *testing.T) {
	m, _ := newTiny(t, 32)
	var blocks []*Page
	for i := 0; i < 8; i++ {
		blocks = append(blocks, m.AllocPages(GFP_KERNEL, 2))
	}
	// Free pfn 0 and pfn 8: their buddies (4, 12) stay allocated.
	for _, p := range []*Page{blocks[0], blocks[2]} {
		m.FreePages(p, 2)
	}
	for _, want := range []uint64{8, 0} {
		p := m.AllocPages(GFP_KERNEL, 2)
		if p == nil || p.PFN() != want {
			t.Fatalf("AllocPages(2) = %v, want pfn %d (head of list: last freed)", p, want)
		}
	}
}

func TestAllocTakesSmallestBlock(t *testing.T) {
	m, _ := newTiny(t, 32)
	z := m.Zones()[0]
	// Make an order-2 hole inside a larger free area.
	a := m.AllocPages(GFP_KERNEL, 2) // 0..3, leaves 4..7 (order 2), 8..15, 16..31
	if got, want := freeCounts(z)[:6], []int{0, 0, 1, 1, 1, 0}; !slices.Equal(got, want) {
		t.Fatalf("free lists %v, want %v", got, want)
	}
	b := m.AllocPages(GFP_KERNEL, 1) // from the order-2 block at 4, not the bigger ones
	if b.PFN() != 4 {
		t.Fatalf("order-1 block at pfn %d, want 4", b.PFN())
	}
	_ = a
	if got, want := freeCounts(z)[:6], []int{0, 1, 0, 1, 1, 0}; !slices.Equal(got, want) {
		t.Fatalf("free lists %v, want %v", got, want)
	}
}

func TestZoneChoice(t *testing.T) {
	i386, _ := newMachine(t, Config{Seed: 1})
	x64, _ := newMachine(t, Config{Preset: X86_64, RAM: 8 * giB, Seed: 1})
	small, _ := newMachine(t, Config{RAM: 512 * miB, Seed: 1})
	tests := []struct {
		m    *Memory
		gfp  GFP
		zone string
	}{
		{i386, GFP_KERNEL, "Normal"},
		{i386, GFP_HIGHUSER, "HighMem"},
		{i386, GFP_KERNEL | GFP_HIGHMEM | GFP_ZERO, "HighMem"},
		{i386, GFP_DMA, "DMA"},
		{i386, GFP_DMA | GFP_HIGHMEM, "DMA"},
		{i386, GFP_DMA32, "Normal"},
		{small, GFP_HIGHUSER, "Normal"},
		{x64, GFP_KERNEL, "Normal"},
		{x64, GFP_HIGHUSER, "Normal"},
		{x64, GFP_DMA32, "DMA32"},
		{x64, GFP_DMA, "DMA"},
	}
	for _, tt := range tests {
		p := tt.m.AllocPages(tt.gfp, 0)
		if p == nil {
			t.Fatalf("%s AllocPages(%v) = nil", tt.m.Preset().Name, tt.gfp)
		}
		if p.ZoneName() != tt.zone {
			t.Errorf("%s AllocPages(%v) from %s, want %s", tt.m.Preset().Name, tt.gfp, p.ZoneName(), tt.zone)
		}
		if p.IsHighMem() != (tt.zone == "HighMem") {
			t.Errorf("IsHighMem() = %v in zone %s", p.IsHighMem(), p.ZoneName())
		}
	}
}

func TestFallbackToLowerZone(t *testing.T) {
	m, _ := newMachine(t, Config{RAM: 64 * miB, Seed: 3})
	normal := zoneNamed(t, m, "Normal")
	var got []*Page
	cached := m.EarlierWork().Cached
	for {
		p := m.AllocPages(GFP_KERNEL, 0)
		if p == nil {
			t.Fatal("allocation failed while DMA has free pages")
		}
		got = append(got, p)
		if p.ZoneName() == "DMA" {
			break
		}
	}
	// DMA's turn comes when Normal reaches its low watermark, before any
	// reclaim.
	if _, low, _ := normal.Watermarks(); normal.NrFree() > low+int64(normal.PcpCount()) {
		t.Errorf("a DMA page while Normal has %d free, above its low watermark %d", normal.NrFree(), low)
	}
	if c := m.EarlierWork().Cached; c != cached {
		t.Errorf("fell back to DMA after reclaiming %d pages", cached-c)
	}
	for _, p := range got {
		m.FreePages(p, 0)
	}
	checkInvariants(t, m)
}

// TestRandomAllocFree runs a seeded mix of allocations and frees and checks
// the lists after every step, then that freeing everything restores the
// free page count and the top-order blocks.
func TestRandomAllocFree(t *testing.T) {
	m, _ := newMachine(t, Config{RAM: 64 * miB, Seed: 7})
	// Reclaim turns earlier work's page cache into free pages: their sum
	// is what freeing everything must restore.
	before := m.NrFreePages() + m.EarlierWork().Cached
	rng := &splitMix{state: 99}
	type blk struct {
		p     *Page
		order int
	}
	var live []blk
	for i := 0; i < 3000; i++ {
		if len(live) > 0 && rng.chance(2, 5) {
			j := rng.intn(len(live))
			m.FreePages(live[j].p, live[j].order)
			live = slices.Delete(live, j, j+1)
		} else {
			order := rng.intn(5)
			gfp := []GFP{GFP_KERNEL, GFP_HIGHUSER, GFP_DMA}[rng.intn(3)]
			if p := m.AllocPages(gfp|GFP_NOWARN, order); p != nil {
				live = append(live, blk{p, order})
			}
		}
		if i%100 == 0 {
			checkInvariants(t, m)
		}
	}
	for _, b := range live {
		m.FreePages(b.p, b.order)
	}
	checkInvariants(t, m)
	if got := m.NrFreePages() + m.EarlierWork().Cached; got != before {
		t.Fatalf("free + cached = %d after freeing everything, want %d", got, before)
	}
}
