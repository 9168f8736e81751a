package mm

// watermarks holds what setup_per_zone_pages_min() and
// setup_per_zone_lowmem_reserve() (mm/page_alloc.c, 2.6.18) give a zone:
// the free-page levels below which an allocation passes it by, and the
// pages it keeps back from allocations that could have used a higher zone.
type watermarks struct {
	min, low, high int64
	// lowmemReserve[j] models zone->lowmem_reserve[j]: the pages this zone
	// keeps free against an allocation whose zonelist starts at zone j.
	lowmemReserve [3]int64
}

// allocFlags models the ALLOC_* flags of mm/page_alloc.c (2.6.18): which
// watermark get_page_from_freelist() checks and how far below it a caller
// may go.
type allocFlags uint8

const (
	allocNoWatermarks allocFlags = 1 << iota // ALLOC_NO_WATERMARKS: PF_MEMALLOC, reclaim's own allocations
	allocWmarkMin                            // ALLOC_WMARK_MIN
	allocWmarkLow                            // ALLOC_WMARK_LOW
	allocHarder                              // ALLOC_HARDER: may not sleep, so a quarter below min
	allocHigh                                // ALLOC_HIGH: __GFP_HIGH, half below min
)

// minFreeKbytes models init_per_zone_pages_min() (mm/page_alloc.c, 2.6.18):
// min_free_kbytes = int_sqrt(lowmem_kbytes * 16), clamped to [128, 65536],
// where lowmem_kbytes is nr_free_buffer_pages() at boot, the present pages
// of the zones GFP_USER may use (all but HighMem). About 3.8 MB on a 1 GiB
// i386 machine.
func (m *Memory) minFreeKbytes() int64 {
	var lowmem int64
	for _, z := range m.zones {
		if !z.highmem {
			lowmem += z.PresentPages()
		}
	}
	return min(max(intSqrt(lowmem*(PAGE_SIZE/1024)*16), 128), 65536)
}

// intSqrt models int_sqrt() (lib/int_sqrt.c): the largest r with r*r <= x.
func intSqrt(x int64) int64 {
	r := int64(0)
	for b := int64(1) << 31; b > 0; b >>= 1 {
		if (r+b)*(r+b) <= x {
			r += b
		}
	}
	return r
}

// setupWatermarks models setup_per_zone_pages_min() and
// setup_per_zone_lowmem_reserve() (mm/page_alloc.c, 2.6.18). min_free_kbytes
// is shared among the lowmem zones by size; a HighMem zone's pages_min is
// its present pages / 1024, within [SWAP_CLUSTER_MAX, 128]; pages_low and
// pages_high add a quarter and a half of the zone's share. A zone below
// zone j keeps (the present pages of the zones from it up to j, itself
// excluded) / sysctl_lowmem_reserve_ratio[its index] in reserve against
// allocations that start at zone j.
//
// A Pristine machine holds nothing back: its watermarks and reserves are 0
// and never checked, so an exercise can drain a zone to its last page.
func (m *Memory) setupWatermarks() {
	if m.cfg.Pristine {
		return
	}
	pagesMin := m.minFreeKbytes() / (PAGE_SIZE / 1024)
	var lowmem int64
	for _, z := range m.zones {
		if !z.highmem {
			lowmem += z.PresentPages()
		}
	}
	for _, z := range m.zones {
		tmp := pagesMin * z.PresentPages() / lowmem
		w := &z.wmark
		if z.highmem {
			w.min = min(max(z.PresentPages()/1024, SWAP_CLUSTER_MAX), 128)
		} else {
			w.min = tmp
		}
		w.low = w.min + tmp/4
		w.high = w.min + tmp/2
	}
	for j, upper := range m.zones {
		present := upper.PresentPages()
		for i := j - 1; i >= 0; i-- {
			lower := m.zones[i]
			ratio := max(m.preset.LowmemReserveRatio[lower.idx], 1)
			lower.wmark.lowmemReserve[upper.idx] = present / ratio
			present += lower.PresentPages()
		}
	}
}

// watermarkOK models zone_watermark_ok() (mm/page_alloc.c, 2.6.18): after
// taking 1<<order pages, the zone must keep more than mark (less for
// ALLOC_HIGH and ALLOC_HARDER) plus its reserve against classzone, and at
// each order below the one asked for, the free pages in blocks of that
// order or larger must exceed mark halved once more. So an order-2 request
// passes a zone by when its blocks of order 2 and up hold too little, however
// many single pages it has. Pages on the per-cpu list do not count, as
// zone->free_pages does not count them. Call it with the lock held.
func (z *Zone) watermarkOK(order int, mark int64, classzone int, flags allocFlags) bool {
	lim := mark
	free := z.nrFree - 1<<order + 1
	if flags&allocHigh != 0 {
		lim -= lim / 2
	}
	if flags&allocHarder != 0 {
		lim -= lim / 4
	}
	if free <= lim+z.wmark.lowmemReserve[classzone] {
		return false
	}
	for o := 0; o < order; o++ {
		free -= int64(z.free[o].nrFree) << o
		lim >>= 1
		if free <= lim {
			return false
		}
	}
	return true
}

// Watermarks returns the zone's pages_min, pages_low and pages_high, the
// "min", "low" and "high" of /proc/zoneinfo.
func (z *Zone) Watermarks() (minPages, low, high int64) {
	return z.wmark.min, z.wmark.low, z.wmark.high
}

// LowmemReserve returns the zone's protection against allocations whose
// zonelist starts at each zone index, the "protection" of /proc/zoneinfo.
func (z *Zone) LowmemReserve() [3]int64 { return z.wmark.lowmemReserve }
