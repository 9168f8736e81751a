package mm

import "encoding/binary"

// Page contents live in arenas: one []byte per MAX_ORDER block (4 MiB,
// aligned), made the first time one of its pages is touched, so any buddy
// block is contiguous inside one arena. A page's contentsState says whether
// its bytes are in the arena yet; until then it reads as seeded garbage
// (never used since boot) or zeros (__GFP_ZERO), at no host cost.

// arena returns the bytes of MAX_ORDER block blk, allocating them on first use.
func (m *Memory) arena(blk uint64) []byte {
	a := m.arenas[blk]
	if a == nil {
		n := min(pagesPerBlock, m.nrPages-blk*pagesPerBlock)
		a = make([]byte, n*PAGE_SIZE)
		m.arenas[blk] = a
	}
	return a
}

// pageBytes returns the page's bytes in its arena, materializing them first:
// garbage for a virgin page, zeros for a cleared one. With overwrite the
// caller is about to write the whole page, so the old contents are not built.
func (m *Memory) pageBytes(p *Page, overwrite bool) []byte {
	pfn := uint64(p.pfn)
	off := (pfn % pagesPerBlock) * PAGE_SIZE
	b := m.arena(pfn / pagesPerBlock)[off : off+PAGE_SIZE : off+PAGE_SIZE]
	if p.contents != contentsData {
		if !overwrite {
			m.fillContents(p, b)
		}
		p.contents = contentsData
	}
	return b
}

// fillContents writes what a page that is not yet in its arena reads as.
func (m *Memory) fillContents(p *Page, b []byte) {
	switch p.contents {
	case contentsZero:
		clear(b)
	case contentsVirgin:
		m.fillGarbage(uint64(p.pfn), b)
	}
}

// fillGarbage fills a whole page with what was in RAM before this kernel
// booted: SplitMix64 words seeded by Config.Seed and the pfn.
func (m *Memory) fillGarbage(pfn uint64, b []byte) {
	base := mix64(m.seed ^ mix64(pfn+golden))
	for i := 0; i+8 <= len(b); i += 8 {
		binary.LittleEndian.PutUint64(b[i:], mix64(base+uint64(i/8+1)*golden))
	}
}

// readPageLocked copies the page's bytes from off into b without spending
// host memory on pages not yet in their arena.
func (m *Memory) readPageLocked(p *Page, off int, b []byte) {
	if s := m.pkmap.slotOf(p); s != nil {
		copy(b, s.buf[off:])
		return
	}
	if p.contents == contentsData {
		pfn := uint64(p.pfn)
		a := m.arena(pfn / pagesPerBlock)
		copy(b, a[(pfn%pagesPerBlock)*PAGE_SIZE+uint64(off):])
		return
	}
	var tmp [PAGE_SIZE]byte
	m.fillContents(p, tmp[:])
	copy(b, tmp[off:])
}

// checkRange reports whether op may copy n bytes at off of page p. What the
// kernel would oops on or corrupt memory with is printed as a BUG line.
func (m *Memory) checkRange(op string, p *Page, off, n int) bool {
	switch {
	case p == nil:
		m.printk(kernAlert, "BUG: unable to handle kernel NULL pointer dereference in %s\n", op)
	case !m.owns(p):
		m.printk(kernAlert, "BUG: %s of %v, which is not a page of this machine\n", op, p)
	case off < 0 || n < 0 || off+n > PAGE_SIZE:
		m.printk(kernAlert, "BUG: %s: %d bytes at offset %d of page pfn:%#x do not fit in the page\n", op, n, off, p.pfn)
	default:
		return true
	}
	return false
}

// ReadPage copies len(b) bytes of page p from offset off into b, as the CPU
// would read them through any mapping; it works for HighMem pages (through
// their kmap slot if they are mapped) and costs no host memory for pages
// never written. It reads free pages too: what a freed page held is still
// there.
//
// ReadPage and WritePage model a memcpy() from and to a page's mapping
// (page_address() or kmap()), the way a driver's C moves data. memcpy()
// cannot fail and gives nothing to check, so they return nothing: a copy
// the kernel would oops on or corrupt memory with (a NULL page, a page of
// another machine, a range beyond the page) copies nothing, leaving b and
// the page unchanged, and is printed as a BUG line.
func (m *Memory) ReadPage(p *Page, off int, b []byte) {
	if !m.checkRange("ReadPage", p, off, len(b)) {
		return
	}
	m.lock()
	defer m.unlock()
	m.readPageLocked(p, off, b)
}

// WritePage copies b into page p at offset off, as a store through any
// mapping would (through its kmap slot if the page is mapped). Like
// ReadPage it returns nothing; a bad copy is printed as a BUG line.
func (m *Memory) WritePage(p *Page, off int, b []byte) {
	if !m.checkRange("WritePage", p, off, len(b)) {
		return
	}
	m.lock()
	defer m.unlock()
	if s := m.pkmap.slotOf(p); s != nil {
		copy(s.buf[off:], b)
		return
	}
	copy(m.pageBytes(p, off == 0 && len(b) == PAGE_SIZE)[off:], b)
}

// PageAddress models page_address() (mm/highmem.c, include/linux/mm.h,
// 2.6.27) for a block: the kernel's direct mapping of the 1<<order pages
// starting at p, as one contiguous slice of PAGE_SIZE<<order bytes. The
// slice aliases the pages: writes through it are the pages' new contents,
// and it stays valid (pointing at the same pages) after they are freed.
// HighMem pages have no such mapping: nil. So do a nil page, a bad order and
// a range that leaves RAM or crosses a MAX_ORDER boundary.
//
// Taking the address builds the pages' bytes in host memory; ReadPage and
// WritePage reach pages without that.
func (m *Memory) PageAddress(p *Page, order int) []byte {
	if !m.owns(p) || p.zone.highmem || order < 0 || order >= MAX_ORDER {
		return nil
	}
	pfn := uint64(p.pfn)
	n := uint64(1) << order
	if pfn%pagesPerBlock+n > pagesPerBlock || pfn+n > m.nrPages {
		return nil
	}
	m.lock()
	defer m.unlock()
	for i := uint64(0); i < n; i++ {
		q := m.page(pfn + i)
		if q.zone.highmem {
			return nil
		}
		m.pageBytes(q, false)
	}
	off := (pfn % pagesPerBlock) * PAGE_SIZE
	end := off + n*PAGE_SIZE
	return m.arena(pfn / pagesPerBlock)[off:end:end]
}

// BackingBytes returns how much host memory holds simulated page contents:
// the arenas built so far. It is what touching pages costs; the kernel has
// no counterpart (its RAM is all there from the start).
func (m *Memory) BackingBytes() int64 {
	m.lock()
	defer m.unlock()
	var n int64
	for _, a := range m.arenas {
		n += int64(len(a))
	}
	return n
}
