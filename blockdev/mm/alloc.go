package mm

import (
	"fmt"

	"simpblkdev/blockdev/fault"
)

// AllocPages models alloc_pages() (include/linux/gfp.h; mm/page_alloc.c
// __alloc_pages, get_page_from_freelist, buffered_rmqueue,
// __rmqueue_smallest and expand, 2.6.18). It returns the first page of a
// block of 1<<order contiguous pages, or nil.
//
// Zones are tried from the highest gfp allows down (GFP_HIGHMEM: HighMem,
// Normal, DMA; default: Normal, DMA, on x86_64 Normal, DMA32, DMA; GFP_DMA:
// DMA only), each only if it stays above its watermark (watermark.go) with
// its lowmem_reserve against the first zone of the list kept back: so a
// GFP_KERNEL allocation takes DMA's pages only when Normal is short, and
// never the last few hundred. Order-0 pages come from the zone's per-cpu
// list.
//
// The zones are tried at pages_low, then at pages_min. If that fails and gfp
// has GFP_WAIT, direct reclaim frees clean page cache (reclaim.go) and the
// zones are tried again at pages_min; for order <= 3 that repeats for as
// long as reclaim frees something, as 2.6.18 loops. When reclaim frees
// nothing, 2.6.18 would call the OOM killer; the simulator has no process it
// could kill, so the allocation fails there. Allocations made by reclaim
// itself (PF_MEMALLOC) ignore the watermarks and never reclaim. A failure
// prints "page allocation failure" unless GFP_NOWARN.
//
// Each call counts one fault.Page allocation; an injected failure returns
// nil at once, like fail_page_alloc. An order outside 0..MAX_ORDER-1 returns
// nil, as the kernel does.
func (m *Memory) AllocPages(gfp GFP, order int) *Page {
	if order < 0 || order >= MAX_ORDER {
		return nil
	}
	if m.cfg.Fault.ShouldFail(fault.Page) {
		return nil
	}
	return m.allocPages(gfp, order)
}

// allocPages is AllocPages without fault injection: __alloc_pages().
func (m *Memory) allocPages(gfp GFP, order int) *Page {
	m.lock()
	defer m.unlock()
	p := m.getPageFromFreelist(gfp, order, allocWmarkLow)
	flags := allocWmarkMin
	if gfp&GFP_WAIT == 0 {
		flags |= allocHarder
	}
	if gfp&GFP_HIGH != 0 {
		flags |= allocHigh
	}
	if p == nil {
		p = m.getPageFromFreelist(gfp, order, flags)
	}
	if p == nil && m.reclaiming > 0 {
		p = m.getPageFromFreelist(gfp, order, allocNoWatermarks)
	} else if p == nil && gfp&GFP_WAIT != 0 {
		for {
			if m.reclaim(gfp, max(SWAP_CLUSTER_MAX, 1<<order)) == 0 {
				break
			}
			if p = m.getPageFromFreelist(gfp, order, flags); p != nil || order > 3 {
				break
			}
		}
	}
	if p == nil && gfp&GFP_NOWARN == 0 {
		m.logf(kernWarning, "%s: page allocation failure. order:%d, mode:%#x\n", m.comm(), order, uint32(gfp))
	}
	return p
}

// getPageFromFreelist models get_page_from_freelist() (mm/page_alloc.c,
// 2.6.18): the first zone of the zonelist that passes the watermark flags
// ask for and has a block wins.
func (m *Memory) getPageFromFreelist(gfp GFP, order int, flags allocFlags) *Page {
	zl := m.zonelist(gfp)
	if len(zl) == 0 {
		return nil
	}
	classzone := zl[0].idx
	for _, z := range zl {
		if flags&allocNoWatermarks == 0 && !m.cfg.Pristine {
			mark := z.wmark.min
			if flags&allocWmarkLow != 0 {
				mark = z.wmark.low
			}
			if !z.watermarkOK(order, mark, classzone, flags) {
				continue
			}
		}
		if p := z.rmqueue(order); p != nil {
			m.prepNewPage(p, order, gfp)
			return p
		}
	}
	return nil
}

// rmqueue models buffered_rmqueue() (mm/page_alloc.c, 2.6.27): single
// pages through the per-cpu list, larger blocks straight from the buddy lists.
func (z *Zone) rmqueue(order int) *Page {
	if order == 0 {
		return z.rmqueuePcp()
	}
	return z.rmqueueSmallest(order)
}

// prepNewPage models prep_new_page() (mm/page_alloc.c, 2.6.27): mark the
// block allocated and, for __GFP_ZERO, cleared (prep_zero_page()). Clearing
// is lazy and gives host memory back: the pages drop whatever bytes they
// held and read as zeros until written.
func (m *Memory) prepNewPage(p *Page, order int, gfp GFP) {
	p.setState(pageAlloc)
	p.order = uint8(order)
	if gfp&GFP_ZERO != 0 {
		for i := uint64(0); i < 1<<order; i++ {
			m.clearPage(m.page(uint64(p.pfn) + i))
		}
	}
}

// zonelist models gfp_zone() and the node's zonelist (include/linux/gfp.h,
// mm/page_alloc.c build_zonelists, 2.6.27): the populated zones gfp allows,
// highest first.
func (m *Memory) zonelist(gfp GFP) []*Zone {
	high := 1 // ZONE_NORMAL on i386
	switch {
	case gfp&GFP_DMA != 0:
		high = 0
	case gfp&GFP_DMA32 != 0 && !m.preset.HasHighMem:
		high = 1 // ZONE_DMA32 on x86_64
	case gfp&GFP_HIGHMEM != 0 || !m.preset.HasHighMem:
		high = 2 // ZONE_HIGHMEM on i386, ZONE_NORMAL on x86_64
	}
	return m.zonelists[high]
}

// FreePages models __free_pages() (mm/page_alloc.c, 2.6.27): order-0 pages
// go to the head of the zone's per-cpu list, larger blocks to
// __free_one_page(), which merges them with free buddies. Like
// __free_pages() it returns nothing: C has no failure to report.
//
// Freeing a page that is not the first page of an allocated block (a double
// free, a reserved page, a page inside a block), with another order than it
// was allocated with or an order outside 0..MAX_ORDER-1, or freeing a HighMem
// page that is still kmapped, changes nothing and prints the "Bad page state"
// report of bad_page(). A NULL page (an oops in the kernel) and a page of
// another machine change nothing and print a BUG line.
func (m *Memory) FreePages(p *Page, order int) {
	if p == nil {
		m.printk(kernAlert, "BUG: unable to handle kernel NULL pointer dereference in __free_pages\n")
		return
	}
	if !m.owns(p) {
		m.printk(kernAlert, "BUG: __free_pages of %v, which is not a page of this machine\n", p)
		return
	}
	m.lock()
	defer m.unlock()
	if !m.checkFree(p, order) {
		return
	}
	if order == 0 {
		m.zoneOfPage(p).freePcp(p)
	} else {
		m.zoneOfPage(p).freeOne(p, order)
	}
}

// checkFree models free_pages_check() and bad_page() (mm/page_alloc.c,
// 2.6.27): it reports whether the block may be freed, and prints the
// "Bad page state" report when it may not.
func (m *Memory) checkFree(p *Page, order int) bool {
	var why string
	switch {
	case order < 0 || order >= MAX_ORDER:
		why = fmt.Sprintf("order %d is outside 0..%d", order, MAX_ORDER-1)
	case p.state() == pageBuddy || p.state() == pagePcp:
		why = "page is already free (double free?)"
	case p.state() == pageReserved:
		why = "page is reserved"
	case p.state() == pageCache:
		why = "page is in the page cache"
	case p.state() != pageAlloc:
		why = "page is not the first page of an allocated block"
	case int(p.order) != order:
		why = fmt.Sprintf("page was allocated with order %d, freed with order %d", p.order, order)
	default:
		if q := m.pkmap.mappedIn(uint64(p.pfn), uint64(p.pfn)+1<<order); q != nil {
			why = fmt.Sprintf("page pfn:%#x is still kmapped", q.pfn)
		}
	}
	if why == "" {
		return true
	}
	m.logf(kernEmerg, "Bad page state in process '%s'\n", m.comm())
	m.logf(kernEmerg, "page pfn:%#x order:%d zone:%s: %s\n", p.pfn, order, m.zoneOfPage(p).name, why)
	m.logf(kernEmerg, "Trying to fix it up, but a reboot is needed\n")
	return false
}
