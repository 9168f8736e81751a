package blockdev

import "simpblkdev/blockdev/mm"

// writeAt models generic_perform_write() (mm/filemap.c, 2.6.27) on the
// block device: page by page, write_begin locks the page (reading it first
// if the write covers only part of it), the bytes are copied in under the
// page lock, and write_end marks the page up to date and dirty. Once too
// many pages are dirty they are written back (balance_dirty_pages), and past
// dirty_background_ratio pdflush is asked to write (balanceDirtyPages).
// Writing past the end fails with -ENOSPC.
func (pc *pageCache) writeAt(b []byte, off int64) (int, error) {
	size := pc.bdev.Size()
	if off >= size {
		return 0, -ENOSPC
	}
	short := false
	if int64(len(b)) > size-off {
		b, short = b[:size-off], true
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	n := 0
	for n < len(b) {
		pos := off + int64(n)
		idx := uint64(pos) / mm.PAGE_SIZE
		inPage := int(pos % mm.PAGE_SIZE)
		chunk := min(len(b)-n, int(mm.PAGE_SIZE)-inPage)
		cp, err := pc.writeBegin(idx, inPage, chunk)
		if err != 0 {
			return n, err
		}
		data := pc.k.Mem.PageAddress(cp.page, 0)
		pc.mu.Unlock()
		copy(data[inPage:], b[n:n+chunk])
		pc.mu.Lock()
		pc.writeEnd(cp)
		pc.k.balanceDirtyPages()
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

// writeBegin models blkdev_write_begin() → block_write_begin() (fs/buffer.c,
// 2.6.27) with __grab_cache_page() (mm/filemap.c): it returns page idx
// referenced and locked, read from the disk first when it is not up to date
// and the write covers only length bytes of it from offset from.
//
// It also waits for write-back of the page to end. 2.6.27 does not: it lets
// the write change a page the disk is still copying, and writes it again
// later. In Go the two copies would be a data race, so the page stays
// stable under write-back as later kernels make it (wait_for_stable_page).
func (pc *pageCache) writeBegin(idx uint64, from, length int) (*cachedPage, Errno) {
	cp := pc.findLockPage(idx)
	for cp == nil {
		var err Errno
		if cp, err = pc.addNewPage(idx); err == -EEXIST {
			cp = pc.findLockPage(idx)
		} else if err != 0 {
			return nil, err
		}
	}
	pc.waitOnPageWriteback(cp)
	if cp.flags&pgUptodate == 0 && (from != 0 || length < int(pc.pageLen(idx))) {
		err := pc.readPageSync(cp)
		if cp.flags&pgUptodate == 0 {
			pc.unlockPage(cp)
			pc.pageCacheRelease(cp)
			if err == 0 {
				err = -EIO
			}
			return nil, err
		}
	}
	return cp, 0
}

// writeEnd models blkdev_write_end() → block_write_end() and
// __block_commit_write() (fs/buffer.c, 2.6.27): the page is up to date and
// dirty; unlock it and drop the writer's reference.
func (pc *pageCache) writeEnd(cp *cachedPage) {
	cp.flags |= pgUptodate
	pc.setPageDirty(cp)
	pc.unlockPage(cp)
	pc.pageCacheRelease(cp)
}

// readPageSync models the read of __block_prepare_write() (ll_rw_block and
// wait_on_buffer, fs/buffer.c, 2.6.27): read the locked page and wait; the
// page stays locked, as the writer holds it (end_buffer_read_sync).
func (pc *pageCache) readPageSync(cp *cachedPage) Errno {
	cp.flags &^= pgError
	io := &pageIO{cp: cp, bio: pc.pageBio(cp), end: func(cp *cachedPage, err Errno) {
		if err == 0 {
			cp.flags |= pgUptodate
		} else {
			cp.flags |= pgError
		}
	}}
	pc.mu.Unlock()
	err := pc.submitPageIO(TaskInit, READ, []*pageIO{io})
	pc.mu.Lock()
	return err
}
