package mm

// Zone models struct zone (include/linux/mmzone.h, 2.6.27): a range of page
// frames with its own buddy free lists and per-cpu page list.
type Zone struct {
	m          *Memory
	name       string
	idx        int  // 0, 1, 2: position in Preset.ZoneNames
	highmem    bool // is_highmem(): no kernel mapping
	start, end uint64
	free       [MAX_ORDER]freeArea
	nrFree     int64 // pages on the buddy lists (NR_FREE_PAGES)
	pcp        perCPUPages
	wmark      watermarks
	lru        earlierWorkLRU // the clean page cache earlier work left here
	nrScan     int            // reclaim's scan credit, zone->nr_scan_inactive
}

// freeArea models struct free_area (include/linux/mmzone.h, 2.6.27).
type freeArea struct {
	list   pageList
	nrFree int // blocks on list
}

// Name models zone->name.
func (z *Zone) Name() string { return z.name }

// IsHighMem models is_highmem() (include/linux/mmzone.h, 2.6.27).
func (z *Zone) IsHighMem() bool { return z.highmem }

// StartPFN models zone->zone_start_pfn.
func (z *Zone) StartPFN() uint64 { return z.start }

// EndPFN returns the first pfn after the zone, zone_start_pfn + spanned_pages.
func (z *Zone) EndPFN() uint64 { return z.end }

// PresentPages models zone->present_pages (there are no holes here).
func (z *Zone) PresentPages() int64 { return int64(z.end - z.start) }

// NrFree returns the zone's free pages: those on the buddy lists
// (zone_page_state(zone, NR_FREE_PAGES), include/linux/vmstat.h) plus those
// waiting on the per-cpu list, which the kernel counts apart.
func (z *Zone) NrFree() int64 {
	if z == nil || z.m == nil {
		return 0
	}
	z.m.lock()
	defer z.m.unlock()
	return z.nrFree + int64(z.pcp.count)
}

// FreeBlocks returns free_area[order].nr_free (include/linux/mmzone.h,
// 2.6.27): how many free blocks of 1<<order pages the zone's buddy lists
// hold, the column /proc/buddyinfo prints. Pages on the per-cpu list are not
// counted. It returns 0 for an order outside 0..MAX_ORDER-1.
func (z *Zone) FreeBlocks(order int) int {
	if z == nil || z.m == nil || order < 0 || order >= MAX_ORDER {
		return 0
	}
	z.m.lock()
	defer z.m.unlock()
	return z.free[order].nrFree
}

// PcpCount models pcp->count (struct per_cpu_pages, include/linux/mmzone.h,
// 2.6.27): order-0 pages on the zone's per-cpu list.
func (z *Zone) PcpCount() int {
	if z == nil || z.m == nil {
		return 0
	}
	z.m.lock()
	defer z.m.unlock()
	return z.pcp.count
}

// PcpBatch models pcp->batch: how many pages move between the per-cpu list
// and the buddy lists at once.
func (z *Zone) PcpBatch() int { return z.pcp.batch }

// PcpHigh models pcp->high: when the per-cpu list reaches it, a batch goes
// back to the buddy lists.
func (z *Zone) PcpHigh() int { return z.pcp.high }

// newZone sets a zone over [start, end) up with empty lists, as
// free_area_init_core() and zone_pcp_init() do (mm/page_alloc.c, 2.6.27).
func newZone(m *Memory, idx int, name string, highmem bool, start, end uint64) *Zone {
	z := &Zone{m: m, name: name, idx: idx, highmem: highmem, start: start, end: end}
	batch := zoneBatchsize(int64(end - start))
	// setup_pageset(): high = 6 * batch, batch = max(1, batch).
	z.pcp.high = 6 * batch
	z.pcp.batch = max(1, batch)
	return z
}

// zoneBatchsize models zone_batchsize() (mm/page_alloc.c, 2.6.27): about a
// quarter of a thousandth of the zone, at most 512 KiB, rounded to 2^n - 1.
// An ~880 MiB Normal zone gets 31; the 16 MiB DMA zone gets 0 (the per-cpu
// list then holds nothing: every free goes straight to the buddy lists).
func zoneBatchsize(present int64) int {
	batch := present / 1024
	if batch*PAGE_SIZE > 512*1024 {
		batch = 512 * 1024 / PAGE_SIZE
	}
	batch /= 4
	if batch < 1 {
		batch = 1
	}
	return int(roundDownPow2(batch+batch/2)) - 1
}

func roundDownPow2(n int64) int64 {
	p := int64(1)
	for p*2 <= n {
		p *= 2
	}
	return p
}
