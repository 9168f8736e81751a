package blockdev

import "simpblkdev/blockdev/mm"

// bouncePoolSize is POOL_SIZE in mm/bounce.c: pages kept for bouncing.
const bouncePoolSize = 64

// blkQueueBounce models blk_queue_bounce() (mm/bounce.c): a request-based
// driver reaches data through req->buffer, a lowmem address, so every
// HighMem page of the bio is replaced by a lowmem bounce page. A write is
// copied into the bounce pages now; a read is copied back when the bounce
// bio completes, and the original bio is ended then.
func (q *RequestQueue) blkQueueBounce(bio *Bio) *Bio {
	if !q.bounceHigh || !q.k.Mem.Preset().HasHighMem {
		return bio
	}
	q.blkAddTraceBio(bio, BLK_TA_BOUNCE)
	high := false
	for _, v := range bio.BiIoVec[bio.BiIdx:] {
		if v.BvPage.IsHighMem() {
			high = true
			break
		}
	}
	if !high {
		return bio
	}
	k := q.k
	bounce := &Bio{
		BiSector: bio.BiSector, BiBdev: bio.BiBdev, BiFlags: bio.BiFlags, BiRw: bio.BiRw,
		BiVcnt: bio.BiVcnt, BiIdx: bio.BiIdx, BiSize: bio.BiSize, task: bio.task, shown: bio.shown,
		BiIoVec: append([]BioVec(nil), bio.BiIoVec...),
	}
	for i := int(bio.BiIdx); i < len(bounce.BiIoVec); i++ {
		v := &bounce.BiIoVec[i]
		if !v.BvPage.IsHighMem() {
			continue
		}
		p := k.bouncePageAlloc()
		if p == nil {
			// No lowmem page to bounce through: give back what we took
			// and fail the bio rather than hand the driver a HighMem page.
			for j := int(bio.BiIdx); j < i; j++ {
				if b := bounce.BiIoVec[j]; b.BvPage != bio.BiIoVec[j].BvPage {
					k.bouncePageFree(b.BvPage)
				}
			}
			k.Printk(KERN_ERR + "bounce: out of lowmem pages\n")
			BioEndio(bio, -ENOMEM)
			return nil
		}
		if BioDataDir(bio) == WRITE {
			k.Mem.ReadPage(v.BvPage, int(v.BvOffset), k.Mem.PageAddress(p, 0)[v.BvOffset:v.BvOffset+v.BvLen])
		}
		v.BvPage = p
	}
	bounce.BiEndIo = func(b *Bio, err Errno) {
		for i := int(bio.BiIdx); i < len(b.BiIoVec); i++ {
			orig, v := bio.BiIoVec[i], b.BiIoVec[i]
			if orig.BvPage == v.BvPage {
				continue
			}
			if BioDataDir(bio) == READ && err == 0 {
				k.Mem.WritePage(orig.BvPage, int(orig.BvOffset), k.Mem.PageAddress(v.BvPage, 0)[v.BvOffset:v.BvOffset+v.BvLen])
			}
			k.bouncePageFree(v.BvPage)
		}
		bio.BiSize = 0
		BioEndio(bio, err)
	}
	return bounce
}

// bouncePageAlloc models mempool_alloc(page_pool, GFP_NOIO): a lowmem page,
// from the reserve when the allocator has none.
func (k *Kernel) bouncePageAlloc() *mm.Page {
	k.bounceMu.Lock()
	if n := len(k.bouncePool); n > 0 {
		p := k.bouncePool[n-1]
		k.bouncePool = k.bouncePool[:n-1]
		k.bounceMu.Unlock()
		return p
	}
	k.bounceMu.Unlock()
	// The pool is empty: a real kernel sleeps until a bounce page comes
	// back. Here the lowmem allocator stands in for that wait.
	return k.Mem.AllocPages(mm.GFP_NOIO, 0)
}

// bouncePageFree models mempool_free(): refill the reserve first.
func (k *Kernel) bouncePageFree(p *mm.Page) {
	k.bounceMu.Lock()
	defer k.bounceMu.Unlock()
	if len(k.bouncePool) < bouncePoolSize {
		k.bouncePool = append(k.bouncePool, p)
		return
	}
	k.Mem.FreePages(p, 0)
}

// initBouncePool models init_emergency_pool(): with HighMem present, keep
// POOL_SIZE lowmem pages for bouncing.
func (k *Kernel) initBouncePool() {
	if !k.Mem.Preset().HasHighMem {
		return
	}
	for i := 0; i < bouncePoolSize; i++ {
		if p := k.Mem.AllocPages(mm.GFP_KERNEL, 0); p != nil {
			k.bouncePool = append(k.bouncePool, p)
		}
	}
}
