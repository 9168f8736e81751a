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
	pageCache                     // clean page cache of earlier work, on its zone's LRU (PG_lru, page->mapping set)
)

// contentsState says where a page's bytes are. A page costs host memory only
// once it is contentsData.
type contentsState uint8

const (
	contentsVirgin contentsState = iota // never written since boot: seeded garbage
	contentsZero                        // cleared by __GFP_ZERO, not written since
	contentsData                        // bytes materialised in host memory (Memory.data)
)

// Page models struct page (include/linux/mm_types.h, 2.6.27): one per page
// frame, found by its page frame number. Pointers are stable for the life
// of the Memory; compare pages with ==.
//
// A Page holds no Go pointer, so the garbage collector never scans the
// frames of a machine however large: the lru links are pfns, the zone is
// found from the pfn, the machine through its id (machines.go).
type Page struct {
	pfn        uint32
	next, prev uint32 // lru: pfn+1 of the neighbours on a buddy or per-cpu list, 0 at the ends
	ident      uint16 // machine id<<1 | 1 for a HighMem page; set when the frame is made
	order      uint8  // buddy order when pageBuddy, allocation order when pageAlloc
	flags      uint8  // pageState in the low nibble, contentsState in the high one
}

func (p *Page) state() pageState     { return pageState(p.flags & 0xf) }
func (p *Page) setState(s pageState) { p.flags = p.flags&0xf0 | uint8(s) }

func (p *Page) contents() contentsState { return contentsState(p.flags >> 4) }
func (p *Page) setContents(c contentsState) {
	p.flags = p.flags&0x0f | uint8(c)<<4
}

func (p *Page) machineID() uint16 { return p.ident >> 1 }
func (p *Page) highmem() bool     { return p.ident&1 != 0 }

// PFN models page_to_pfn() (include/asm-generic/memory_model.h, 2.6.27).
// A nil page has pfn 0.
func (p *Page) PFN() uint64 {
	if p == nil {
		return 0
	}
	return uint64(p.pfn)
}

// Zone models page_zone() (include/linux/mm.h, 2.6.27); nil for a nil page
// or one whose machine is gone.
func (p *Page) Zone() *Zone {
	if p == nil {
		return nil
	}
	m := machineByID(p.machineID())
	if !m.owns(p) {
		return nil
	}
	return m.zoneOf(uint64(p.pfn))
}

// ZoneName returns the name of the page's zone ("DMA", "Normal", ...),
// as page_zone(page)->name (include/linux/mm.h, 2.6.27); "" for a nil page.
func (p *Page) ZoneName() string {
	if z := p.Zone(); z != nil {
		return z.name
	}
	return ""
}

// IsHighMem models PageHighMem() (include/linux/page-flags.h, 2.6.27): the
// page has no permanent kernel address and must be kmapped.
func (p *Page) IsHighMem() bool {
	return p != nil && p.highmem()
}

// String names the page by pfn and zone, for messages.
func (p *Page) String() string {
	z := p.Zone()
	if z == nil {
		return "page:(null)"
	}
	return fmt.Sprintf("page pfn:%#x (%s)", p.pfn, z.name)
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
	if !m.owns(p) {
		return nil
	}
	pfn := int64(p.pfn) + int64(i)
	if pfn < 0 {
		return nil
	}
	return m.PFNToPage(uint64(pfn))
}

// frameBlock is the struct pages of one MAX_ORDER block but its first.
type frameBlock [pagesPerBlock - 1]Page

// page returns the struct page of pfn < m.nrPages, creating the struct pages
// of its MAX_ORDER block on first use (the kernel's mem_map is allocated
// whole at boot; here it is filled in lazily so a big, mostly free machine
// stays small). The first page of every block always exists, so free blocks
// of the top order need nothing more. Call it with the lock held.
func (m *Memory) page(pfn uint64) *Page {
	blk := pfn / pagesPerBlock
	i := pfn % pagesPerBlock
	if i == 0 {
		return &m.heads[blk]
	}
	t := m.tails[blk].Load()
	if t == nil {
		t = new(frameBlock)
		base := blk * pagesPerBlock
		for j := range t {
			q := base + 1 + uint64(j)
			if q >= m.nrPages {
				break
			}
			t[j] = m.newFrame(q)
		}
		m.tails[blk].Store(t)
	}
	return &t[i-1]
}

// newFrame is the struct page of pfn as boot leaves it: no list, no owner,
// garbage contents.
func (m *Memory) newFrame(pfn uint64) Page {
	id := m.id << 1
	if z := m.zoneOf(pfn); z != nil && z.highmem {
		id |= 1
	}
	return Page{pfn: uint32(pfn), ident: id}
}

// owns reports whether p is a page of this machine: one of its frames, not
// a copy nor a frame of another machine. It takes no lock.
func (m *Memory) owns(p *Page) bool {
	if m == nil || p == nil || p.machineID() != m.id || uint64(p.pfn) >= m.nrPages {
		return false
	}
	blk := uint64(p.pfn) / pagesPerBlock
	if i := uint64(p.pfn) % pagesPerBlock; i != 0 {
		t := m.tails[blk].Load()
		return t != nil && &t[i-1] == p
	}
	return &m.heads[blk] == p
}

// zoneOfPage is page_zone() for a page of this machine.
func (m *Memory) zoneOfPage(p *Page) *Zone { return m.zoneOf(uint64(p.pfn)) }
