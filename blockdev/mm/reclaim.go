package mm

// earlierWorkLRU is a zone's inactive list of clean page cache left by
// earlier work (struct zone's inactive_list, include/linux/mmzone.h,
// 2.6.18): pfns oldest first, so reclaim takes them from the front.
type earlierWorkLRU struct {
	pfns []uint32
	head int
}

func (l *earlierWorkLRU) len() int { return len(l.pfns) - l.head }

// reclaim models try_to_free_pages() (mm/vmscan.c, 2.6.18) for the zones of
// gfp's zonelist: it frees at least nr pages if it can, and returns how
// many it freed. The oldest pages on the LRU go first: the clean page cache
// earlier work left (shrinkEarlierWork), which is older than anything the
// session made, then whatever the registered shrinker (the block devices'
// page caches) frees. Call it with the lock held; it returns with the lock
// held.
func (m *Memory) reclaim(gfp GFP, nr int) int {
	freed := m.shrinkEarlierWork(m.zonelist(gfp), nr)
	if freed < nr && m.shrinker != nil {
		freed += m.callShrinker(nr - freed)
	}
	return freed
}

// shrinkEarlierWork models try_to_free_pages()'s loop over priorities and
// shrink_zone() (mm/vmscan.c, 2.6.18) over the earlier work's clean page
// cache: at each priority from DEF_PRIORITY (12) down, every zone of zl
// earns (its LRU >> priority) + 1 pages of scan credit, and a zone whose
// credit reaches SWAP_CLUSTER_MAX scans that many, oldest first, and frees
// them all (they are clean and unmapped: __remove_mapping(), then
// free_hot_cold_page() as a cold page, through the per-cpu list). It stops
// once nr pages are freed or nothing is left, and returns how many it freed.
// So a big zone gives about its LRU/4096 pages a round and a small one a
// page a round.
func (m *Memory) shrinkEarlierWork(zl []*Zone, nr int) int {
	freed := 0
	for priority := defPriority; priority >= 0 && freed < nr; priority-- {
		left := 0
		for _, z := range zl {
			l := z.lru.len()
			if l == 0 {
				continue
			}
			z.nrScan += l>>priority + 1
			if z.nrScan < SWAP_CLUSTER_MAX {
				left += l
				continue
			}
			n := min(z.nrScan, l)
			z.nrScan = 0
			for ; n > 0; n-- {
				z.reclaimOne()
				freed++
			}
			left += z.lru.len()
		}
		if left == 0 {
			break
		}
	}
	return freed
}

// defPriority models DEF_PRIORITY (include/linux/mmzone.h): reclaim first
// scans 1/4096 of each LRU.
const defPriority = 12

// reclaimOne frees the oldest page on the zone's earlier-work LRU.
func (z *Zone) reclaimOne() {
	l := &z.lru
	p := z.m.page(uint64(l.pfns[l.head]))
	l.head++
	if l.len() == 0 {
		*l = earlierWorkLRU{}
	}
	p.setState(pageNone)
	z.freePcp(p)
}

// callShrinker calls the registered shrinker for nr pages with the lock
// released, as shrink_slab() calls a shrinker (mm/vmscan.c). It returns
// with the lock held, even if the shrinker panics.
func (m *Memory) callShrinker(nr int) int {
	shrink := m.shrinker
	m.reclaiming++
	m.unlock()
	defer func() {
		m.lock()
		m.reclaiming--
	}()
	return shrink(nr)
}
