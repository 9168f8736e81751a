package blockdev

// PageCacheStat is the page cache's part of the kernel's page counters
// (the zone_stat_item counts NR_FILE_PAGES, NR_FILE_DIRTY and NR_WRITEBACK
// of include/linux/mmzone.h, 2.6.18), summed over every block device's
// cache: what /proc/meminfo reports as Buffers, Dirty and Writeback.
type PageCacheStat struct {
	Pages     int64 // pages in the caches
	Dirty     int64 // of which PG_dirty
	Writeback int64 // of which PG_writeback
}

// stat counts pc's pages under its tree lock.
func (pc *pageCache) stat() PageCacheStat {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	s := PageCacheStat{Pages: int64(len(pc.pages)), Dirty: int64(pc.nrDirty)}
	for _, cp := range pc.pages {
		if cp.flags&pgWriteback != 0 {
			s.Writeback++
		}
	}
	return s
}

// PageCacheStat returns the counts of every block device's page cache, as
// global_page_state() reads them.
func (k *Kernel) PageCacheStat() PageCacheStat {
	k.cacheMu.Lock()
	caches := append([]*pageCache(nil), k.caches...)
	k.cacheMu.Unlock()
	var s PageCacheStat
	for _, pc := range caches {
		c := pc.stat()
		s.Pages += c.Pages
		s.Dirty += c.Dirty
		s.Writeback += c.Writeback
	}
	return s
}
