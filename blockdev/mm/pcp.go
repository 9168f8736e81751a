package mm

// perCPUPages models struct per_cpu_pages (include/linux/mmzone.h, 2.6.27)
// for the one CPU the simulated machine has: a cache of order-0 pages in
// front of the buddy lists, so single pages move to and from the buddy
// lists in batches.
type perCPUPages struct {
	list  pageList
	count int
	high  int
	batch int
}

// rmqueuePcp models the order-0 path of buffered_rmqueue() (mm/page_alloc.c,
// 2.6.27): when the list is empty, refill it with batch pages through
// rmqueue_bulk(), then hand out its head.
func (z *Zone) rmqueuePcp() *Page {
	pcp := &z.pcp
	if pcp.count == 0 {
		for i := 0; i < pcp.batch; i++ {
			p := z.rmqueueSmallest(0)
			if p == nil {
				break
			}
			p.setState(pagePcp)
			pcp.list.pushTail(z.m, p)
			pcp.count++
		}
	}
	p := pcp.list.popHead(z.m)
	if p == nil {
		return nil
	}
	pcp.count--
	p.setState(pageNone)
	return p
}

// freePcp models free_hot_cold_page() (mm/page_alloc.c, 2.6.27) for a hot
// page: put it at the head of the list; when the list reaches high, give
// batch pages from its cold end back to the buddy lists (free_pages_bulk()).
func (z *Zone) freePcp(p *Page) {
	pcp := &z.pcp
	p.setState(pagePcp)
	pcp.list.pushHead(z.m, p)
	pcp.count++
	if pcp.count >= pcp.high {
		z.freePcpBulk(pcp.batch)
	}
}

// freePcpBulk models free_pages_bulk() (mm/page_alloc.c, 2.6.27): move n
// pages from the tail of the per-cpu list to the buddy lists.
func (z *Zone) freePcpBulk(n int) {
	pcp := &z.pcp
	for ; n > 0 && pcp.count > 0; n-- {
		p := pcp.list.popTail(z.m)
		pcp.count--
		z.freeOne(p, 0)
	}
}

// drainPcp models drain_pages() (mm/page_alloc.c, 2.6.27): empty the
// per-cpu list into the buddy lists.
func (z *Zone) drainPcp() {
	z.freePcpBulk(z.pcp.count)
}

// DrainPages models drain_all_pages() (mm/page_alloc.c, 2.6.27): every
// zone's per-cpu list goes back to the buddy lists, so /proc/buddyinfo
// counts every free page.
func (m *Memory) DrainPages() {
	m.lock()
	defer m.unlock()
	for _, z := range m.zones {
		z.drainPcp()
	}
}
