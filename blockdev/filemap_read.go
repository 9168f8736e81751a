package blockdev

import "simpblkdev/blockdev/mm"

// readAt models do_generic_file_read() (mm/filemap.c, 2.6.27) on the block
// device: page by page, find the page (reading it, with read-ahead on a
// miss), then copy from it. Past the end of the device it returns a short
// read.
//
// The kernel copies from an up-to-date page holding only a reference, and
// lets a concurrent write tear what the reader sees; Go's memory model
// calls that a data race, so here the copy happens under the page lock.
func (pc *pageCache) readAt(b []byte, off int64) (int, error) {
	size := pc.bdev.Size()
	if off >= size {
		return 0, nil
	}
	if int64(len(b)) > size-off {
		b = b[:size-off]
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	n := 0
	for n < len(b) {
		pos := off + int64(n)
		cp, err := pc.lockUptodatePage(uint64(pos)/mm.PAGE_SIZE, pc.bdev.raPages())
		if err != 0 {
			return n, err
		}
		data := pc.k.Mem.PageAddress(cp.page, 0)
		pc.mu.Unlock()
		n += copy(b[n:], data[pos%mm.PAGE_SIZE:])
		pc.mu.Lock()
		pc.unlockPage(cp)
		pc.pageCacheRelease(cp)
	}
	return n, nil
}

// lockUptodatePage is the part of do_generic_file_read() (mm/filemap.c,
// 2.6.27) that finds page idx: it returns the page referenced, locked and
// up to date. A miss starts read-ahead of ra pages (page_cache_sync_readahead;
// read_cache_page, which reads the one page, passes 0); a page
// that is not up to date once its lock is free (its read failed) is read
// once more (readpage) before the read fails with that error; a page
// truncated while we slept on it is looked up again.
func (pc *pageCache) lockUptodatePage(idx, ra uint64) (*cachedPage, Errno) {
	for {
		cp := pc.findGetPage(idx)
		if cp == nil && ra > 0 {
			if err := pc.doPageCacheReadahead(idx, ra); err == -ENOMEM {
				return nil, err // even reclaim found no page for idx
			}
			cp = pc.findGetPage(idx)
		}
		if cp == nil { // no_cached_page
			var err Errno
			if cp, err = pc.addNewPage(idx); err == -EEXIST {
				continue
			} else if err != 0 {
				return nil, err
			}
			pc.readpage(cp)
		}
		pc.lockPage(cp)
		if cp.mapped && cp.flags&pgUptodate == 0 {
			err := pc.readpage(cp)
			pc.lockPage(cp)
			if cp.mapped && cp.flags&pgUptodate == 0 {
				pc.unlockPage(cp)
				pc.pageCacheRelease(cp)
				if err == 0 {
					err = -EIO
				}
				return nil, err
			}
		}
		if cp.mapped {
			return cp, 0
		}
		pc.unlockPage(cp)
		pc.pageCacheRelease(cp)
	}
}

// readpage models blkdev_readpage() → block_read_full_page() (fs/buffer.c,
// 2.6.27) with a block size of one page: read the locked page; its
// completion marks it up to date, or PG_error, and unlocks it. It returns
// once the I/O is over, with the page unlocked.
func (pc *pageCache) readpage(cp *cachedPage) Errno {
	cp.flags &^= pgError
	io := &pageIO{cp: cp, bio: pc.pageBio(cp), end: pc.endPageRead}
	pc.mu.Unlock()
	err := pc.submitPageIO(TaskInit, READ, []*pageIO{io})
	pc.mu.Lock()
	return err
}

// endPageRead models end_buffer_async_read() (fs/buffer.c, 2.6.27) for a
// page of one block: the page is up to date, or PG_error, and unlocked.
func (pc *pageCache) endPageRead(cp *cachedPage, err Errno) {
	if err == 0 {
		cp.flags |= pgUptodate
	} else {
		cp.flags = cp.flags&^pgUptodate | pgError
	}
	pc.unlockPage(cp)
}

// doPageCacheReadahead models __do_page_cache_readahead() and read_pages()
// (mm/readahead.c, 2.6.27): every page of first..first+n-1 that is not
// cached is allocated, added locked, and read; pages already cached (up to
// date, dirty, or under someone else's I/O) are left alone, so a read-ahead
// only ever fills pages it added itself. All bios are submitted before the
// first wait, so the elevator can merge them. It stops at the end of the
// device and at the first page it cannot allocate (read-ahead is best
// effort; that is -ENOMEM when it is page first). It returns the first I/O
// error.
func (pc *pageCache) doPageCacheReadahead(first, n uint64) Errno {
	var ios []*pageIO
	for idx := first; idx < first+n && pc.pageLen(idx) >= 512; idx++ {
		if _, ok := pc.pages[idx]; ok {
			continue
		}
		cp, err := pc.addNewPage(idx)
		if err == -EEXIST {
			continue
		}
		if err != 0 {
			if idx == first {
				return err
			}
			break
		}
		ios = append(ios, &pageIO{cp: cp, bio: pc.pageBio(cp), end: pc.endPageRead})
	}
	if len(ios) == 0 {
		return 0
	}
	pc.mu.Unlock()
	err := pc.submitPageIO(TaskInit, READ, ios)
	pc.mu.Lock()
	for _, io := range ios {
		pc.pageCacheRelease(io.cp)
	}
	return err
}
