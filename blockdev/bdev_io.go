package blockdev

import "simpblkdev/blockdev/mm"

// directIOPages is how many pages one O_DIRECT bio carries.
const directIOPages = 16

// direct models O_DIRECT I/O (fs/direct-io.c): p moves through user pages
// (GFP_HIGHUSER, so on i386 they may be HighMem and a request-based queue
// must bounce them) in sync bios. Offset and length must be multiples of
// 512. It returns how many bytes moved and 0 or a negative errno.
func (b *BlockDevice) direct(rw int, p []byte, off int64) (int, Errno) {
	if off < 0 || off%512 != 0 || len(p)%512 != 0 {
		return 0, -EINVAL
	}
	// Let the page cache's dirty data reach the disk first, as
	// generic_file_direct_IO does, so the two views agree.
	if err := b.cache.sync(); err != 0 {
		return 0, err
	}
	size := b.Size()
	if off >= size {
		if rw == WRITE {
			return 0, -ENOSPC
		}
		return 0, 0
	}
	if int64(len(p)) > size-off {
		p = p[:size-off]
	}
	if rw == WRITE {
		if err := b.cache.invalidateRange(off, len(p), true); err != 0 {
			return 0, err
		}
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
				return done, -ENOMEM
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
			return done, err
		}
		done += len(chunk)
	}
	if rw == READ {
		return done, 0
	}
	// Pages read ahead while the write went on hold the old data: drop
	// them too; this time a page that will not go is no error.
	b.cache.invalidateRange(off, done, false)
	return done, 0
}
