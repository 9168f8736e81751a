package mm

// pkmapSlot models one entry of pkmap_count[] and its PTE (mm/highmem.c,
// 2.6.27): a window of PAGE_SIZE bytes through which a HighMem page is seen
// while it is kmapped.
type pkmapSlot struct {
	page     *Page  // mapped page, nil when free
	count    int    // nested kmaps of page
	buf      []byte // the window; holds the page's bytes while mapped
	poisoned bool   // unmapped and filled with PAGE_POISON
	lastPFN  uint32 // page mapped here last, for reports
}

// pkmapPool models the persistent kmap area (mm/highmem.c, 2.6.27):
// LAST_PKMAP slots handed out round-robin from last_pkmap_nr.
type pkmapPool struct {
	slots  []pkmapSlot
	last   int
	byPage map[*Page]int
	refs   int // kmaps not yet matched by kunmap
}

func (k *pkmapPool) init(n int) {
	k.slots = make([]pkmapSlot, n)
	k.last = n - 1
	k.byPage = map[*Page]int{}
}

// slotOf returns the slot mapping p, or nil.
func (k *pkmapPool) slotOf(p *Page) *pkmapSlot {
	if i, ok := k.byPage[p]; ok {
		return &k.slots[i]
	}
	return nil
}

// mappedIn returns a mapped page with a pfn in [lo, hi), or nil.
func (k *pkmapPool) mappedIn(lo, hi uint64) *Page {
	if len(k.byPage) == 0 {
		return nil
	}
	for i := range k.slots {
		if p := k.slots[i].page; p != nil && uint64(p.pfn) >= lo && uint64(p.pfn) < hi {
			return p
		}
	}
	return nil
}

// Kmap models kmap() (include/linux/highmem.h, mm/highmem.c kmap_high and
// map_new_virtual, 2.6.27). A lowmem page is already mapped: its
// PageAddress. A HighMem page gets a pkmap slot, a PAGE_SIZE window holding
// its bytes until Kunmap; kmapping a page that is already mapped only counts
// one more user of the same slot. Like the kernel's, it cannot fail: it
// returns the mapping. What the kernel would not survive is printed as its
// report and answered with nil: a NULL page (the oops), a page of another
// machine, and a full pool, where kmap_high would sleep for ever (the kmap
// without kunmap that filled it is the driver's bug).
//
// If the slot chosen was written through a stale mapping since its last
// kunmap, Kmap prints "BUG: write to unmapped HighMem page", counts it for
// CheckKmapPoison, and maps the page anyway.
func (m *Memory) Kmap(p *Page) []byte {
	if p == nil {
		m.printk(kernAlert, "BUG: unable to handle kernel NULL pointer dereference in kmap\n")
		return nil
	}
	if !m.owns(p) {
		m.printk(kernAlert, "BUG: kmap of %v, which is not a page of this machine\n", p)
		return nil
	}
	if !p.highmem() {
		return m.PageAddress(p, 0)
	}
	m.lock()
	defer m.unlock()
	k := &m.pkmap
	if s := k.slotOf(p); s != nil {
		s.count++
		k.refs++
		return s.buf
	}
	i := k.findFree()
	if i < 0 {
		m.logf(kernErr, "kmap: all %d pkmap slots are in use (kmap without kunmap?)\n", len(k.slots))
		return nil
	}
	s := &k.slots[i]
	if s.poisoned {
		m.checkSlot(i)
	}
	if s.buf == nil {
		s.buf = make([]byte, PAGE_SIZE)
	}
	m.readPageLocked(p, 0, s.buf)
	*s = pkmapSlot{page: p, count: 1, buf: s.buf, lastPFN: p.pfn}
	k.byPage[p] = i
	k.refs++
	return s.buf
}

// findFree models the slot search of map_new_virtual(): the next free slot
// after last_pkmap_nr, wrapping around; -1 if none.
func (k *pkmapPool) findFree() int {
	for n := 0; n < len(k.slots); n++ {
		k.last = (k.last + 1) % len(k.slots)
		if k.slots[k.last].page == nil {
			return k.last
		}
	}
	return -1
}

// Kunmap models kunmap() (include/linux/highmem.h, mm/highmem.c kunmap_high,
// 2.6.27). For a lowmem page it does nothing. For a HighMem page it drops
// one user; the last one writes the window back to the page and fills the
// window with PAGE_POISON (0x6b), so a stale slice reads poison and a write
// through it is caught later. Kunmap of a HighMem page that is not mapped
// changes nothing and prints the BUG line of kunmap_high's BUG(); so do a
// NULL page and a page of another machine.
func (m *Memory) Kunmap(p *Page) {
	if p == nil {
		m.printk(kernAlert, "BUG: unable to handle kernel NULL pointer dereference in kunmap\n")
		return
	}
	if !m.owns(p) {
		m.printk(kernAlert, "BUG: kunmap of %v, which is not a page of this machine\n", p)
		return
	}
	if !p.highmem() {
		return
	}
	m.lock()
	defer m.unlock()
	k := &m.pkmap
	i, ok := k.byPage[p]
	if !ok {
		m.logf(kernAlert, "BUG: kunmap of HighMem page pfn:%#x that is not kmapped\n", p.pfn)
		return
	}
	s := &k.slots[i]
	s.count--
	k.refs--
	if s.count > 0 {
		return
	}
	m.writeBack(p, s.buf)
	for j := range s.buf {
		s.buf[j] = PAGE_POISON
	}
	s.page = nil
	s.poisoned = true
	delete(k.byPage, p)
}

// writeBack stores a window's bytes into the page. A page that still reads
// exactly as before (garbage or zeros never touched) stays unbuilt, so
// kmapping to read costs no host memory.
func (m *Memory) writeBack(p *Page, buf []byte) {
	if p.contents() != contentsData && m.readsAs(p, buf) {
		return
	}
	copy(m.pageBytes(p, true), buf)
}

// checkSlot verifies that an unmapped slot still holds only poison. If not,
// something wrote through a mapping after kunmap: print the report, count it
// for CheckKmapPoison and poison the slot again. Call it with the lock held.
func (m *Memory) checkSlot(i int) {
	s := &m.pkmap.slots[i]
	at := firstNotPoison(s.buf)
	if at < 0 {
		return
	}
	m.logf(kernAlert, "BUG: write to unmapped HighMem page (pfn:%#x, pkmap slot %d, offset %d)\n", s.lastPFN, i, at)
	m.staleWrites++
	for j := range s.buf {
		s.buf[j] = PAGE_POISON
	}
}

func firstNotPoison(b []byte) int {
	for i, c := range b {
		if c != PAGE_POISON {
			return i
		}
	}
	return -1
}

// KmapsInUse returns how many kmap() calls on HighMem pages have not been
// matched by kunmap() yet (the sum of pkmap_count[] users). A module that
// unloads with this above its starting value leaked kmaps. Lowmem kmaps
// are not counted: the kernel does not track them either.
func (m *Memory) KmapsInUse() int {
	m.lock()
	defer m.unlock()
	return m.pkmap.refs
}

// CheckKmapPoison verifies every unmapped pkmap slot still holds only
// PAGE_POISON, printing "BUG: write to unmapped HighMem page (pfn, pkmap
// slot, offset)" for each write through a stale mapping it finds. It
// returns how many such writes it found now and Kmap found when reusing a
// slot since the last call; 0 if there are none. The kernel has no such
// check (a stale write corrupts whatever the slot maps next); it is the
// simulator's, run when a module unloads and by tests.
func (m *Memory) CheckKmapPoison() int {
	m.lock()
	defer m.unlock()
	for i := range m.pkmap.slots {
		if s := &m.pkmap.slots[i]; s.page == nil && s.poisoned {
			m.checkSlot(i)
		}
	}
	n := m.staleWrites
	m.staleWrites = 0
	return n
}
