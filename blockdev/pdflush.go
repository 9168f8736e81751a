package blockdev

import (
	"sync"
	"sync/atomic"
)

// maxWritebackPages models MAX_WRITEBACK_PAGES (mm/page-writeback.c): the
// most one kupdate or background pass writes before it looks again.
const maxWritebackPages = 1024

// pdflush is the write-back of dirty pages on time (mm/page-writeback.c and
// mm/pdflush.c, 2.6.18): wb_timer wakes every dirty_writeback_centisecs and
// hands wb_kupdate to a pdflush thread, which writes the pages dirty for
// dirty_expire_centisecs or longer; a writer that finds more dirty memory
// than dirty_background_ratio allows hands background_writeout to one.
//
// A pdflush thread runs only when the CPU has nothing else to do: here when
// the machine sleeps (Kernel.Sleep, between shell commands and in sleep(1)),
// never inside a task that waits for its own I/O, so a write-back never
// runs under the locks of the task it interrupts.
type pdflush struct {
	mu         sync.Mutex
	work       []func() // pdflush_operation()s not yet run
	background bool     // background_writeout is queued or running (writeback_in_progress)
	wbTimer    *TimerList

	nrDirty     atomic.Int64 // NR_FILE_DIRTY over every block device's cache
	nrWriteback atomic.Int64 // NR_WRITEBACK
}

// pageWritebackInit models page_writeback_init() (mm/page-writeback.c):
// wb_timer's first expiry, dirty_writeback_centisecs after boot.
func (k *Kernel) pageWritebackInit() {
	k.pdflush.wbTimer = k.NewTimer(k.wbTimerFn)
	if iv := k.vm.get(&k.vm.dirtyWritebackInterval); iv != 0 {
		ModTimer(k.pdflush.wbTimer, k.Jiffies()+jiffiesOf(iv))
	}
}

// jiffiesOf is a tunable stored in an int as C's unsigned long arithmetic
// sees it (a negative interval is a huge one).
func jiffiesOf(v int32) uint64 { return uint64(uint32(v)) }

// pdflushOperation models pdflush_operation() (mm/pdflush.c): a thread
// will run fn.
func (k *Kernel) pdflushOperation(fn func()) {
	k.pdflush.mu.Lock()
	defer k.pdflush.mu.Unlock()
	k.pdflush.work = append(k.pdflush.work, fn)
}

// runPdflush runs the queued pdflush work, and what that work queues, in
// order. Kernel.Sleep calls it with no lock held.
func (k *Kernel) runPdflush() {
	for {
		k.pdflush.mu.Lock()
		if len(k.pdflush.work) == 0 {
			k.pdflush.mu.Unlock()
			return
		}
		fn := k.pdflush.work[0]
		k.pdflush.work = k.pdflush.work[1:]
		k.pdflush.mu.Unlock()
		fn()
	}
}

// wbTimerFn models wb_timer_fn() (mm/page-writeback.c).
func (k *Kernel) wbTimerFn() { k.pdflushOperation(k.wbKupdate) }

// wbKupdate models wb_kupdate() (mm/page-writeback.c, 2.6.18): write back
// what has been dirty for dirty_expire_centisecs, in passes of at most
// MAX_WRITEBACK_PAGES, then re-arm wb_timer dirty_writeback_centisecs after
// this pass began (at least a second from now); a zero interval stops it.
func (k *Kernel) wbKupdate() {
	start := k.Jiffies()
	oldest := int64(start) - int64(jiffiesOf(k.vm.get(&k.vm.dirtyExpireInterval)))
	if oldest >= 0 {
		olderThan := uint64(oldest)
		for _, pc := range k.blockdevCaches() {
			pc.writebackPasses(&olderThan, nil)
		}
	}
	iv := k.vm.get(&k.vm.dirtyWritebackInterval)
	next := start + jiffiesOf(iv)
	if now := k.Jiffies(); next < now+HZ {
		next = now + HZ
	}
	if iv != 0 {
		ModTimer(k.pdflush.wbTimer, next)
	}
}

// writebackPasses writes pc's dirty pages (those dirty since *olderThan or
// before, if it is not nil) in WB_SYNC_NONE passes of MAX_WRITEBACK_PAGES
// until a pass writes fewer or fails, or, for background write-out
// (minPages not nil), until the dirty pages of the machine are under the
// background threshold and *minPages, which counts down the pages
// written, is spent.
func (pc *pageCache) writebackPasses(olderThan *uint64, minPages *int64) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	for {
		if minPages != nil {
			if bg, _ := pc.k.dirtyLimits(); pc.k.pdflush.nrDirty.Load() < bg && *minPages <= 0 {
				return
			}
		}
		// A failed write leaves its pages dirty again: stop rather
		// than try them for ever.
		n, err := pc.writeCachePages(wbSyncNone, olderThan, maxWritebackPages)
		if minPages != nil {
			*minPages -= int64(n)
		}
		if n < maxWritebackPages || err != 0 {
			return
		}
	}
}

// backgroundWriteout models background_writeout() (mm/page-writeback.c,
// 2.6.18): write until the machine's dirty pages are under the background
// threshold and at least minPages have been written, or none is left to
// write.
func (k *Kernel) backgroundWriteout(minPages int64) {
	for _, pc := range k.blockdevCaches() {
		pc.writebackPasses(nil, &minPages)
	}
	k.pdflush.mu.Lock()
	k.pdflush.background = false
	k.pdflush.mu.Unlock()
}

// wakeupPdflush models wakeup_pdflush() (mm/page-writeback.c, 2.6.18): a
// pdflush thread is to run background write-out of at least nrPages pages,
// 0 meaning as many as are dirty now.
func (k *Kernel) wakeupPdflush(nrPages int64) {
	if nrPages == 0 {
		nrPages = k.pdflush.nrDirty.Load()
	}
	k.pdflushOperation(func() { k.backgroundWriteout(nrPages) })
}

// blockdevCaches lists the page caches of the block devices (the
// superblock's inodes that sync_sb_inodes walks).
func (k *Kernel) blockdevCaches() []*pageCache {
	k.cacheMu.Lock()
	defer k.cacheMu.Unlock()
	return append([]*pageCache(nil), k.caches...)
}

// dirtyLimits models get_dirty_limits() (mm/page-writeback.c, 2.6.18) for
// the block device's mapping, which cannot use HighMem: the background and
// the dirty thresholds in pages, the ratios taken of the lowmem pages.
// 2.6.18 also caps dirty_ratio at half the unmapped memory; nothing is
// mapped on this machine, so the cap is 50 %.
func (k *Kernel) dirtyLimits() (background, dirty int64) {
	var available int64
	for _, z := range k.Mem.Zones() {
		if !z.IsHighMem() {
			available += z.PresentPages()
		}
	}
	dirtyRatio := min(k.vm.get(&k.vm.dirtyRatio), 50)
	if dirtyRatio < 5 {
		dirtyRatio = 5
	}
	bgRatio := k.vm.get(&k.vm.dirtyBackgroundRatio)
	if bgRatio >= dirtyRatio {
		bgRatio = dirtyRatio / 2
	}
	return int64(bgRatio) * available / 100, int64(dirtyRatio) * available / 100
}

// balanceDirtyPages models the end of balance_dirty_pages()
// (mm/page-writeback.c, 2.6.18), which a writer calls as it dirties pages:
// past the background threshold a pdflush thread starts background
// write-out, unless one is at it already. In laptop mode the kernel waits
// for the writer's own write-back instead; this writer has none (the
// simulator keeps no dirty_ratio throttling but the fixed limit of
// filemap_write.go), so in laptop mode nothing starts here.
func (k *Kernel) balanceDirtyPages() {
	if k.vm.get(&k.vm.laptopMode) != 0 {
		return
	}
	if bg, _ := k.dirtyLimits(); k.pdflush.nrDirty.Load() <= bg {
		return
	}
	k.pdflush.mu.Lock()
	queue := !k.pdflush.background
	k.pdflush.background = true
	k.pdflush.mu.Unlock()
	if queue {
		k.pdflushOperation(func() { k.backgroundWriteout(0) })
	}
}
