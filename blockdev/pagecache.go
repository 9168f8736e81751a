package blockdev

// Lock order of the page cache, outermost first (a lock may be taken while
// holding the ones above it, never the other way round):
//
//	BlockDevice.mu        open and close (blkdev_get, blkdev_put)
//	PG_locked             a page lock (lock_page); sleeps, so only with no
//	                      spinlock held; at most one page lock is waited for
//	                      while holding another page's PG_writeback, and
//	                      write-back takes them in ascending index order
//	RequestQueue lock     the block layer, drivers' request functions
//	pageCache.mu          tree_lock: the page map, the LRU list, every
//	                      page's flags and count, the wait queue; bio
//	                      completions take it under the queue lock, and
//	                      reclaim under whatever the allocating task holds
//	mm.Memory's lock      the page allocator (pages are freed under pc.mu)
//	the clock, vm tunables, pdflush's queue: leaves, taken under any of these
//
// Kernel.cacheMu, the list of caches reclaim walks, is held alone.
//
// pageCache.mu is never held across a page allocation (reclaim takes it),
// across submitting a bio (completions take it) or across a copy of page
// contents (the copy happens under the page lock instead). Sleeping on a
// page (lockPage, waitOnPageLocked, waitOnPageWriteback) releases
// pageCache.mu while asleep.

import (
	"container/list"
	"sync"

	"simpblkdev/blockdev/mm"
)

// Read-ahead and write-back figures (mm/readahead.c, mm/page-writeback.c).
const (
	readAheadPages  = 32  // VM_MAX_READAHEAD 128 KiB
	dirtyLimitPages = 256 // write back once this many pages are dirty (balance_dirty_pages)
)

// pageFlags models the page-cache bits of page->flags
// (include/linux/page-flags.h, 2.6.27). The kernel changes them with atomic
// bit operations; here they change under pageCache.mu.
type pageFlags uint8

const (
	pgLocked    pageFlags = 1 << iota // PG_locked: I/O in flight, or someone is changing the page
	pgError                           // PG_error: the last I/O on the page failed
	pgUptodate                        // PG_uptodate: the page holds what the disk holds, or newer
	pgDirty                           // PG_dirty: newer than the disk, to be written back
	pgWriteback                       // PG_writeback: a write of the page to the disk is in flight
)

// cachedPage is one page of a block device's page cache: the page-cache
// part of struct page (include/linux/mm_types.h, 2.6.27).
type cachedPage struct {
	page   *mm.Page
	index  uint64        // page->index: the page's offset in the device, in pages
	flags  pageFlags     // under pageCache.mu
	count  int           // page->_count: one for the cache while mapped, one per user
	mapped bool          // page->mapping != NULL: still in the cache
	lru    *list.Element // place on the cache's LRU list while mapped
	// dirtiedWhen is the jiffies when the page last became dirty, for
	// pdflush's kupdate pass (pdflush.go). 2.6 keeps this time per inode
	// (inode->dirtied_when) and writes a whole inode once it is old; the
	// block device is one inode, so here the time is kept per page and
	// only the pages dirty for dirty_expire_centisecs go.
	dirtiedWhen uint64
}

// pageCache models the address_space of a block device's inode
// (fs/block_dev.c, mm/filemap.c): user reads and writes of /dev/<disk> go
// through cached lowmem pages (the bdev mapping is GFP_USER); reads fill
// pages with read bios, writes dirty them, and dirty pages go back to the
// disk as write bios on sync, on the last close, when too many are dirty
// and, from pdflush (pdflush.go), once they have been dirty long enough.
type pageCache struct {
	k    *Kernel
	bdev *BlockDevice

	mu       sync.Mutex // tree_lock; see the lock order at the top of this file
	wait     sync.Cond  // the page wait queue (page_waitqueue), on mu
	pages    map[uint64]*cachedPage
	lru      *list.List // mapped pages, oldest first (the inactive list)
	nrDirty  int        // pages with PG_dirty (NR_FILE_DIRTY)
	writeErr Errno      // AS_EIO: a write-back failed since the last sync
}

func newPageCache(k *Kernel, b *BlockDevice) *pageCache {
	pc := &pageCache{k: k, bdev: b, pages: map[uint64]*cachedPage{}, lru: list.New()}
	pc.wait.L = &pc.mu
	k.registerCache(pc)
	return pc
}

// pageLen is how many bytes of page idx lie on the device.
func (pc *pageCache) pageLen(idx uint64) uint32 {
	size := uint64(pc.bdev.Size())
	start := idx * mm.PAGE_SIZE
	if start >= size {
		return 0
	}
	if size-start < mm.PAGE_SIZE {
		return uint32(size - start)
	}
	return mm.PAGE_SIZE
}

// The page primitives below are called with pc.mu held.

// lockPage models lock_page() (include/linux/pagemap.h; __lock_page,
// mm/filemap.c, 2.6.27): sleep until nobody holds the page lock, then take it.
func (pc *pageCache) lockPage(cp *cachedPage) {
	for cp.flags&pgLocked != 0 {
		pc.wait.Wait()
	}
	cp.flags |= pgLocked
}

// trylockPage models trylock_page() (include/linux/pagemap.h, 2.6.27).
func (pc *pageCache) trylockPage(cp *cachedPage) bool {
	if cp.flags&pgLocked != 0 {
		return false
	}
	cp.flags |= pgLocked
	return true
}

// unlockPage models unlock_page() (mm/filemap.c, 2.6.27): drop the page
// lock and wake whoever sleeps on the page.
func (pc *pageCache) unlockPage(cp *cachedPage) {
	cp.flags &^= pgLocked
	pc.wait.Broadcast()
}

// waitOnPageLocked models wait_on_page_locked() (include/linux/pagemap.h,
// 2.6.27): sleep until the page lock is free, without taking it.
func (pc *pageCache) waitOnPageLocked(cp *cachedPage) {
	for cp.flags&pgLocked != 0 {
		pc.wait.Wait()
	}
}

// setPageWriteback models set_page_writeback() (include/linux/page-flags.h,
// 2.6.27). Call it with the page locked.
func (pc *pageCache) setPageWriteback(cp *cachedPage) {
	if cp.flags&pgWriteback == 0 {
		cp.flags |= pgWriteback
		pc.k.pdflush.nrWriteback.Add(1)
	}
}

// endPageWriteback models end_page_writeback() (mm/filemap.c, 2.6.27):
// the write of the page is over; wake whoever waits for it.
func (pc *pageCache) endPageWriteback(cp *cachedPage) {
	if cp.flags&pgWriteback != 0 {
		cp.flags &^= pgWriteback
		pc.k.pdflush.nrWriteback.Add(-1)
	}
	pc.wait.Broadcast()
}

// waitOnPageWriteback models wait_on_page_writeback()
// (include/linux/pagemap.h, 2.6.27).
func (pc *pageCache) waitOnPageWriteback(cp *cachedPage) {
	for cp.flags&pgWriteback != 0 {
		pc.wait.Wait()
	}
}

// setPageDirty models set_page_dirty() (__set_page_dirty_buffers,
// fs/buffer.c, 2.6.27): the page is newer than the disk. A page that was
// clean remembers when it became dirty (__mark_inode_dirty's dirtied_when).
func (pc *pageCache) setPageDirty(cp *cachedPage) {
	if cp.flags&pgDirty == 0 {
		cp.flags |= pgDirty
		cp.dirtiedWhen = pc.k.Jiffies()
		pc.nrDirty++
		pc.k.pdflush.nrDirty.Add(1)
	}
}

// clearPageDirtyForIO models clear_page_dirty_for_io()
// (mm/page-writeback.c, 2.6.27): the page is about to be written; it
// reports whether it was dirty. Call it with the page locked.
func (pc *pageCache) clearPageDirtyForIO(cp *cachedPage) bool {
	if cp.flags&pgDirty == 0 {
		return false
	}
	cp.flags &^= pgDirty
	pc.nrDirty--
	pc.k.pdflush.nrDirty.Add(-1)
	return true
}

// findGetPage models find_get_page() (mm/filemap.c, 2.6.27): the cached
// page idx with a reference taken, or nil.
func (pc *pageCache) findGetPage(idx uint64) *cachedPage {
	cp := pc.pages[idx]
	if cp != nil {
		cp.count++
	}
	return cp
}

// findLockPage models find_lock_page() (mm/filemap.c, 2.6.27): the cached
// page idx, referenced and locked, or nil. A page truncated while we slept
// on its lock is not returned.
func (pc *pageCache) findLockPage(idx uint64) *cachedPage {
	for {
		cp := pc.findGetPage(idx)
		if cp == nil {
			return nil
		}
		pc.lockPage(cp)
		if cp.mapped {
			return cp
		}
		pc.unlockPage(cp)
		pc.pageCacheRelease(cp)
	}
}

// addToPageCacheLRU models add_to_page_cache_lru() (mm/filemap.c, 2.6.27):
// insert the new page p at idx, locked (I/O on it is about to start) and
// referenced by the caller, at the young end of the LRU list. It fails with
// -EEXIST when idx is cached already; p is then still the caller's.
func (pc *pageCache) addToPageCacheLRU(p *mm.Page, idx uint64) (*cachedPage, Errno) {
	if _, ok := pc.pages[idx]; ok {
		return nil, -EEXIST
	}
	cp := &cachedPage{page: p, index: idx, flags: pgLocked, count: 2, mapped: true}
	cp.lru = pc.lru.PushBack(cp)
	pc.pages[idx] = cp
	return cp, 0
}

// removeFromPageCache models remove_from_page_cache() (mm/filemap.c,
// 2.6.27): the page leaves the map and the LRU list and the cache's
// reference is dropped; the page is freed when its last user lets go.
func (pc *pageCache) removeFromPageCache(cp *cachedPage) {
	delete(pc.pages, cp.index)
	pc.lru.Remove(cp.lru)
	cp.lru, cp.mapped = nil, false
	if cp.flags&pgDirty != 0 {
		cp.flags &^= pgDirty
		pc.nrDirty--
		pc.k.pdflush.nrDirty.Add(-1)
	}
	pc.pageCacheRelease(cp)
}

// pageCacheRelease models page_cache_release() (put_page, mm/swap.c,
// 2.6.27): drop a reference; the last one frees the page.
func (pc *pageCache) pageCacheRelease(cp *cachedPage) {
	cp.count--
	if cp.count == 0 {
		pc.k.Mem.FreePages(cp.page, 0)
	}
}

// pageCacheAlloc models page_cache_alloc() (include/linux/pagemap.h,
// 2.6.27) for the block device mapping, whose gfp mask is GFP_USER. The
// allocation may reclaim, which takes pc.mu: call it without pc.mu held.
func (pc *pageCache) pageCacheAlloc() *mm.Page {
	return pc.k.Mem.AllocPages(mm.GFP_USER, 0)
}

// addNewPage allocates a page for idx and adds it to the cache, locked and
// referenced, dropping pc.mu while it allocates (the no_cached_page path
// of do_generic_file_read and __grab_cache_page, mm/filemap.c, 2.6.27). It
// fails with -ENOMEM, or -EEXIST when someone else added idx meanwhile.
func (pc *pageCache) addNewPage(idx uint64) (*cachedPage, Errno) {
	pc.mu.Unlock()
	p := pc.pageCacheAlloc()
	pc.mu.Lock()
	if p == nil {
		return nil, -ENOMEM
	}
	cp, err := pc.addToPageCacheLRU(p, idx)
	if err != 0 {
		pc.k.Mem.FreePages(p, 0)
	}
	return cp, err
}

// pageBio builds the bio that reads or writes the page (block_read_full_page
// and block_write_full_page with a block size of one page).
func (pc *pageCache) pageBio(cp *cachedPage) *Bio {
	n := pc.pageLen(cp.index) &^ 511
	bio := BioAlloc(1)
	bio.BiBdev = pc.bdev
	bio.BiSector = cp.index * (mm.PAGE_SIZE >> 9)
	BioAddPage(bio, cp.page, n, 0)
	return bio
}

// pageIO is one page's bio and what its completion does to the page
// (end_buffer_async_read, end_buffer_async_write: fs/buffer.c, 2.6.27).
type pageIO struct {
	cp    *cachedPage
	bio   *Bio
	ended bool
	end   func(cp *cachedPage, err Errno) // called with pc.mu held
}

// submitPageIO submits the bios of ios for task and waits for them, all
// submitted before the first wait so that the elevator can merge
// neighbours. Each completion runs under pc.mu as its bio ends; a bio that
// never ends (a driver that keeps a request: SubmitBioWait gives up) is
// ended here with -EIO, so no page stays locked or under write-back for
// ever. Call it without pc.mu held.
func (pc *pageCache) submitPageIO(task *Task, rw uint64, ios []*pageIO) Errno {
	bios := make([]*Bio, len(ios))
	for i, io := range ios {
		io.bio.BiEndIo = func(_ *Bio, err Errno) {
			pc.mu.Lock()
			defer pc.mu.Unlock()
			if !io.ended {
				io.ended = true
				io.end(io.cp, err)
			}
		}
		bios[i] = io.bio
	}
	err := pc.k.SubmitBioWait(task, rw, bios...)
	pc.mu.Lock()
	defer pc.mu.Unlock()
	for _, io := range ios {
		if !io.ended {
			io.ended = true
			io.end(io.cp, -EIO)
		}
	}
	return err
}
