package blockdev

import "simpblkdev/blockdev/mm"

// truncate models kill_bdev() (fs/block_dev.c, 2.6.27), which the last
// close of a block device does after its sync. The kernel truncates every
// page (truncate_inode_pages); here the rules of invalidate_mapping_pages()
// (mm/truncate.c) apply instead: a page that is locked, dirty (its
// write-back failed: its data exists nowhere else), under write-back, or
// still in someone's hands stays; every other page is freed.
func (pc *pageCache) truncate() {
	if pc == nil {
		return
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	for e := pc.lru.Front(); e != nil; {
		cp := e.Value.(*cachedPage)
		e = e.Next()
		if pc.invalidatable(cp) {
			pc.removeFromPageCache(cp)
		}
	}
}

// invalidatable is what invalidate_mapping_pages() and shrink_page_list()
// (mm/truncate.c, mm/vmscan.c, 2.6.27) check before they drop a page:
// trylock_page succeeds, the page is neither dirty nor under write-back,
// and only the cache holds it (remove_mapping's page_freeze_refs). Called
// with pc.mu held, which keeps all of it true while the page goes.
func (pc *pageCache) invalidatable(cp *cachedPage) bool {
	return cp.flags&(pgLocked|pgDirty|pgWriteback) == 0 && cp.count == 1
}

// invalidateInodePages2Range models invalidate_inode_pages2_range()
// (mm/truncate.c, 2.6.27), which an O_DIRECT write calls before and after
// it writes pages first..last, so that later buffered reads see what it
// wrote: each cached page of the range is locked (sleeping on it if I/O is
// in flight, such as a read-ahead that read the old data), waited for if
// under write-back, and dropped even if others hold it; they see it gone
// once they hold its lock. A page dirtied again meanwhile stays, and the
// call fails with -EBUSY. Called with pc.mu held.
func (pc *pageCache) invalidateInodePages2Range(first, last uint64) Errno {
	var ret Errno
	for idx := first; idx <= last; idx++ {
		cp := pc.findGetPage(idx)
		if cp == nil {
			continue
		}
		pc.lockPage(cp)
		if cp.mapped {
			pc.waitOnPageWriteback(cp)
			if cp.flags&pgDirty != 0 {
				ret = -EBUSY
			} else {
				pc.removeFromPageCache(cp)
			}
		}
		pc.unlockPage(cp)
		pc.pageCacheRelease(cp)
	}
	return ret
}

// invalidateRange is what generic_file_direct_write() (mm/filemap.c,
// 2.6.27) does around an O_DIRECT write of n bytes at off: drop the cached
// pages of the range (invalidateInodePages2Range). Before the write,
// mustGo makes a page that will not go fail the write; after it, the
// kernel ignores that.
func (pc *pageCache) invalidateRange(off int64, n int, mustGo bool) Errno {
	if n <= 0 {
		return 0
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	err := pc.invalidateInodePages2Range(uint64(off)/mm.PAGE_SIZE, uint64(off+int64(n)-1)/mm.PAGE_SIZE)
	if !mustGo {
		return 0
	}
	return err
}
