package mm

import (
	"bytes"
	"encoding/binary"
)

// A page's bytes take host memory only once written (contentsData). Until
// then they are computed when read: garbage from (seed, pfn, offset) for a
// page never written since boot, zeros for one cleared by __GFP_ZERO.
// Written bytes live in data, a two-level table by pfn holding one slice
// per page; the pages of a block whose address was taken as a whole
// (PageAddress with order > 0) share one contiguous buffer.

// chunkPages is how many pages' slices one dataChunk holds: small, so that
// pages written far apart cost little more than their own bytes.
const chunkPages = 64

// dataChunk holds the bytes of the materialised pages among chunkPages
// consecutive pfns.
type dataChunk struct {
	n     int                // materialised pages in the chunk
	pages [chunkPages][]byte // page bytes, each with the capacity to its buffer's end
}

var zeroPage [PAGE_SIZE]byte

// slot returns the bytes of page pfn in host memory, nil if it has none.
func (m *Memory) slot(pfn uint64) []byte {
	c := m.data[pfn/chunkPages]
	if c == nil {
		return nil
	}
	return c.pages[pfn%chunkPages]
}

// setSlot makes b the bytes of page pfn (nil: none), keeping the count of
// materialised pages and dropping chunks that become empty.
func (m *Memory) setSlot(pfn uint64, b []byte) {
	c := m.data[pfn/chunkPages]
	if c == nil {
		if b == nil {
			return
		}
		c = new(dataChunk)
		m.data[pfn/chunkPages] = c
	}
	old := &c.pages[pfn%chunkPages]
	switch {
	case *old == nil && b != nil:
		c.n++
		m.materialised++
	case *old != nil && b == nil:
		c.n--
		m.materialised--
	}
	*old = b
	if c.n == 0 {
		m.data[pfn/chunkPages] = nil
	}
}

// clearPage is prep_zero_page() for one page: it reads as zeros from now
// on, and the bytes it held go back to the host.
func (m *Memory) clearPage(p *Page) {
	if p.contents() == contentsData {
		m.setSlot(uint64(p.pfn), nil)
	}
	p.setContents(contentsZero)
}

// pageBytes returns the page's PAGE_SIZE bytes in host memory,
// materialising them first: garbage for a virgin page, zeros for a cleared
// one. With overwrite the caller is about to write the whole page, so the
// old contents are not built.
func (m *Memory) pageBytes(p *Page, overwrite bool) []byte {
	pfn := uint64(p.pfn)
	if p.contents() == contentsData {
		return m.slot(pfn)[:PAGE_SIZE:PAGE_SIZE]
	}
	b := make([]byte, PAGE_SIZE)
	if !overwrite {
		m.fillContents(p, 0, b)
	}
	m.setSlot(pfn, b)
	p.setContents(contentsData)
	return b
}

// blockBytes returns the n pages from pfn as one contiguous slice of host
// memory. Pages materialised one by one are moved into a new buffer for the
// block (what an earlier PageAddress of one of them returned then no
// longer aliases it); a block built so before is returned as it is.
func (m *Memory) blockBytes(pfn, n uint64) []byte {
	if n == 1 {
		return m.pageBytes(m.page(pfn), false)
	}
	size := n * PAGE_SIZE
	if s := m.slot(pfn); uint64(cap(s)) >= size {
		contiguous := true
		for i := uint64(1); i < n && contiguous; i++ {
			q := m.slot(pfn + i)
			contiguous = q != nil && &q[0] == &s[i*PAGE_SIZE]
		}
		if contiguous {
			return s[:size:size]
		}
	}
	buf := make([]byte, size)
	for i := uint64(0); i < n; i++ {
		p := m.page(pfn + i)
		m.fillContents(p, 0, buf[i*PAGE_SIZE:(i+1)*PAGE_SIZE])
		m.setSlot(pfn+i, buf[i*PAGE_SIZE:])
		p.setContents(contentsData)
	}
	return buf
}

// fillContents copies what the page holds from offset off into b, without
// materialising it.
func (m *Memory) fillContents(p *Page, off int, b []byte) {
	switch p.contents() {
	case contentsData:
		copy(b, m.slot(uint64(p.pfn))[off:PAGE_SIZE])
	case contentsZero:
		clear(b)
	case contentsVirgin:
		m.garbage(uint64(p.pfn), off, b)
	}
}

// readsAs reports whether the page, not materialised, reads as b (a whole
// page): so a kmap window written back unchanged costs nothing.
func (m *Memory) readsAs(p *Page, b []byte) bool {
	switch p.contents() {
	case contentsZero:
		return bytes.Equal(b, zeroPage[:])
	case contentsVirgin:
		var tmp [PAGE_SIZE]byte
		m.garbage(uint64(p.pfn), 0, tmp[:])
		return bytes.Equal(b, tmp[:])
	}
	return false
}

// garbage writes the bytes from offset off of what page pfn held before
// this kernel booted: SplitMix64 words seeded by Config.Seed and the pfn,
// word k (bytes 8k to 8k+7, little-endian) being a function of seed, pfn
// and k alone, so any range is computed without the rest of the page.
func (m *Memory) garbage(pfn uint64, off int, b []byte) {
	base := mix64(m.seed ^ mix64(pfn+golden))
	k := uint64(off/8) + 1 // word k-1 is mix64(base + k*golden)
	var w [8]byte
	if skip := off % 8; skip != 0 && len(b) > 0 {
		binary.LittleEndian.PutUint64(w[:], mix64(base+k*golden))
		b = b[copy(b, w[skip:]):]
		k++
	}
	n := len(b) &^ 7
	for i := 0; i < n; i += 8 {
		binary.LittleEndian.PutUint64(b[i:i+8], mix64(base+k*golden))
		k++
	}
	if n < len(b) {
		binary.LittleEndian.PutUint64(w[:], mix64(base+k*golden))
		copy(b[n:], w[:])
	}
}

// readPageLocked copies the page's bytes from off into b without spending
// host memory on pages never written.
func (m *Memory) readPageLocked(p *Page, off int, b []byte) {
	if s := m.pkmap.slotOf(p); s != nil {
		copy(b, s.buf[off:])
		return
	}
	m.fillContents(p, off, b)
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
// mapping would (through its kmap slot if the page is mapped). It
// materialises the page, unless it writes zeros onto a cleared one. Like
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
	if p.contents() == contentsZero && bytes.Equal(b, zeroPage[:len(b)]) {
		return // zeros onto zeros: nothing to keep
	}
	copy(m.pageBytes(p, off == 0 && len(b) == PAGE_SIZE)[off:], b)
}

// PageAddress models page_address() (mm/highmem.c, include/linux/mm.h,
// 2.6.27) for a block: the kernel's direct mapping of the 1<<order pages
// starting at p, as one contiguous slice of PAGE_SIZE<<order bytes. The
// slice aliases the pages: writes through it are the pages' new contents,
// and it stays valid (pointing at the same pages) after they are freed,
// until they are allocated again with __GFP_ZERO (which gives their bytes
// back to the host) or their address is taken as part of a larger block.
// HighMem pages have no such mapping: nil. So do a nil page, a bad order and
// a range that leaves RAM or crosses a MAX_ORDER boundary.
//
// The caller may write through the slice, so taking the address
// materialises the pages in host memory; ReadPage reaches pages without
// that, and WritePage materialises only the page it writes.
func (m *Memory) PageAddress(p *Page, order int) []byte {
	if !m.owns(p) || p.highmem() || order < 0 || order >= MAX_ORDER {
		return nil
	}
	pfn := uint64(p.pfn)
	n := uint64(1) << order
	if pfn%pagesPerBlock+n > pagesPerBlock || pfn+n > m.nrPages {
		return nil
	}
	m.lock()
	defer m.unlock()
	for i := uint64(1); i < n; i++ {
		if m.page(pfn + i).highmem() {
			return nil
		}
	}
	return m.blockBytes(pfn, n)
}

// BackingBytes returns how much host memory holds simulated page contents:
// PAGE_SIZE for every page materialised (written, or addressed through
// PageAddress or Kmap) and not cleared by __GFP_ZERO since. The kernel has
// no counterpart (its RAM is all there from the start).
func (m *Memory) BackingBytes() int64 {
	m.lock()
	defer m.unlock()
	return m.materialised * PAGE_SIZE
}
