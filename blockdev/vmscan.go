package blockdev

// shrink models the page cache's part of reclaim, shrink_page_list() and
// __remove_mapping() (mm/vmscan.c, 2.6.27): from the old end of the LRU
// list, free up to n pages that nobody uses (invalidatable: not locked,
// dirty, under write-back or referenced). Dirty pages are not written out
// here (no pageout). It reports how many it freed. It runs in whatever task
// allocates, so it never sleeps on a page.
func (pc *pageCache) shrink(n int) int {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	freed := 0
	for e := pc.lru.Front(); e != nil && freed < n; {
		cp := e.Value.(*cachedPage)
		e = e.Next()
		if pc.invalidatable(cp) {
			pc.removeFromPageCache(cp)
			freed++
		}
	}
	return freed
}

// registerCache lets reclaim find pc.
func (k *Kernel) registerCache(pc *pageCache) {
	k.cacheMu.Lock()
	defer k.cacheMu.Unlock()
	k.caches = append(k.caches, pc)
}

// unregisterCache forgets pc, when its disk goes away.
func (k *Kernel) unregisterCache(pc *pageCache) {
	k.cacheMu.Lock()
	defer k.cacheMu.Unlock()
	for i, c := range k.caches {
		if c == pc {
			k.caches = append(k.caches[:i], k.caches[i+1:]...)
			return
		}
	}
}

// shrinkCaches is the shrinker mm calls under memory pressure
// (shrink_zones → shrink_inactive_list, mm/vmscan.c, 2.6.27).
func (k *Kernel) shrinkCaches(n int) int {
	k.cacheMu.Lock()
	caches := append([]*pageCache(nil), k.caches...)
	k.cacheMu.Unlock()
	freed := 0
	for _, pc := range caches {
		if freed >= n {
			break
		}
		freed += pc.shrink(n - freed)
	}
	return freed
}
