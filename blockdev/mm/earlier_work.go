package mm

// A machine that has been up a while (Preset.RunningBox) is not what
// free_all_bootmem() leaves: earlier work — a few processes, and the files
// they read — holds most of lowmem, and what is free lies in small pieces
// between the pages it holds. The simulator does not replay that history;
// bootEarlierWork lays its outcome out directly, zone by zone, from the seed.

// zoneHistory says what earlier work left in one zone.
type zoneHistory struct {
	// span is how many pages from the zone's start earlier work covers; 0
	// means all. Pages beyond it stay as boot freed them.
	span uint64
	// Of the aligned 4-page groups (quads) earlier work covers, how many in
	// 100000 have one free page, one free aligned pair, a pair and a single,
	// or all four free. The rest are wholly in use.
	single, pair, pairSingle, quad int
	// big[order] free blocks of that order (3 and up) survive whole.
	big [MAX_ORDER]int
	// Of the pages in use, how many in 1000 are processes' anonymous
	// memory, their page tables and the kernel's slab caches: memory
	// nothing can reclaim without swap. The rest is clean page cache.
	anon, pageTables, slab int
}

// runningBoxHistory is what the i386 box of the tutorial's chapter 7 shows
// after running a while: Normal with thousands of free single pages, about
// a sixth as many pairs, a few dozen groups of four and almost nothing
// larger but one 4 MiB block; DMA, which GFP_KERNEL allocations leave alone
// while Normal has pages, with larger pieces; HighMem, where processes'
// memory goes first, with some room left by processes that exited (enough
// for a 16 MiB module core). Indexed by zone index.
var runningBoxHistory = [3]zoneHistory{
	{ // DMA
		single: 10000, pair: 10000, pairSingle: 3000, quad: 8000,
		big:  [MAX_ORDER]int{3: 1, 4: 1, 5: 1, 6: 2, 7: 2, 8: 1, 9: 1},
		slab: 600,
	},
	{ // Normal
		single: 17350, pair: 2380, pairSingle: 500, quad: 43,
		big:  [MAX_ORDER]int{3: 1, 5: 1, 6: 1, 10: 1},
		anon: 20, pageTables: 1, slab: 40,
	},
	{ // HighMem: the first 128 MiB, all of it on a 1 GiB machine; what
		// exited processes gave back lies in larger blocks (about 22 MiB)
		span:   uint64(128 * miB / PAGE_SIZE),
		single: 1200, pair: 500, pairSingle: 100, quad: 150,
		big:  [MAX_ORDER]int{3: 20, 4: 20, 5: 20, 6: 16, 7: 8, 8: 4, 9: 2},
		anon: 300,
	},
}

// earlierWork counts the pages earlier work holds that nothing reclaims;
// the page cache it left is counted by the zones' LRUs.
type earlierWork struct {
	anon, pageTables, slab int64
}

// EarlierWorkStat is what earlier work holds now, in pages: the parts of
// /proc/meminfo's Cached, AnonPages, PageTables and Slab that were there
// before the session began.
type EarlierWorkStat struct {
	Cached, Anon, PageTables, Slab int64
}

// EarlierWork returns what earlier work holds now. Cached falls as reclaim
// frees the page cache; the rest stays.
func (m *Memory) EarlierWork() EarlierWorkStat {
	m.lock()
	defer m.unlock()
	s := EarlierWorkStat{Anon: m.earlier.anon, PageTables: m.earlier.pageTables, Slab: m.earlier.slab}
	for _, z := range m.zones {
		s.Cached += int64(z.lru.len())
	}
	return s
}

// bootEarlierWork lays out what earlier work left in every zone.
func (m *Memory) bootEarlierWork(rng *splitMix) {
	for _, z := range m.zones {
		z.drainPcp()
		m.layOutHistory(z, &runningBoxHistory[z.idx], rng)
	}
}

// zoneBitmap marks pages of a zone, by offset from its start.
type zoneBitmap []uint64

func (b zoneBitmap) set(i uint64)      { b[i/64] |= 1 << (i % 64) }
func (b zoneBitmap) has(i uint64) bool { return b[i/64]&(1<<(i%64)) != 0 }

// all reports whether the n pages from i are all marked.
func (b zoneBitmap) all(i, n uint64) bool {
	for ; n > 0 && i%64 != 0; i, n = i+1, n-1 {
		if !b.has(i) {
			return false
		}
	}
	for ; n >= 64; i, n = i+64, n-64 {
		if b[i/64] != ^uint64(0) {
			return false
		}
	}
	for ; n > 0; i, n = i+1, n-1 {
		if !b.has(i) {
			return false
		}
	}
	return true
}

// quad kinds: which pages of an aligned group of four earlier work left free.
const (
	quadUsed = iota
	quadSingle
	quadPair
	quadPairSingle
	quadFree
	quadBig // inside a big free block
)

// layOutHistory takes every free block of z within h's span off the buddy
// lists, then hands the pages back as h says: big blocks whole, each quad
// in its seeded pattern, the rest to processes, slab and page cache.
func (m *Memory) layOutHistory(z *Zone, h *zoneHistory, rng *splitMix) {
	span := z.end - z.start
	if h.span != 0 {
		span = min(span, h.span)
	}
	limit := z.start + span
	free := make(zoneBitmap, (span+63)/64)
	for o := range z.free {
		area := &z.free[o]
		for l := area.list.head; l != 0; {
			p := m.at(l)
			l = p.next
			if uint64(p.pfn) >= limit {
				continue
			}
			area.list.remove(m, p)
			area.nrFree--
			z.nrFree -= 1 << o
			p.setState(pageNone)
			for i := uint64(0); i < 1<<o; i++ {
				free.set(uint64(p.pfn) - z.start + i)
			}
		}
	}

	nquads := span / 4
	kind := make([]uint8, nquads)
	// Big blocks first, largest first, each at a seeded aligned place that
	// was wholly free.
	var bigs []pfnRange
	for o := MAX_ORDER - 1; o >= 3; o-- {
		for n := h.big[o]; n > 0; n-- {
			var cands []uint64
			size := uint64(1) << o
			for off := (size - z.start%size) % size; off+size <= span; off += size {
				if free.all(off, size) && kind[off/4] != quadBig {
					cands = append(cands, off)
				}
			}
			if len(cands) == 0 {
				break
			}
			off := cands[rng.intn(len(cands))]
			for q := off / 4; q < (off+size)/4; q++ {
				kind[q] = quadBig
			}
			bigs = append(bigs, pfnRange{z.start + off, z.start + off + size})
		}
	}

	var cache []uint32
	use := func(pfn uint64) {
		p := m.page(pfn)
		p.order = 0
		r := rng.intn(1000)
		switch {
		case r < h.anon:
			m.earlier.anon++
		case r < h.anon+h.pageTables:
			m.earlier.pageTables++
		case r < h.anon+h.pageTables+h.slab:
			m.earlier.slab++
		default:
			p.setState(pageCache)
			cache = append(cache, uint32(pfn))
			return
		}
		p.setState(pageAlloc)
	}
	for q := uint64(0); q < nquads; q++ {
		if kind[q] == quadBig {
			continue
		}
		off := q * 4
		base := z.start + off
		if !free.all(off, 4) {
			for i := uint64(0); i < 4; i++ {
				if free.has(off + i) {
					use(base + i)
				}
			}
			continue
		}
		k := uint8(quadUsed)
		switch r := rng.intn(100000); {
		case r < h.single:
			k = quadSingle
		case r < h.single+h.pair:
			k = quadPair
		case r < h.single+h.pair+h.pairSingle:
			k = quadPairSingle
		case r < h.single+h.pair+h.pairSingle+h.quad:
			k = quadFree
			// Two free quads side by side would be one order-3 block.
			if q%2 == 1 && kind[q-1] == quadFree {
				k = quadPairSingle
			}
		}
		kind[q] = k
		// Which pages of the quad are free: a bit per page.
		var freeMask uint8
		switch k {
		case quadSingle:
			freeMask = 1 << rng.intn(4)
		case quadPair:
			freeMask = 0b0011 << (2 * rng.intn(2))
		case quadPairSingle:
			half := rng.intn(2)
			freeMask = 0b0011<<(2*half) | 1<<(2*(1-half)+rng.intn(2))
		case quadFree:
			freeMask = 0b1111
		}
		for i := uint64(0); i < 4; i++ {
			if freeMask&(1<<i) == 0 {
				use(base + i)
			}
		}
		switch k {
		case quadFree:
			z.freeOne(m.page(base), 2)
		case quadPair, quadPairSingle, quadSingle:
			for i := uint64(0); i < 4; i++ {
				if freeMask&(1<<i) != 0 {
					z.freeOne(m.page(base+i), 0)
				}
			}
		}
	}
	// A tail shorter than a quad, if the span has one, is page cache.
	for off := nquads * 4; off < span; off++ {
		if free.has(off) {
			use(z.start + off)
		}
	}
	for _, r := range bigs {
		z.freeOne(m.page(r.start), int(bitLen(r.end-r.start)-1))
	}

	// The cache's age is seeded: reclaim, oldest first, frees pages all
	// over the zone.
	for i := len(cache) - 1; i > 0; i-- {
		j := rng.intn(i + 1)
		cache[i], cache[j] = cache[j], cache[i]
	}
	z.lru = earlierWorkLRU{pfns: cache}
}

func bitLen(n uint64) uint {
	l := uint(0)
	for ; n > 0; n >>= 1 {
		l++
	}
	return l
}
