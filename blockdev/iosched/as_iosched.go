package iosched

import (
	"fmt"

	"simpblkdev/blockdev"
)

// The anticipatory scheduler (block/as-iosched.c, 2.6.27).
//
// It is deadline's sorted lists and FIFOs, by sync (reads and sync writes)
// and async (writes), plus two ideas:
//
//   - Batches in time: reads run for read_batch_expire, writes for
//     write_batch_expire (and at most write_batch_count requests, tuned on
//     the fly); a change of direction waits until the old direction's
//     requests have all completed. Within a batch the next request is the
//     nearest in front of the head, or a short seek back at twice the cost
//     (as_choose_req); an expired FIFO head (checked at most once per
//     expiry interval) goes first.
//   - Anticipation: after a read completes, when the next candidate is not
//     from the same process and not close to where that process read, the
//     disk is kept idle for up to antic_expire, betting that the process
//     that just read will soon read again nearby. Dispatch returns 0 while
//     it waits; a new read from that process (or one close to its last read
//     from anyone) ends the wait at once, and so does the antic timer, which
//     then runs the queue through kblockd.
//
// Kept from the kernel: per process (io_context, here per Task pid) the
// counts of queued and dispatched requests and the decaying think-time and
// seek-distance means (as_update_iohist) that tell whether waiting for a
// process is worth it, and the "new process" means for processes without
// history. Left out: the exit_prob/exit_no_coop statistics about processes
// that exit while being waited for (simulated tasks never exit), and
// as_may_queue (the block layer here has no may_queue hook). as_merge in
// 2.6.27 looks the bio up in sort_list[bio_data_dir(bio)], which indexes
// the sync/async array with READ=0, the async list; this model looks in the
// list the bio's request would join.

// Directions of as: sync and async (REQ_SYNC/REQ_ASYNC in the C).
const (
	asAsync = 0
	asSync  = 1
)

// The defaults.
const (
	asReadExpire       = blockdev.HZ / 8  // max time before a read is submitted
	asWriteExpire      = blockdev.HZ / 4  // ditto for writes
	asReadBatchExpire  = blockdev.HZ / 2  // how long a stream of reads may run
	asWriteBatchExpire = blockdev.HZ / 8  // target length of a stream of writes
	asMaxThinktime     = blockdev.HZ / 50 // think times are tracked up to 20 ms
	asMaxBack          = 1024 * 1024
	asBackPenalty      = 2
)

// asAnticExpire is default_antic_expire: HZ/150, at least one jiffy.
func asAnticExpire() uint64 {
	if blockdev.HZ/150 > 0 {
		return blockdev.HZ / 150
	}
	return 1
}

// The anticipation states (enum anticipation_status).
const (
	anticOff      = iota // not anticipating (normal operation)
	anticWaitReq         // the last read has not yet completed
	anticWaitNext        // anticipating a request vs the last read (which completed)
	anticFinished        // anticipating but found a candidate or timed out
)

// The per-request states (enum arq_state).
const (
	asRqNew = iota
	asRqQueued
	asRqDispatched
	asRqRemoved
	asRqMerged
	asRqPostsched
)

// asIoContext models struct as_io_context: what as knows of one process.
type asIoContext struct {
	pid          int
	nrQueued     int
	nrDispatched int

	ioStarted      bool // AS_TASK_IOSTARTED: the process has started some IO
	ioRunning      bool // AS_TASK_IORUNNING: the process has completed some IO
	lastEndRequest uint64

	ttimeTotal, ttimeSamples, ttimeMean uint64
	seekTotal, seekSamples, seekMean    uint64
	lastRequestPos                      uint64
}

// asRq is as's per-request data (elevator_private/elevator_private2).
type asRq struct {
	ad    *asData
	ioc   *asIoContext
	state int
}

// asData models struct as_data.
type asData struct {
	q *blockdev.RequestQueue

	sortList   [2]elvSortList
	fifoList   [2]elvFifo
	nextRq     [2]*blockdev.Request
	lastSector [2]uint64

	newTtimeTotal, newTtimeMean uint64 // mean think time of new processes
	newSeekTotal, newSeekMean   uint64 // mean seek of new processes

	currentBatchExpires uint64
	lastCheckFifo       [2]uint64
	changedBatch        bool // waiting for the old batch to end
	newBatch            bool // waiting on the first read to complete
	batchDataDir        int
	writeBatchCount     int // max requests in a write batch
	currentWriteCount   int // how many are left in this batch
	writeBatchIdled     bool

	anticStatus  int
	anticStart   uint64
	anticTimer   *blockdev.TimerList
	ioContext    *asIoContext // the process anticipated on
	iocFinished  bool         // its last request completed
	nrDispatched int

	fifoExpire  [2]uint64
	batchExpire [2]uint64
	anticExpire uint64

	iocs   map[int]*asIoContext
	exited bool
}

// newAS models as_init_queue().
func newAS(q *blockdev.RequestQueue) (blockdev.ElevatorOps, error) {
	ad := &asData{
		q:           q,
		fifoExpire:  [2]uint64{asWriteExpire, asReadExpire},
		batchExpire: [2]uint64{asWriteBatchExpire, asReadBatchExpire},
		anticExpire: asAnticExpire(),
		iocs:        map[int]*asIoContext{},
	}
	ad.anticTimer = q.Kernel().NewTimer(ad.anticTimeout)
	ad.currentBatchExpires = q.Kernel().Jiffies() + ad.batchExpire[asSync]
	ad.writeBatchCount = int(ad.batchExpire[asAsync] / 10)
	if ad.writeBatchCount < 2 {
		ad.writeBatchCount = 2
	}
	return ad, nil
}

func (ad *asData) now() uint64 { return ad.q.Kernel().Jiffies() }

// asDir is rq_is_sync() as an index.
func asDir(rq *blockdev.Request) int {
	if blockdev.RqIsSync(rq) {
		return asSync
	}
	return asAsync
}

func (ad *asData) arq(rq *blockdev.Request) *asRq {
	if rq == nil {
		return nil
	}
	if a, ok := rq.ElevatorPrivate.(*asRq); ok && a.ad == ad {
		return a
	}
	return nil
}

// rqIoc is RQ_IOC(rq)->aic: the process rq was queued for.
func (ad *asData) rqIoc(rq *blockdev.Request) *asIoContext {
	if a := ad.arq(rq); a != nil {
		return a.ioc
	}
	return nil
}

// getIoContext models as_get_io_context(): the context of task.
func (ad *asData) getIoContext(task *blockdev.Task) *asIoContext {
	pid := 0
	if task != nil {
		pid = task.Pid
	}
	aic := ad.iocs[pid]
	if aic == nil {
		aic = &asIoContext{pid: pid}
		ad.iocs[pid] = aic
	}
	return aic
}

// putIoContext models as_put_io_context(): a sync request of the process
// is done: it has completed some I/O, now.
func (ad *asData) putIoContext(rq *blockdev.Request) {
	if aic := ad.rqIoc(rq); aic != nil && blockdev.RqIsSync(rq) {
		aic.ioRunning = true
		aic.lastEndRequest = ad.now()
	}
}

// addRqRb models as_add_rq_rb(): an alias at the same sector goes to the
// dispatch queue first.
func (ad *asData) addRqRb(rq *blockdev.Request) {
	root := &ad.sortList[asDir(rq)]
	for alias := root.Add(rq); alias != nil; alias = root.Add(rq) {
		ad.moveToDispatch(alias)
		ad.anticStop()
	}
}

// chooseReq models as_choose_req(): of two requests of one direction, the
// one nearer in front of the head, a backward seek (up to MAXBACK) costing
// twice a forward one; requests further behind wrap to the next sweep.
func (ad *asData) chooseReq(rq1, rq2 *blockdev.Request) *blockdev.Request {
	if rq1 == nil || rq1 == rq2 {
		return rq2
	}
	if rq2 == nil {
		return rq1
	}
	last := ad.lastSector[asDir(rq1)]
	s1, s2 := rq1.Sector, rq2.Sector
	dist := func(s uint64) (uint64, bool) {
		switch {
		case s >= last:
			return s - last, false
		case s+asMaxBack >= last:
			return (last - s) * asBackPenalty, false
		default:
			return 0, true
		}
	}
	d1, w1 := dist(s1)
	d2, w2 := dist(s2)
	switch {
	case !w1 && w2:
		return rq1
	case w1 && !w2:
		return rq2
	case w1 && w2:
		if s1 <= s2 {
			return rq1
		}
		return rq2
	}
	switch {
	case d1 < d2:
		return rq1
	case d2 < d1:
		return rq2
	case s1 >= s2:
		return rq1
	default:
		return rq2
	}
}

// findNextRq models as_find_next_rq(): the better of the neighbours of
// last in sector order (wrapping to the first when last is the highest).
func (ad *asData) findNextRq(last *blockdev.Request) *blockdev.Request {
	root := &ad.sortList[asDir(last)]
	prev := root.Former(last)
	next := root.Latter(last)
	if next == nil {
		if first := root.First(); first != last {
			next = first
		}
	}
	return ad.chooseReq(next, prev)
}

// anticExpired models as_antic_expired().
func (ad *asData) anticExpired() bool {
	delta := int64(ad.now() - ad.anticStart)
	if delta < 0 {
		delta = -delta
	}
	return uint64(delta) >= ad.anticExpire
}

// anticWaitnext models as_antic_waitnext(): start timing the wait.
func (ad *asData) anticWaitnext() {
	blockdev.ModTimer(ad.anticTimer, ad.anticStart+ad.anticExpire)
	ad.anticStatus = anticWaitNext
}

// anticWaitreq models as_antic_waitreq(): start anticipating; the timer
// starts only once the read we anticipate after has completed.
func (ad *asData) anticWaitreq() {
	if ad.anticStatus == anticOff {
		if ad.ioContext == nil || ad.iocFinished {
			ad.anticWaitnext()
		} else {
			ad.anticStatus = anticWaitReq
		}
	}
}

// anticStop models as_antic_stop(): stop waiting and have kblockd run the
// queue soon.
func (ad *asData) anticStop() {
	if ad.anticStatus == anticWaitReq || ad.anticStatus == anticWaitNext {
		if ad.anticStatus == anticWaitNext {
			blockdev.DelTimer(ad.anticTimer)
		}
		ad.anticStatus = anticFinished
		blockdev.KblockdScheduleWork(ad.q)
	}
}

// anticTimeout models as_antic_timeout(), the antic timer: the wait is
// over; run the queue.
func (ad *asData) anticTimeout() {
	q := ad.q
	q.Lock()
	defer q.Unlock()
	if ad.exited {
		return
	}
	if ad.anticStatus == anticWaitReq || ad.anticStatus == anticWaitNext {
		ad.anticStatus = anticFinished
		blockdev.KblockdScheduleWork(q)
	}
}

// updateThinktime models as_update_thinktime(): decaying means in fixed
// point (1.0 == 256).
func (ad *asData) updateThinktime(aic *asIoContext, ttime uint64) {
	if aic.ttimeSamples == 0 {
		ad.newTtimeTotal = (7*ad.newTtimeTotal + 256*ttime) / 8
		ad.newTtimeMean = ad.newTtimeTotal / 256
	}
	aic.ttimeSamples = (7*aic.ttimeSamples + 256) / 8
	aic.ttimeTotal = (7*aic.ttimeTotal + 256*ttime) / 8
	aic.ttimeMean = (aic.ttimeTotal + 128) / aic.ttimeSamples
}

// updateSeekdist models as_update_seekdist().
func (ad *asData) updateSeekdist(aic *asIoContext, sdist uint64) {
	if aic.seekSamples == 0 {
		ad.newSeekTotal = (7*ad.newSeekTotal + 256*sdist) / 8
		ad.newSeekMean = ad.newSeekTotal / 256
	}
	// Don't let the odd far seek (a fragment, a page-in) dominate.
	limit := aic.seekMean*4 + 2*1024*64
	if aic.seekSamples <= 60 {
		limit = aic.seekMean*4 + 2*1024*1024
	}
	if sdist > limit {
		sdist = limit
	}
	aic.seekSamples = (7*aic.seekSamples + 256) / 8
	aic.seekTotal = (7*aic.seekTotal + 256*sdist) / 8
	aic.seekMean = (aic.seekTotal + aic.seekSamples/2) / aic.seekSamples
}

// updateIohist models as_update_iohist(): on a new sync request, the
// process's think time (since its last request completed, when it had
// nothing else in flight) and seek distance (from the end of its last
// request).
func (ad *asData) updateIohist(aic *asIoContext, rq *blockdev.Request) {
	if aic == nil || asDir(rq) != asSync {
		return
	}
	inFlight := aic.nrQueued + aic.nrDispatched
	if aic.ioRunning || aic.ioStarted {
		var thinktime uint64
		if aic.ioRunning && inFlight == 0 {
			thinktime = ad.now() - aic.lastEndRequest
			if thinktime > asMaxThinktime-1 {
				thinktime = asMaxThinktime - 1
			}
		}
		ad.updateThinktime(aic, thinktime)
		var seek uint64
		if aic.lastRequestPos < rq.Sector {
			seek = rq.Sector - aic.lastRequestPos
		} else {
			seek = aic.lastRequestPos - rq.Sector
		}
		ad.updateSeekdist(aic, seek)
	}
	aic.lastRequestPos = blockdev.RqEndSector(rq)
	aic.ioStarted = true
}

// closeReq models as_close_req(): is rq close to where the last request
// ended? The window (8192 sectors) doubles for each jiffy already waited,
// and a request nearer than the process's mean seek counts as close too.
func (ad *asData) closeReq(aic *asIoContext, rq *blockdev.Request) bool {
	var delay uint64
	if ad.anticStatus != anticOff && ad.iocFinished {
		delay = ad.now() - ad.anticStart
	}
	var delta uint64
	switch {
	case delay == 0:
		delta = 8192
	case delay <= 20*blockdev.HZ/1000 && delay <= ad.anticExpire:
		delta = 8192 << delay
	default:
		return true
	}
	last := ad.lastSector[ad.batchDataDir]
	next := rq.Sector
	if last <= next+delta>>1 && next <= last+delta {
		return true
	}
	var s uint64
	if last < next {
		s = next - last
	} else {
		s = last - next
	}
	if aic.seekSamples == 0 {
		return ad.newSeekMean > s // a new process: use past statistics
	}
	return aic.seekMean > s
}

// canBreakAnticipation models as_can_break_anticipation(): is rq the
// request we are waiting for, or is waiting pointless?
func (ad *asData) canBreakAnticipation(rq *blockdev.Request) bool {
	aic := ad.ioContext
	if aic == nil {
		return true
	}
	if rq != nil && ad.rqIoc(rq) == aic {
		return true // a request from the same process
	}
	if ad.iocFinished && ad.anticExpired() {
		return true // the timer has not had the chance to run yet
	}
	if aic.nrQueued > 0 || aic.nrDispatched > 0 {
		return true // the process has more I/O queued or in flight
	}
	if rq != nil && blockdev.RqIsSync(rq) && ad.closeReq(aic, rq) {
		// A close request that is not ours: cooperating processes
		// working in the same area update our history.
		ad.updateIohist(aic, rq)
		return true
	}
	if aic.ttimeSamples == 0 {
		if ad.newTtimeMean > ad.anticExpire {
			return true
		}
	} else if aic.ttimeMean > ad.anticExpire {
		return true // the process thinks too long between requests
	}
	return false
}

// canAnticipate models as_can_anticipate(): keep waiting rather than
// dispatch rq?
func (ad *asData) canAnticipate(rq *blockdev.Request) bool {
	if ad.ioContext == nil {
		return false // the last request dispatched was a write
	}
	if ad.anticStatus == anticFinished {
		return false // just finished: run the next request
	}
	return !ad.canBreakAnticipation(rq)
}

// updateRq models as_update_rq(): keep next_rq up to date and see whether
// rq is what we have been anticipating.
func (ad *asData) updateRq(rq *blockdev.Request) {
	dir := asDir(rq)
	ad.nextRq[dir] = ad.chooseReq(rq, ad.nextRq[dir])
	if ad.anticStatus == anticWaitReq || ad.anticStatus == anticWaitNext {
		if ad.canBreakAnticipation(rq) {
			ad.anticStop()
		}
	}
}

// updateWriteBatch models update_write_batch(): tune how many writes a
// write batch may hold from how long the last one took.
func (ad *asData) updateWriteBatch() {
	batch := int64(ad.batchExpire[asAsync])
	writeTime := int64(ad.now()-ad.currentBatchExpires) + batch
	if writeTime < 0 {
		writeTime = 0
	}
	if writeTime > batch && !ad.writeBatchIdled {
		if writeTime > batch*3 {
			ad.writeBatchCount /= 2
		} else {
			ad.writeBatchCount--
		}
	} else if writeTime < batch && ad.currentWriteCount == 0 {
		if batch > writeTime*3 {
			ad.writeBatchCount *= 2
		} else {
			ad.writeBatchCount++
		}
	}
	if ad.writeBatchCount < 1 {
		ad.writeBatchCount = 1
	}
}

// Completed models as_completed_request(): batch bookkeeping, and if this
// was the read of the process we anticipate on, start timing the wait.
func (ad *asData) Completed(rq *blockdev.Request) {
	a := ad.arq(rq)
	if a == nil {
		return
	}
	if a.state != asRqRemoved {
		// Merged away, or never reached the driver: nothing to account.
		a.state = asRqPostsched
		return
	}
	now := ad.now()
	if ad.changedBatch && ad.nrDispatched == 1 {
		ad.currentBatchExpires = now + ad.batchExpire[ad.batchDataDir]
		blockdev.KblockdScheduleWork(ad.q)
		ad.changedBatch = false
		if ad.batchDataDir == asSync {
			ad.newBatch = true
		}
	}
	if ad.nrDispatched > 0 {
		ad.nrDispatched--
	}
	// Count the batch from when a request of its direction is served.
	if ad.newBatch && ad.batchDataDir == asDir(rq) {
		ad.updateWriteBatch()
		ad.currentBatchExpires = now + ad.batchExpire[asSync]
		ad.newBatch = false
	}
	if ad.ioContext != nil && ad.ioContext == a.ioc {
		ad.anticStart = now
		ad.iocFinished = true
		if ad.anticStatus == anticWaitReq {
			ad.anticWaitnext() // we were waiting on this one: time the wait
		}
	}
	ad.putIoContext(rq)
	a.state = asRqPostsched
}

// removeQueuedRequest models as_remove_queued_request(): off the sorted
// list and the FIFO.
func (ad *asData) removeQueuedRequest(rq *blockdev.Request) {
	dir := asDir(rq)
	if aic := ad.rqIoc(rq); aic != nil && aic.nrQueued > 0 {
		aic.nrQueued--
	}
	if ad.nextRq[dir] == rq {
		ad.nextRq[dir] = ad.findNextRq(rq)
	}
	ad.fifoList[dir].del(rq)
	ad.sortList[dir].Del(rq)
}

// fifoExpired models as_fifo_expired(): has the oldest request of dir
// expired? Checked at most once per fifo_expire, lest many expired requests
// make a seek storm.
func (ad *asData) fifoExpired(dir int) bool {
	now := ad.now()
	delta := int64(now - ad.lastCheckFifo[dir])
	if delta < 0 {
		delta = -delta
	}
	if uint64(delta) < ad.fifoExpire[dir] {
		return false
	}
	ad.lastCheckFifo[dir] = now
	rq := ad.fifoList[dir].head()
	return rq != nil && timeAfter(now, rq.FifoTime)
}

// batchExpired models as_batch_expired().
func (ad *asData) batchExpired() bool {
	if ad.changedBatch || ad.newBatch {
		return false
	}
	if ad.batchDataDir == asSync {
		return timeAfter(ad.now(), ad.currentBatchExpires)
	}
	return timeAfter(ad.now(), ad.currentBatchExpires) || ad.currentWriteCount == 0
}

// moveToDispatch models as_move_to_dispatch(): rq goes to the dispatch
// queue; a sync request names the process to anticipate on next.
func (ad *asData) moveToDispatch(rq *blockdev.Request) {
	dir := asDir(rq)
	ad.anticStop()
	ad.anticStatus = anticOff
	ad.lastSector[dir] = blockdev.RqEndSector(rq)
	if dir == asSync {
		ad.ioContext = ad.rqIoc(rq)
	} else {
		ad.ioContext = nil
		if ad.currentWriteCount != 0 {
			ad.currentWriteCount--
		}
	}
	ad.iocFinished = false
	ad.nextRq[dir] = ad.findNextRq(rq)
	ad.removeQueuedRequest(rq)
	blockdev.ElvDispatchSort(ad.q, rq)
	if a := ad.arq(rq); a != nil {
		a.state = asRqDispatched
		if a.ioc != nil {
			a.ioc.nrDispatched++
		}
	}
	ad.nrDispatched++
}

// Dispatch models as_dispatch_request(): choose by expiry, batch and
// anticipation, and move one request (all of them when forced).
func (ad *asData) Dispatch(force bool) int {
	reads := len(ad.fifoList[asSync]) > 0
	writes := len(ad.fifoList[asAsync]) > 0
	now := ad.now()

	if force {
		// Forced dispatch: accounting is useless; dump both lists.
		dispatched := 0
		ad.batchDataDir = asSync
		ad.changedBatch = false
		ad.newBatch = false
		for _, dir := range []int{asSync, asAsync} {
			for ad.sortList[dir].Len() > 0 {
				rq := ad.nextRq[dir]
				if rq == nil || !ad.sortList[dir].Contains(rq) {
					rq = ad.sortList[dir].First()
				}
				ad.moveToDispatch(rq)
				dispatched++
			}
			ad.lastCheckFifo[dir] = now
		}
		return dispatched
	}

	// Signal that the write batch was uncontended, so it cannot be timed.
	if ad.batchDataDir == asAsync && !reads {
		if ad.currentWriteCount == 0 || !writes {
			ad.writeBatchIdled = true
		}
	}

	if !(reads || writes) || ad.anticStatus == anticWaitReq || ad.anticStatus == anticWaitNext || ad.changedBatch {
		return 0
	}

	var rq *blockdev.Request
	fifoExpired := false
	chosen := false
	if !(reads && writes && ad.batchExpired()) {
		// The batch is still running, or there is only one direction.
		rq = ad.nextRq[ad.batchDataDir]
		if ad.batchDataDir == asSync && ad.anticExpire != 0 {
			if ad.fifoExpired(asSync) {
				fifoExpired = true
			} else if ad.canAnticipate(rq) {
				ad.anticWaitreq()
				return 0
			}
		}
		if fifoExpired || rq != nil {
			if !fifoExpired && reads && !writes {
				ad.currentBatchExpires = now + ad.batchExpire[asSync]
			}
			chosen = true
		}
	}

	if !chosen {
		// Not running a batch: choose the direction.
		switch {
		case reads && !(writes && ad.batchDataDir == asSync):
			if ad.batchDataDir == asAsync {
				ad.changedBatch = true
			}
			ad.batchDataDir = asSync
			rq = ad.fifoList[asSync].head()
			ad.lastCheckFifo[asSync] = now
		case writes:
			// The last batch was reads (or there are no reads).
			if ad.batchDataDir == asSync {
				ad.changedBatch = true
				// new_batch may be set when the reads ran out; a
				// write may change the batch before the read ends.
				ad.newBatch = false
			}
			ad.batchDataDir = asAsync
			ad.currentWriteCount = ad.writeBatchCount
			ad.writeBatchIdled = false
			rq = ad.fifoList[asAsync].head()
			ad.lastCheckFifo[asAsync] = now
		default:
			return 0
		}
	}

	// An expired request is served first.
	if fifoExpired || ad.fifoExpired(ad.batchDataDir) {
		rq = ad.fifoList[ad.batchDataDir].head()
	}
	if rq == nil {
		return 0
	}

	if ad.changedBatch {
		if ad.nrDispatched > 0 {
			return 0 // wait for the old batch's requests to complete
		}
		if ad.batchDataDir == asAsync {
			ad.currentBatchExpires = now + ad.batchExpire[asAsync]
		} else {
			ad.newBatch = true
		}
		ad.changedBatch = false
	}

	ad.moveToDispatch(rq)
	return 1
}

// Add models as_add_request(): note who queued it, sort it in, give it an
// expiry time, and see whether it ends an anticipation.
func (ad *asData) Add(rq *blockdev.Request) {
	a := ad.arq(rq)
	if a == nil {
		a = &asRq{ad: ad}
		rq.ElevatorPrivate = a
	}
	a.state = asRqNew
	if a.ioc == nil {
		a.ioc = ad.getIoContext(rq.Task())
	}
	dir := asDir(rq)
	ad.updateIohist(a.ioc, rq)
	a.ioc.nrQueued++
	ad.addRqRb(rq)
	rq.FifoTime = ad.now() + ad.fifoExpire[dir]
	ad.fifoList[dir] = append(ad.fifoList[dir], rq)
	ad.updateRq(rq)
	a.state = asRqQueued
}

// Activate models as_activate_request(): the driver took rq.
func (ad *asData) Activate(rq *blockdev.Request) {
	a := ad.arq(rq)
	if a == nil || a.state != asRqDispatched {
		return
	}
	a.state = asRqRemoved
	if a.ioc != nil && a.ioc.nrDispatched > 0 {
		a.ioc.nrDispatched--
	}
}

// Empty models as_queue_empty().
func (ad *asData) Empty() bool {
	return len(ad.fifoList[asAsync]) == 0 && len(ad.fifoList[asSync]) == 0
}

// Merge models as_merge(): a front merge found in the sorted list.
func (ad *asData) Merge(bio *blockdev.Bio) (*blockdev.Request, blockdev.MergeType) {
	dir := asAsync
	if blockdev.BioDataDir(bio) == blockdev.READ || blockdev.BioSync(bio) {
		dir = asSync
	}
	rq := ad.sortList[dir].Find(bio.BiSector + uint64(blockdev.BioSectors(bio)))
	if rq != nil && blockdev.ElvRqMergeOK(rq, bio) {
		return rq, blockdev.ELEVATOR_FRONT_MERGE
	}
	return nil, blockdev.ELEVATOR_NO_MERGE
}

// Merged models as_merged_request(): re-sort after a front merge.
func (ad *asData) Merged(rq *blockdev.Request, how blockdev.MergeType) {
	if how != blockdev.ELEVATOR_FRONT_MERGE || ad.arq(rq) == nil {
		return
	}
	ad.sortList[asDir(rq)].Del(rq)
	ad.addRqRb(rq)
}

// MergeRequests models as_merged_requests(): next joined rq and goes away;
// rq inherits next's place in the FIFO if next was older.
func (ad *asData) MergeRequests(rq, next *blockdev.Request) {
	an := ad.arq(next)
	if an == nil {
		return
	}
	dir := asDir(rq)
	if ad.arq(rq) != nil && ad.fifoList[dir].index(rq) >= 0 && ad.fifoList[asDir(next)].index(next) >= 0 {
		if timeBefore(next.FifoTime, rq.FifoTime) {
			ad.fifoList[dir].replace(rq, next)
			rq.FifoTime = next.FifoTime
		}
	}
	ad.removeQueuedRequest(next)
	ad.putIoContext(next)
	an.state = asRqMerged
}

// Former and Latter model elv_rb_former_request/elv_rb_latter_request.
func (ad *asData) Former(rq *blockdev.Request) *blockdev.Request {
	if ad.arq(rq) == nil {
		return nil
	}
	return ad.sortList[asDir(rq)].Former(rq)
}

func (ad *asData) Latter(rq *blockdev.Request) *blockdev.Request {
	if ad.arq(rq) == nil {
		return nil
	}
	return ad.sortList[asDir(rq)].Latter(rq)
}

// SetRequest attaches as's per-request data; the process is looked up
// when the request is added.
func (ad *asData) SetRequest(rq *blockdev.Request, task *blockdev.Task) error {
	rq.ElevatorPrivate = &asRq{ad: ad, ioc: ad.getIoContext(task)}
	return nil
}

// PutRequest drops it.
func (ad *asData) PutRequest(rq *blockdev.Request) {
	if ad.arq(rq) != nil {
		rq.ElevatorPrivate = nil
	}
}

// Exit models as_exit_queue(): stop the antic timer.
func (ad *asData) Exit() {
	ad.exited = true
	blockdev.DelTimer(ad.anticTimer)
	ad.ioContext = nil
	ad.anticStatus = anticOff
}

// Attrs models as_attrs: est_time (read-only statistics), then the five
// tunables, shown and stored in milliseconds.
func (ad *asData) Attrs() []blockdev.ElvAttr {
	return []blockdev.ElvAttr{
		{
			Name: "est_time",
			Show: func() string {
				return fmt.Sprintf("%d %% exit probability\n", 0) +
					fmt.Sprintf("%d %% probability of exiting without a cooperating process submitting IO\n", 0) +
					fmt.Sprintf("%d ms new thinktime\n", ad.newTtimeMean) +
					fmt.Sprintf("%d sectors new seek distance\n", ad.newSeekMean)
			},
			// A file without a store method: elv_attr_store says -EIO.
			Store: func(string) error { return -blockdev.EIO },
		},
		elvMsecAttr("read_expire", &ad.fifoExpire[asSync], parseElvUint),
		elvMsecAttr("write_expire", &ad.fifoExpire[asAsync], parseElvUint),
		elvMsecAttr("antic_expire", &ad.anticExpire, parseElvUint),
		elvMsecAttr("read_batch_expire", &ad.batchExpire[asSync], parseElvUint),
		elvMsecAttr("write_batch_expire", &ad.batchExpire[asAsync], parseElvUint),
	}
}
