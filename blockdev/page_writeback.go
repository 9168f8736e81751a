package blockdev

import "slices"

// writeback models filemap_fdatawrite() → write_cache_pages()
// (mm/page-writeback.c, 2.6.27) in WB_SYNC_ALL mode, with blkdev_writepage
// → block_write_full_page() (fs/buffer.c): each dirty page, in index order,
// is locked, waited for if a write of it is still in flight, cleaned
// (clear_page_dirty_for_io), marked PG_writeback and unlocked, so the page
// is stable while the driver copies it; its bio is built, and all bios are
// submitted before the first wait so the elevator merges neighbours into
// one request. Each page's completion ends its write-back. It returns the
// first I/O error. Called with pc.mu held.
func (pc *pageCache) writeback() Errno {
	_, err := pc.writeCachePages(wbSyncAll, nil, 0)
	return err
}

// The sync modes of struct writeback_control (include/linux/writeback.h).
const (
	wbSyncNone = iota // WB_SYNC_NONE: skip pages under write-back, do not wait for them
	wbSyncAll         // WB_SYNC_ALL: data integrity, wait for writes in flight first
)

// writeCachePages models write_cache_pages() (mm/page-writeback.c, 2.6.27)
// for the pages dirty since *olderThan or before (nil: every dirty page), at
// most nrToWrite of them (0: no limit). In WB_SYNC_NONE mode, pdflush's, a
// page whose write is still in flight is skipped rather than waited for.
// It returns how many pages it wrote and the first I/O error. Called with
// pc.mu held; it drops it while the bios are in flight.
func (pc *pageCache) writeCachePages(syncMode int, olderThan *uint64, nrToWrite int) (int, Errno) {
	if pc.nrDirty == 0 {
		return 0, 0
	}
	var idxs []uint64
	for idx, cp := range pc.pages {
		if cp.flags&pgDirty != 0 && (olderThan == nil || cp.dirtiedWhen <= *olderThan) {
			idxs = append(idxs, idx)
		}
	}
	slices.Sort(idxs)
	var ios []*pageIO
	for _, idx := range idxs {
		if nrToWrite > 0 && len(ios) == nrToWrite {
			break
		}
		cp := pc.findGetPage(idx)
		if cp == nil {
			continue
		}
		pc.lockPage(cp)
		if cp.mapped && syncMode == wbSyncAll {
			pc.waitOnPageWriteback(cp)
		}
		if !cp.mapped || cp.flags&pgWriteback != 0 || !pc.clearPageDirtyForIO(cp) {
			pc.unlockPage(cp)
			pc.pageCacheRelease(cp)
			continue
		}
		pc.setPageWriteback(cp)
		ios = append(ios, &pageIO{cp: cp, bio: pc.pageBio(cp), end: pc.endPageWrite})
		pc.unlockPage(cp)
	}
	if len(ios) == 0 {
		return 0, 0
	}
	pc.mu.Unlock()
	err := pc.submitPageIO(TaskPdflush, WRITE, ios)
	pc.mu.Lock()
	for _, io := range ios {
		pc.pageCacheRelease(io.cp)
	}
	return len(ios), err
}

// endPageWrite models end_buffer_async_write() (fs/buffer.c, 2.6.27) for a
// page of one block: a failed write marks the page PG_error and the
// mapping AS_EIO, for the next sync to report, then write-back of the page
// ends. 2.6.27 leaves the data only in the clean page, for reclaim to
// forget; here the page is dirtied again, so nothing written is lost.
func (pc *pageCache) endPageWrite(cp *cachedPage, err Errno) {
	if err != 0 {
		cp.flags |= pgError
		if pc.writeErr == 0 {
			pc.writeErr = err
		}
		if cp.mapped {
			pc.setPageDirty(cp)
		}
	}
	pc.endPageWriteback(cp)
}

// waitOnPageWritebackRange models wait_on_page_writeback_range()
// (mm/filemap.c, 2.6.27) over the whole mapping: wait for every write in
// flight, also those another task started. Called with pc.mu held.
func (pc *pageCache) waitOnPageWritebackRange() {
	var busy []*cachedPage
	for _, cp := range pc.pages {
		if cp.flags&pgWriteback != 0 {
			cp.count++
			busy = append(busy, cp)
		}
	}
	for _, cp := range busy {
		pc.waitOnPageWriteback(cp)
		pc.pageCacheRelease(cp)
	}
}

// sync models sync_blockdev() → filemap_write_and_wait() (mm/filemap.c,
// 2.6.27): write back every dirty page, wait until no write is in flight,
// and report the first error: this write-back's, or the AS_EIO a write-back
// since the last sync left (reported once).
func (pc *pageCache) sync() Errno {
	if pc == nil {
		return 0
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	err := pc.writeback()
	pc.waitOnPageWritebackRange()
	if asEIO := pc.writeErr; asEIO != 0 {
		pc.writeErr = 0
		if err == 0 {
			err = asEIO
		}
	}
	return err
}

// doSync models do_sync(1) (fs/buffer.c, 2.6.18), the kernel's part of
// sync(2): pdflush is woken to write everything dirty (wakeup_pdflush(0)),
// then sync_inodes walks every superblock, the block devices' pseudo file
// system (bdev) among them, so that every block device's page cache is
// written back and waited for, whether a process has the device open or
// not. sync_inodes(0)'s WB_SYNC_NONE pass and sync_inodes(1)'s waiting one
// are one WB_SYNC_ALL pass here, since this write-back waits for its bios
// anyway. The wait consumes AS_EIO, as filemap_fdatawait does, and sync(2)
// reports nothing; pages whose write failed stay dirty. The file systems'
// own part (sync_supers, sync_filesystems) belongs to package fs, which
// keeps its metadata in user space.
func (k *Kernel) doSync() {
	k.wakeupPdflush(0)
	for _, pc := range k.blockdevCaches() {
		pc.sync()
	}
}
