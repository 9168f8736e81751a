package blockdev

import "simpblkdev/blockdev/mm"

// ReadAt models read(2) on an open block device (blkdev_aio_read →
// generic_file_aio_read): through the page cache, with read-ahead. Past the
// end of the device it returns a short read.
func (b *BlockDevice) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, EINVAL
	}
	n, err := b.cache.readAt(p, off)
	return n, userErr(err)
}

// WriteAt models write(2) on an open block device: the bytes land in the
// page cache and reach the driver on write-back. Writing past the end
// fails with ENOSPC.
func (b *BlockDevice) WriteAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, EINVAL
	}
	n, err := b.cache.writeAt(p, off)
	return n, userErr(err)
}

// Sync models fsync(2) on the device: write back every dirty page.
func (b *BlockDevice) Sync() error { return userErr(b.cache.sync()) }

// userErr gives user space the positive errno a system call reports for the
// kernel's negative one (-EIO inside, EIO in errno).
func userErr(err error) error {
	if e, ok := err.(Errno); ok {
		return e.Abs()
	}
	return err
}

// directIOPages is how many pages one O_DIRECT bio carries.
const directIOPages = 16

// ReadDirect models read(2) with O_DIRECT (fs/direct-io.c): the bytes go
// straight from the driver into the caller's pages, bypassing the page
// cache. Offset and length must be multiples of 512.
func (b *BlockDevice) ReadDirect(p []byte, off int64) (int, error) {
	return b.direct(READ, p, off)
}

// WriteDirect models write(2) with O_DIRECT.
func (b *BlockDevice) WriteDirect(p []byte, off int64) (int, error) {
	return b.direct(WRITE, p, off)
}

// direct moves p through user pages (GFP_HIGHUSER, so on i386 they may be
// HighMem and a request-based queue must bounce them) in sync bios.
func (b *BlockDevice) direct(rw int, p []byte, off int64) (int, error) {
	if off < 0 || off%512 != 0 || len(p)%512 != 0 {
		return 0, EINVAL
	}
	// Let the page cache's dirty data reach the disk first, as
	// generic_file_direct_IO does, so the two views agree.
	if err := b.cache.sync(); err != nil {
		return 0, userErr(err)
	}
	size := b.Size()
	if off >= size {
		if rw == WRITE {
			return 0, ENOSPC
		}
		return 0, nil
	}
	if int64(len(p)) > size-off {
		p = p[:size-off]
	}
	k := b.BdDisk.k
	done := 0
	for done < len(p) {
		chunk := p[done:min(len(p), done+directIOPages*int(mm.PAGE_SIZE))]
		npages := (len(chunk) + int(mm.PAGE_SIZE) - 1) / int(mm.PAGE_SIZE)
		bio := BioAlloc(npages)
		bio.BiBdev = b
		bio.BiSector = uint64(off+int64(done)) >> 9
		var pages []*mm.Page
		free := func() {
			for _, pg := range pages {
				k.Mem.FreePages(pg, 0)
			}
		}
		for i := 0; i < npages; i++ {
			pg := k.Mem.AllocPages(mm.GFP_HIGHUSER, 0)
			if pg == nil {
				free()
				return done, ENOMEM
			}
			pages = append(pages, pg)
			part := chunk[i*int(mm.PAGE_SIZE) : min(len(chunk), (i+1)*int(mm.PAGE_SIZE))]
			if rw == WRITE {
				k.Mem.WritePage(pg, 0, part)
			}
			BioAddPage(bio, pg, uint32(len(part)), 0)
		}
		err := k.SubmitBioWait(TaskInit, uint64(rw)|1<<BIO_RW_SYNC, bio)
		if err == 0 && rw == READ {
			for i, pg := range pages {
				part := chunk[i*int(mm.PAGE_SIZE) : min(len(chunk), (i+1)*int(mm.PAGE_SIZE))]
				k.Mem.ReadPage(pg, 0, part)
			}
		}
		free()
		if err != 0 {
			return done, err.Abs()
		}
		done += len(chunk)
	}
	if rw == READ {
		return done, nil
	}
	// A direct write makes what the cache holds stale: drop it.
	b.cache.truncate()
	return done, nil
}
