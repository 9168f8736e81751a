package mm

import "fmt"

// pageState says which list or owner a page belongs to. The kernel spreads
// this over page flags (PG_buddy, PG_reserved) and page_private.
type pageState uint8

const (
	pageNone     pageState = iota // inside a block (not its first page), or never used
	pageBuddy                     // first page of a free block on a buddy list (PageBuddy)
	pagePcp                       // free order-0 page on a per-cpu list
	pageAlloc                     // first page of an allocated block; order is its order
	pageReserved                  // taken at boot by firmware, kernel image or mem_map (PageReserved)
)

// contentsState says where a page's bytes are. A page costs host memory only
// once it is contentsData.
type contentsState uint8

const (
	contentsVirgin contentsState = iota // never touched since boot: seeded garbage
	contentsZero                        // cleared by __GFP_ZERO, not yet touched
	contentsData                        // bytes live in the block's arena
)

// Page models struct page (include/linux/mm_types.h, 2.6.27): one per page
// frame, found by its page frame number. Pointers are stable for the life
// of the Memory; compare pages with ==.
type Page struct {
	next, prev *Page // lru: links on a buddy free list or a per-cpu list
	zone       *Zone
	pfn        uint32
	order      uint8 // buddy order when pageBuddy, allocation order when pageAlloc
	state      pageState
	contents   contentsState
}

// PFN models page_to_pfn() (include/asm-generic/memory_model.h, 2.6.27).
// A nil page has pfn 0.
func (p *Page) PFN() uint64 {
	if p == nil {
		return 0
	}
	return uint64(p.pfn)
}

// Zone models page_zone() (include/linux/mm.h, 2.6.27); nil for a nil page.
func (p *Page) Zone() *Zone {
	if p == nil {
		return nil
	}
	return p.zone
}

// ZoneName returns the name of the page's zone ("DMA", "Normal", ...),
// as page_zone(page)->name (include/linux/mm.h, 2.6.27); "" for a nil page.
func (p *Page) ZoneName() string {
	if p == nil || p.zone == nil {
		return ""
	}
	return p.zone.name
}

// IsHighMem models PageHighMem() (include/linux/page-flags.h, 2.6.27): the
// page has no permanent kernel address and must be kmapped.
func (p *Page) IsHighMem() bool {
	return p != nil && p.zone != nil && p.zone.highmem
}

// String names the page by pfn and zone, for messages.
func (p *Page) String() string {
	if p == nil || p.zone == nil {
		return "page:(null)"
	}
	return fmt.Sprintf("page pfn:%#x (%s)", p.pfn, p.zone.name)
}

// PFNToPage models pfn_to_page() (include/asm-generic/memory_model.h,
// 2.6.27). It returns nil for a pfn beyond the end of RAM.
func (m *Memory) PFNToPage(pfn uint64) *Page {
	m.lock()
	defer m.unlock()
	if pfn >= m.nrPages {
		return nil
	}
	return m.page(pfn)
}

// Nth returns the i-th page after p, the kernel's "page + i" inside a block
// from alloc_pages(). It returns nil when p is nil or the result is outside RAM.
func (m *Memory) Nth(p *Page, i int) *Page {
	if p == nil || p.zone == nil || p.zone.m != m {
		return nil
	}
	pfn := int64(p.pfn) + int64(i)
	if pfn < 0 {
		return nil
	}
	return m.PFNToPage(uint64(pfn))
}

// page returns the struct page of pfn < m.nrPages, creating the struct pages
// of its MAX_ORDER block on first use (the kernel's mem_map is allocated
// whole at boot; here it is filled in lazily so a big, mostly free machine
// stays small). The first page of every block always exists, so free blocks
// of the top order need nothing more.
func (m *Memory) page(pfn uint64) *Page {
	blk := pfn / pagesPerBlock
	i := pfn % pagesPerBlock
	if i == 0 {
		return &m.heads[blk]
	}
	t := m.tails[blk]
	if t == nil {
		t = new([pagesPerBlock - 1]Page)
		base := blk * pagesPerBlock
		for j := range t {
			q := base + 1 + uint64(j)
			if q >= m.nrPages {
				break
			}
			t[j].pfn = uint32(q)
			t[j].zone = m.zoneOf(q)
		}
		m.tails[blk] = t
	}
	return &t[i-1]
}

// owns reports whether p is a page of this machine.
func (m *Memory) owns(p *Page) bool {
	return p != nil && p.zone != nil && p.zone.m == m
}
