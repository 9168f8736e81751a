package blockdev

import (
	"sort"
	"sync"

	"simpblkdev/blockdev/mm"
)

// Read-ahead and write-back figures (mm/readahead.c, mm/page-writeback.c).
const (
	readAheadPages  = 32  // VM_MAX_READAHEAD 128 KiB
	dirtyLimitPages = 256 // write back once this many pages are dirty (balance_dirty_pages)
)

// cachedPage is one page of a block device's page cache.
type cachedPage struct {
	page     *mm.Page
	uptodate bool
	dirty    bool
}

// pageCache models the address_space of a block device's inode
// (fs/block_dev.c, mm/filemap.c): user reads and writes of /dev/<disk> go
// through cached lowmem pages (the bdev mapping is GFP_USER); reads fill
// pages with read bios, writes dirty them, and dirty pages go back to the
// disk as write bios on sync, on the last close and when too many are dirty.
type pageCache struct {
	k        *Kernel
	bdev     *BlockDevice
	mu       sync.Mutex
	pages    map[uint64]*cachedPage
	nrDirty  int
	writeErr Errno
}

func newPageCache(k *Kernel, b *BlockDevice) *pageCache {
	pc := &pageCache{k: k, bdev: b, pages: map[uint64]*cachedPage{}}
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

// pageBio builds the bio that reads or writes page idx (block_read_full_page
// and block_write_full_page with a block size of one page).
func (pc *pageCache) pageBio(idx uint64, cp *cachedPage) *Bio {
	n := pc.pageLen(idx) &^ 511
	bio := BioAlloc(1)
	bio.BiBdev = pc.bdev
	bio.BiSector = idx * (mm.PAGE_SIZE >> 9)
	BioAddPage(bio, cp.page, n, 0)
	return bio
}

// getPage returns the cached page idx, allocating it (not uptodate) if
// needed. Called with pc.mu held.
func (pc *pageCache) getPage(idx uint64) (*cachedPage, Errno) {
	if cp, ok := pc.pages[idx]; ok {
		return cp, 0
	}
	pc.mu.Unlock()
	p := pc.k.Mem.AllocPages(mm.GFP_USER, 0)
	pc.mu.Lock()
	if p == nil {
		return nil, -ENOMEM
	}
	if cp, ok := pc.pages[idx]; ok { // someone else filled it meanwhile
		pc.k.Mem.FreePages(p, 0)
		return cp, 0
	}
	cp := &cachedPage{page: p}
	pc.pages[idx] = cp
	return cp, 0
}

// readPages makes pages first..first+n-1 uptodate: every missing one gets a
// read bio, all are submitted before waiting, so the elevator can merge
// them (do_page_cache_readahead). Called with pc.mu held.
func (pc *pageCache) readPages(first, n uint64) Errno {
	var bios []*Bio
	var fill []*cachedPage
	for idx := first; idx < first+n; idx++ {
		if pc.pageLen(idx) < 512 {
			break
		}
		cp, err := pc.getPage(idx)
		if err != 0 {
			if idx == first {
				return err
			}
			break // read-ahead is best effort
		}
		if cp.uptodate || cp.dirty {
			continue
		}
		bios = append(bios, pc.pageBio(idx, cp))
		fill = append(fill, cp)
	}
	if len(bios) == 0 {
		return 0
	}
	pc.mu.Unlock()
	err := pc.k.SubmitBioWait(TaskInit, READ, bios...)
	pc.mu.Lock()
	for i, cp := range fill {
		if bios[i].BiFlags&(1<<BIO_UPTODATE) != 0 && err == 0 {
			cp.uptodate = true
		}
	}
	return err
}

// readAt models do_generic_file_read() on the block device.
func (pc *pageCache) readAt(b []byte, off int64) (int, error) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	size := pc.bdev.Size()
	if off >= size {
		return 0, nil
	}
	if int64(len(b)) > size-off {
		b = b[:size-off]
	}
	n := 0
	for n < len(b) {
		pos := off + int64(n)
		idx := uint64(pos) / mm.PAGE_SIZE
		cp, ok := pc.pages[idx]
		if !ok || !(cp.uptodate || cp.dirty) {
			if err := pc.readPages(idx, pc.bdev.raPages()); err != 0 {
				if cp = pc.pages[idx]; cp == nil || !cp.uptodate {
					return n, err
				}
			}
			cp = pc.pages[idx]
		}
		data := pc.k.Mem.PageAddress(cp.page, 0)
		n += copy(b[n:], data[pos%mm.PAGE_SIZE:])
	}
	return n, nil
}

// writeAt models generic_file_buffered_write() on the block device: a page
// only partly overwritten is read first; written pages are dirty.
func (pc *pageCache) writeAt(b []byte, off int64) (int, error) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	size := pc.bdev.Size()
	if off >= size {
		return 0, -ENOSPC
	}
	short := false
	if int64(len(b)) > size-off {
		b, short = b[:size-off], true
	}
	n := 0
	for n < len(b) {
		pos := off + int64(n)
		idx := uint64(pos) / mm.PAGE_SIZE
		inPage := int(pos % mm.PAGE_SIZE)
		chunk := min(len(b)-n, int(mm.PAGE_SIZE)-inPage)
		cp, err := pc.getPage(idx)
		if err != 0 {
			return n, err
		}
		if !cp.uptodate && !cp.dirty && (inPage != 0 || chunk < int(pc.pageLen(idx))) {
			if err := pc.readPages(idx, 1); err != 0 {
				return n, err
			}
		}
		data := pc.k.Mem.PageAddress(cp.page, 0)
		copy(data[inPage:], b[n:n+chunk])
		if !cp.dirty {
			cp.dirty = true
			pc.nrDirty++
		}
		n += chunk
		if pc.nrDirty >= dirtyLimitPages {
			if err := pc.writeback(); err != 0 {
				return n, err
			}
		}
	}
	if short {
		return n, -ENOSPC
	}
	return n, nil
}

// writeback models writeback of the mapping (mpage_writepages): every dirty
// page goes out as a write bio, in page order, all submitted before waiting
// so that the elevator merges neighbours into one request. Called with
// pc.mu held.
func (pc *pageCache) writeback() Errno {
	if pc.nrDirty == 0 {
		return 0
	}
	var idxs []uint64
	for idx, cp := range pc.pages {
		if cp.dirty {
			idxs = append(idxs, idx)
		}
	}
	sort.Slice(idxs, func(i, j int) bool { return idxs[i] < idxs[j] })
	bios := make([]*Bio, len(idxs))
	for i, idx := range idxs {
		cp := pc.pages[idx]
		bios[i] = pc.pageBio(idx, cp)
		cp.dirty = false
		cp.uptodate = true
	}
	pc.nrDirty = 0
	pc.mu.Unlock()
	err := pc.k.SubmitBioWait(TaskPdflush, WRITE, bios...)
	pc.mu.Lock()
	if err != 0 {
		// The pages stay in the cache, so nothing written is lost; the
		// error is reported, as a later fsync would (AS_EIO).
		for i, idx := range idxs {
			if bios[i].BiFlags&(1<<BIO_UPTODATE) == 0 {
				if cp := pc.pages[idx]; cp != nil && !cp.dirty {
					cp.dirty = true
					pc.nrDirty++
				}
			}
		}
		pc.writeErr = err
	}
	return err
}

// sync models sync_blockdev(): write back and report the first error.
func (pc *pageCache) sync() Errno {
	if pc == nil {
		return 0
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	err := pc.writeback()
	if err == 0 && pc.writeErr != 0 {
		err, pc.writeErr = pc.writeErr, 0
	}
	return err
}

// truncate models kill_bdev()/truncate_inode_pages(): drop every page that
// is not dirty (after a failed write-back the dirty ones stay, so their
// data is not lost).
func (pc *pageCache) truncate() {
	if pc == nil {
		return
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	for idx, cp := range pc.pages {
		if cp.dirty {
			continue
		}
		pc.k.Mem.FreePages(cp.page, 0)
		delete(pc.pages, idx)
	}
}

// shrink gives back up to n clean pages (the page cache's part of reclaim,
// shrink_page_list). It reports how many it freed.
func (pc *pageCache) shrink(n int) int {
	if !pc.mu.TryLock() {
		return 0 // busy: a real kernel would skip a locked page too
	}
	defer pc.mu.Unlock()
	freed := 0
	for idx, cp := range pc.pages {
		if freed >= n {
			break
		}
		if cp.dirty {
			continue
		}
		pc.k.Mem.FreePages(cp.page, 0)
		delete(pc.pages, idx)
		freed++
	}
	return freed
}

// CachedPages returns how many pages of b are in the page cache.
func (b *BlockDevice) CachedPages() int {
	if b.cache == nil {
		return 0
	}
	b.cache.mu.Lock()
	defer b.cache.mu.Unlock()
	return len(b.cache.pages)
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

// shrinkCaches is the shrinker mm calls under memory pressure.
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
