package blockdev

// PageCacheStat is the page cache's part of the kernel's page counters
// (the zone_stat_item counts NR_FILE_PAGES, NR_FILE_DIRTY and NR_WRITEBACK
// of include/linux/mmzone.h, 2.6.18), summed over every block device's
// cache: what /proc/meminfo reports as Buffers, Dirty and Writeback, and
// what pdflush's background write-out weighs.
type PageCacheStat struct {
	Pages     int64 // pages in the caches
	Dirty     int64 // of which PG_dirty
	Writeback int64 // of which PG_writeback
}

// PageCacheStat returns the counts of every block device's page cache, as
// global_page_state() reads them: the dirty and write-back counts are the
// global counters the page flags move (pdflush.go), the page count is
// summed over the caches under their tree locks.
func (k *Kernel) PageCacheStat() PageCacheStat {
	k.cacheMu.Lock()
	caches := append([]*pageCache(nil), k.caches...)
	k.cacheMu.Unlock()
	s := PageCacheStat{Dirty: k.pdflush.nrDirty.Load(), Writeback: k.pdflush.nrWriteback.Load()}
	for _, pc := range caches {
		pc.mu.Lock()
		s.Pages += int64(len(pc.pages))
		pc.mu.Unlock()
	}
	return s
}
