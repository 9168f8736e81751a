package blockdev

import "sync"

// bioBatch waits for a group of bios, as a task does in wait_on_page_locked
// or wait_for_completion after submit_bio.
type bioBatch struct {
	mu      sync.Mutex
	pending int
	err     Errno
}

func (bb *bioBatch) endIO(bio *Bio, err Errno) {
	bb.mu.Lock()
	defer bb.mu.Unlock()
	bb.pending--
	if err != 0 && bb.err == 0 {
		bb.err = err
	}
}

func (bb *bioBatch) done() bool {
	bb.mu.Lock()
	defer bb.mu.Unlock()
	return bb.pending == 0
}

// SubmitBioWait submits bios for task and waits until all of them ended,
// returning the first error. While it waits it does what a sleeping task's
// wait does in the kernel: it kicks the queue (blk_run_backing_dev, which
// unplugs it), and when that is not enough it lets virtual time pass to the
// next timer (the unplug timer, a scheduler's expiry). If nothing is left
// that could end the bios, it gives up with -EIO and a log line instead of
// hanging; a waiter an oops killed (oops_kill.go) gives up at once, without
// the line. A bio's own bi_end_io, if the caller set one, runs first when
// the bio ends (as end_buffer_async_read unlocks a page before the reader
// that sleeps on it wakes).
func (k *Kernel) SubmitBioWait(task *Task, rw uint64, bios ...*Bio) Errno {
	bb := &bioBatch{pending: len(bios)}
	for _, bio := range bios {
		own := bio.BiEndIo
		bio.BiEndIo = func(bio *Bio, err Errno) {
			if own != nil {
				own(bio, err)
			}
			bb.endIO(bio, err)
		}
	}
	for _, bio := range bios {
		k.SubmitBio(task, rw, bio)
	}
	return k.waitBatch(bb, bios)
}

func (k *Kernel) waitBatch(bb *bioBatch, bios []*Bio) Errno {
	for !bb.done() {
		if k.callerKilled() {
			// An oops killed the waiter (in its own submit or
			// unplug): a dead task waits for nothing.
			return -EIO
		}
		for _, q := range k.queuesOf(bios) {
			q.blkBackingDevUnplug(bios[0].tracer())
		}
		if bb.done() {
			break
		}
		if k.callerKilled() {
			return -EIO
		}
		if !k.runNextTimer() {
			k.Printk(KERN_ERR + "INFO: I/O never completed: the driver kept a request or bio and nothing is pending\n")
			return -EIO
		}
	}
	return bb.err
}

// queuesOf lists the queues bios went to.
func (k *Kernel) queuesOf(bios []*Bio) []*RequestQueue {
	var qs []*RequestQueue
	for _, b := range bios {
		if b.BiBdev == nil || b.BiBdev.BdDisk == nil || b.BiBdev.BdDisk.Queue == nil {
			continue
		}
		q := b.BiBdev.BdDisk.Queue
		seen := false
		for _, x := range qs {
			seen = seen || x == q
		}
		if !seen {
			qs = append(qs, q)
		}
	}
	return qs
}
