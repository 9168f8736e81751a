package mm

// buddyIndex models __page_find_buddy()'s arithmetic (mm/page_alloc.c,
// 2.6.27): the buddy of the block at page index idx of size 1<<order is
// the block whose index differs only in bit order.
func buddyIndex(idx uint64, order int) uint64 {
	return idx ^ (1 << order)
}

// combinedIndex models __find_combined_index() (mm/page_alloc.c, 2.6.27):
// a block and its buddy merge into the block starting at the lower of the
// two, which is idx with bit order cleared.
func combinedIndex(idx uint64, order int) uint64 {
	return idx &^ (1 << order)
}

// rmqueueSmallest models __rmqueue_smallest() (mm/page_alloc.c, 2.6.27):
// take the head of the smallest non-empty free list of at least order and
// split it down to order with expand(). It returns nil when the zone has no
// block large enough.
func (z *Zone) rmqueueSmallest(order int) *Page {
	for cur := order; cur < MAX_ORDER; cur++ {
		area := &z.free[cur]
		p := area.list.popHead(z.m)
		if p == nil {
			continue
		}
		area.nrFree--
		p.setState(pageNone)
		z.nrFree -= 1 << order
		z.expand(p, order, cur)
		return p
	}
	return nil
}

// expand models expand() (mm/page_alloc.c, 2.6.27): halve a block of order
// high until it has order low, putting each upper half at the head of the
// free list one order down. The caller keeps the lowest piece.
func (z *Zone) expand(p *Page, low, high int) {
	size := uint64(1) << high
	for high > low {
		high--
		size >>= 1
		buddy := z.m.page(uint64(p.pfn) + size)
		z.addFree(buddy, high)
	}
}

// addFree puts the block headed by p on the head of free list order
// (set_page_order() and list_add(), mm/page_alloc.c).
func (z *Zone) addFree(p *Page, order int) {
	p.setState(pageBuddy)
	p.order = uint8(order)
	z.free[order].list.pushHead(z.m, p)
	z.free[order].nrFree++
}

// isBuddy models page_is_buddy() (mm/page_alloc.c, 2.6.27): pfn heads a
// free block of exactly order in this zone (a pfn of the zone's range is a
// page of the zone).
func (z *Zone) isBuddy(pfn uint64, order int) (*Page, bool) {
	if pfn < z.start || pfn >= z.end {
		return nil, false
	}
	b := z.m.page(pfn)
	return b, b.state() == pageBuddy && int(b.order) == order
}

// freeOne models __free_one_page() (mm/page_alloc.c, 2.6.27): while the
// block's buddy is free with the same order in the same zone, take the buddy
// off its list and merge; put the result at the head of its list.
func (z *Zone) freeOne(p *Page, order int) {
	pfn := uint64(p.pfn)
	p.setState(pageNone)
	z.nrFree += 1 << order
	for order < MAX_ORDER-1 {
		b, ok := z.isBuddy(buddyIndex(pfn, order), order)
		if !ok {
			break
		}
		z.free[order].list.remove(z.m, b)
		z.free[order].nrFree--
		b.setState(pageNone)
		pfn = combinedIndex(pfn, order)
		order++
	}
	z.addFree(z.m.page(pfn), order)
}
