package iosched

import (
	"fmt"

	"simpblkdev/blockdev"
)

// The CFQ scheduler, "completely fair queueing" (block/cfq-iosched.c,
// 2.6.27).
//
// Every process gets a queue of its own for its sync requests (reads and
// sync writes); async writes of every process share one queue per I/O
// priority. Queues with requests wait on a service tree ordered by when
// they became busy; the first one becomes the active queue and gets a time
// slice (slice_sync, or slice_async for the async queue) that starts when
// its first request completes. While its slice lasts, only the active queue
// dispatches, up to quantum requests at a time; within a queue the next
// request is the nearest in front of the head, a short seek back (at most
// back_seek_max KiB) costing back_seek_penalty times a forward one, except
// that once per slice an expired FIFO head (fifo_expire_sync/async) goes
// first. When a sync queue runs empty before its slice is over, the disk
// idles up to slice_idle for the process's next request (the idle slice
// timer, which then expires the slice and runs the queue through kblockd);
// a new request from it ends the wait at once. A queue that used its slice
// goes to the back of the service tree. An async queue gives up the disk
// after slice_async_rq-based request count, and while sync requests are in
// the driver no async request is dispatched.
//
// Kept from the kernel: per process think-time and seek means deciding
// whether idling is worth it (cfq_update_idle_window, CIC_SEEKY), the
// preemption rules (a sync request preempts an async queue; a request close
// to the head preempts a queue that idles), slice residue, forced dispatch.
// Simplified: every process has the default best-effort priority 4, so
// there is one async queue and the priority-dependent slice offsets are
// zero; no idle or real-time classes, no metadata requests, no hw_tag
// detection, no cfq_allow_merge (the block layer here has no such hook, so a
// bio may merge into another process's request); the async queue's request
// budget counts per slice (as later kernels do) rather than per dispatch
// call. Where the kernel calls blk_start_queueing() from inside the add
// hook, this model asks kblockd to run the queue (q.KblockdScheduleWork),
// so the driver is never re-entered from __make_request.

// The defaults.
const (
	cfqQuantum              = 4                 // max requests dispatched per round
	cfqFifoExpireSync       = blockdev.HZ / 8   // fifo_expire_sync
	cfqFifoExpireAsync      = blockdev.HZ / 4   // fifo_expire_async
	cfqBackSeekMax          = 16 * 1024         // back_seek_max, KiB
	cfqBackSeekPenalty      = 2                 // back_seek_penalty
	cfqSliceSync            = blockdev.HZ / 10  // slice_sync
	cfqSliceAsync           = blockdev.HZ / 25  // slice_async
	cfqSliceAsyncRq         = 2                 // slice_async_rq
	cfqSliceIdle            = blockdev.HZ / 125 // slice_idle
	cfqSliceScale           = 5                 // CFQ_SLICE_SCALE
	cfqPrioLists            = 8                 // CFQ_PRIO_LISTS
	cfqDefaultPrio          = 4                 // IOPRIO_NORM: best effort, level 4
	cfqMinTTms              = 2                 // CFQ_MIN_TT: shortest idle for a seeky process, ms
	cfqSeekyDistance        = 8 * 1024          // CIC_SEEKY: mean seek above this many sectors
	cfqUintMax              = 1<<32 - 1         // UINT_MAX
	cfqSyncIdx, cfqAsyncIdx = 1, 0
)

// sampleValid models sample_valid(): enough samples to trust a mean.
func sampleValid(samples uint64) bool { return samples > 80 }

// cfqIoContext models struct cfq_io_context: cfq's view of one process.
type cfqIoContext struct {
	pid            int
	syncQ          *cfqQueue
	lastEndRequest uint64

	ttimeTotal, ttimeSamples, ttimeMean uint64
	seekTotal, seekSamples, seekMean    uint64
	lastRequestPos                      uint64
}

// cfqQueue models struct cfq_queue.
type cfqQueue struct {
	cfqd *cfqData
	pid  int // the process, or 0 for the shared async queue
	sync bool
	prio int

	sortList elvSortList
	nextRq   *blockdev.Request
	fifo     elvFifo
	queued   [2]int

	onRR       bool   // on the service tree: it has requests
	rbKey      int64  // its place on the service tree
	sliceEnd   uint64 // jiffies when the slice ends
	sliceResid int64  // what was left of the last slice
	dispatched int    // requests in the dispatch queue or the driver

	sliceDispatch int // requests dispatched in this slice

	waitRequest  bool // idling for a new request
	mustDispatch bool
	fifoExpire   bool // the FIFO was checked in this slice
	idleWindow   bool // idling for this queue is worthwhile
	sliceNew     bool // the slice has not started yet
}

// cfqRq is cfq's per-request data (RQ_CIC, RQ_CFQQ).
type cfqRq struct {
	cfqd       *cfqData
	cic        *cfqIoContext
	cfqq       *cfqQueue
	dispatched bool // counted in cfqq.dispatched
	activated  bool // counted in rq_in_driver
}

// cfqData models struct cfq_data.
type cfqData struct {
	q *blockdev.RequestQueue

	serviceTree []*cfqQueue // the busy queues by rbKey, ties in arrival order
	busyQueues  int
	rqInDriver  int
	syncFlight  int

	activeQueue *cfqQueue
	activeCic   *cfqIoContext
	asyncQ      *cfqQueue

	idleSliceTimer *blockdev.TimerList
	lastPosition   uint64
	lastEndRequest uint64

	quantum         uint64
	fifoExpireJ     [2]uint64 // [async, sync], jiffies
	backSeekMax     uint64    // KiB
	backSeekPenalty uint64
	slice           [2]uint64 // [async, sync], jiffies
	sliceAsyncRq    uint64
	sliceIdle       uint64 // jiffies

	cics   map[int]*cfqIoContext
	exited bool
}

// newCFQ models cfq_init_queue().
func newCFQ(q *blockdev.RequestQueue) (blockdev.ElevatorOps, error) {
	cfqd := &cfqData{
		q:               q,
		quantum:         cfqQuantum,
		fifoExpireJ:     [2]uint64{cfqFifoExpireAsync, cfqFifoExpireSync},
		backSeekMax:     cfqBackSeekMax,
		backSeekPenalty: cfqBackSeekPenalty,
		slice:           [2]uint64{cfqSliceAsync, cfqSliceSync},
		sliceAsyncRq:    cfqSliceAsyncRq,
		sliceIdle:       cfqSliceIdle,
		cics:            map[int]*cfqIoContext{},
	}
	cfqd.idleSliceTimer = q.Kernel().NewTimer(cfqd.idleSliceTimeout)
	return cfqd, nil
}

func (cfqd *cfqData) now() uint64 { return cfqd.q.Kernel().Jiffies() }

func (cfqd *cfqData) crq(rq *blockdev.Request) *cfqRq {
	if rq == nil {
		return nil
	}
	if c, ok := rq.ElevatorPrivate.(*cfqRq); ok && c.cfqd == cfqd {
		return c
	}
	return nil
}

func syncIdx(sync bool) int {
	if sync {
		return cfqSyncIdx
	}
	return cfqAsyncIdx
}

// getIoContext models cfq_get_io_context(): the process's context.
func (cfqd *cfqData) getIoContext(task *blockdev.Task) *cfqIoContext {
	pid := 0
	if task != nil {
		pid = task.Pid
	}
	cic := cfqd.cics[pid]
	if cic == nil {
		cic = &cfqIoContext{pid: pid, lastEndRequest: cfqd.now()}
		cfqd.cics[pid] = cic
	}
	return cic
}

// getQueue models cfq_get_queue(): the process's own sync queue, or the
// shared async queue of its priority.
func (cfqd *cfqData) getQueue(cic *cfqIoContext, sync bool) *cfqQueue {
	if !sync {
		if cfqd.asyncQ == nil {
			cfqd.asyncQ = cfqd.newQueue(0, false)
		}
		return cfqd.asyncQ
	}
	if cic.syncQ == nil {
		cic.syncQ = cfqd.newQueue(cic.pid, true)
	}
	return cic.syncQ
}

// newQueue models cfq_find_alloc_queue() + cfq_init_prio_data().
func (cfqd *cfqData) newQueue(pid int, sync bool) *cfqQueue {
	return &cfqQueue{cfqd: cfqd, pid: pid, sync: sync, prio: cfqDefaultPrio, idleWindow: sync}
}

// prioSlice models cfq_prio_slice(): the slice length for a priority.
func (cfqd *cfqData) prioSlice(sync bool, prio int) uint64 {
	base := int64(cfqd.slice[syncIdx(sync)])
	sl := base + base/cfqSliceScale*int64(cfqDefaultPrio-prio)
	if sl < 1 {
		sl = 1
	}
	return uint64(sl)
}

// prioToMaxrq models cfq_prio_to_maxrq(): how many requests an async queue
// may dispatch in its slice.
func (cfqd *cfqData) prioToMaxrq(cfqq *cfqQueue) int {
	base := int(cfqd.sliceAsyncRq)
	return 2 * (base + base*(cfqPrioLists-1-cfqq.prio))
}

// sliceUsed models cfq_slice_used().
func (cfqd *cfqData) sliceUsed(cfqq *cfqQueue) bool {
	if cfqq.sliceNew {
		return false
	}
	return !timeBefore(cfqd.now(), cfqq.sliceEnd)
}

// chooseReq models cfq_choose_req(): sync before async, then the nearer in
// front of the head, a short seek back costing back_seek_penalty times.
func (cfqd *cfqData) chooseReq(rq1, rq2 *blockdev.Request) *blockdev.Request {
	if rq1 == nil || rq1 == rq2 {
		return rq2
	}
	if rq2 == nil {
		return rq1
	}
	if blockdev.RqIsSync(rq1) && !blockdev.RqIsSync(rq2) {
		return rq1
	}
	if blockdev.RqIsSync(rq2) && !blockdev.RqIsSync(rq1) {
		return rq2
	}
	s1, s2 := rq1.Sector, rq2.Sector
	last := cfqd.lastPosition
	backMax := cfqd.backSeekMax * 2 // 1 KiB is 2 sectors
	dist := func(s uint64) (uint64, bool) {
		switch {
		case s >= last:
			return s - last, false
		case s+backMax >= last:
			return (last - s) * cfqd.backSeekPenalty, false
		default:
			return 0, true
		}
	}
	d1, w1 := dist(s1)
	d2, w2 := dist(s2)
	switch {
	case !w1 && !w2:
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
	case w2 && !w1:
		return rq1
	case w1 && !w2:
		return rq2
	default:
		// Both behind the head: the one further back, so only one
		// backward seek is needed.
		if s1 <= s2 {
			return rq1
		}
		return rq2
	}
}

// findNextRq models cfq_find_next_rq().
func (cfqd *cfqData) findNextRq(cfqq *cfqQueue, last *blockdev.Request) *blockdev.Request {
	prev := cfqq.sortList.Former(last)
	next := cfqq.sortList.Latter(last)
	if next == nil {
		if first := cfqq.sortList.First(); first != last {
			next = first
		}
	}
	return cfqd.chooseReq(next, prev)
}

// serviceTreeAdd models cfq_service_tree_add(): (re)place cfqq on the
// service tree, keyed by now plus what it had left of its last slice;
// addFront puts it first.
func (cfqd *cfqData) serviceTreeAdd(cfqq *cfqQueue, addFront bool) {
	var key int64
	if !addFront {
		key = int64(cfqd.now()) + cfqq.sliceResid
		cfqq.sliceResid = 0
	}
	i := cfqd.treeIndex(cfqq)
	if i >= 0 {
		if !addFront && key == cfqq.rbKey {
			return
		}
		cfqd.serviceTree = append(cfqd.serviceTree[:i], cfqd.serviceTree[i+1:]...)
	}
	cfqq.rbKey = key
	at := 0
	if !addFront {
		at = len(cfqd.serviceTree)
		for j, o := range cfqd.serviceTree {
			if key < o.rbKey {
				at = j
				break
			}
		}
	}
	cfqd.serviceTree = append(cfqd.serviceTree, nil)
	copy(cfqd.serviceTree[at+1:], cfqd.serviceTree[at:])
	cfqd.serviceTree[at] = cfqq
}

func (cfqd *cfqData) treeIndex(cfqq *cfqQueue) int {
	for i, o := range cfqd.serviceTree {
		if o == cfqq {
			return i
		}
	}
	return -1
}

// resortRRList models cfq_resort_rr_list().
func (cfqd *cfqData) resortRRList(cfqq *cfqQueue) {
	if cfqq.onRR {
		cfqd.serviceTreeAdd(cfqq, false)
	}
}

// addCfqqRR models cfq_add_cfqq_rr(): the queue has requests now.
func (cfqd *cfqData) addCfqqRR(cfqq *cfqQueue) {
	cfqq.onRR = true
	cfqd.busyQueues++
	cfqd.resortRRList(cfqq)
}

// delCfqqRR models cfq_del_cfqq_rr(): the queue ran empty.
func (cfqd *cfqData) delCfqqRR(cfqq *cfqQueue) {
	cfqq.onRR = false
	if i := cfqd.treeIndex(cfqq); i >= 0 {
		cfqd.serviceTree = append(cfqd.serviceTree[:i], cfqd.serviceTree[i+1:]...)
	}
	if cfqd.busyQueues > 0 {
		cfqd.busyQueues--
	}
}

// delRqRb models cfq_del_rq_rb().
func (cfqd *cfqData) delRqRb(cfqq *cfqQueue, rq *blockdev.Request) {
	if cfqq.queued[syncIdx(blockdev.RqIsSync(rq))] > 0 {
		cfqq.queued[syncIdx(blockdev.RqIsSync(rq))]--
	}
	cfqq.sortList.Del(rq)
	if cfqq.onRR && cfqq.sortList.Empty() {
		cfqd.delCfqqRR(cfqq)
	}
}

// addRqRb models cfq_add_rq_rb(): sort rq into its queue (an alias at the
// same sector is dispatched first), make the queue busy, update next_rq.
func (cfqd *cfqData) addRqRb(cfqq *cfqQueue, rq *blockdev.Request) {
	cfqq.queued[syncIdx(blockdev.RqIsSync(rq))]++
	cfqd.sortIn(cfqq, rq)
	if !cfqq.onRR {
		cfqd.addCfqqRR(cfqq)
	}
	cfqq.nextRq = cfqd.chooseReq(cfqq.nextRq, rq)
}

// sortIn is the elv_rb_add loop of cfq_add_rq_rb: a request already
// queued at rq's sector is dispatched to make room.
func (cfqd *cfqData) sortIn(cfqq *cfqQueue, rq *blockdev.Request) {
	for alias := cfqq.sortList.Add(rq); alias != nil; alias = cfqq.sortList.Add(rq) {
		if !cfqd.dispatchInsert(alias) {
			cfqq.sortList.Del(alias)
		}
	}
}

// removeRequest models cfq_remove_request(): off the FIFO and the sorted
// list.
func (cfqd *cfqData) removeRequest(rq *blockdev.Request) {
	c := cfqd.crq(rq)
	if c == nil || c.cfqq == nil {
		return
	}
	cfqq := c.cfqq
	if cfqq.nextRq == rq {
		cfqq.nextRq = cfqd.findNextRq(cfqq, rq)
	}
	cfqq.fifo.del(rq)
	cfqd.delRqRb(cfqq, rq)
}

// dispatchInsert models cfq_dispatch_insert(): rq goes to the dispatch
// queue in sector order. It reports false for a request that is not this
// instance's (which would be a bookkeeping slip).
func (cfqd *cfqData) dispatchInsert(rq *blockdev.Request) bool {
	c := cfqd.crq(rq)
	if c == nil || c.cfqq == nil {
		return false
	}
	cfqd.removeRequest(rq)
	c.cfqq.dispatched++
	c.dispatched = true
	blockdev.ElvDispatchSort(cfqd.q, rq)
	if c.cfqq.sync {
		cfqd.syncFlight++
	}
	return true
}

// setActiveQueue models cfq_set_active_queue(): the first queue of the
// service tree gets the disk; its slice starts with its first completion.
func (cfqd *cfqData) setActiveQueue() *cfqQueue {
	var cfqq *cfqQueue
	if len(cfqd.serviceTree) > 0 {
		cfqq = cfqd.serviceTree[0]
	}
	if cfqq != nil {
		cfqq.sliceEnd = 0
		cfqq.fifoExpire = false
		cfqq.sliceNew = true
		cfqq.sliceDispatch = 0
		blockdev.DelTimer(cfqd.idleSliceTimer)
	}
	cfqd.activeQueue = cfqq
	return cfqq
}

// sliceExpiredQ models __cfq_slice_expired(): cfqq loses the disk; with
// timedOut, what it had left of its slice counts for its next place.
func (cfqd *cfqData) sliceExpiredQ(cfqq *cfqQueue, timedOut bool) {
	cfqq.mustDispatch = false
	cfqq.waitRequest = false
	blockdev.DelTimer(cfqd.idleSliceTimer)
	if timedOut && !cfqq.sliceNew {
		cfqq.sliceResid = int64(cfqq.sliceEnd) - int64(cfqd.now())
	}
	cfqd.resortRRList(cfqq)
	if cfqq == cfqd.activeQueue {
		cfqd.activeQueue = nil
	}
	cfqd.activeCic = nil
}

// sliceExpired models cfq_slice_expired().
func (cfqd *cfqData) sliceExpired(timedOut bool) {
	if cfqq := cfqd.activeQueue; cfqq != nil {
		cfqd.sliceExpiredQ(cfqq, timedOut)
	}
}

// setPrioSlice models cfq_set_prio_slice(): the slice starts now.
func (cfqd *cfqData) setPrioSlice(cfqq *cfqQueue) {
	cfqq.sliceEnd = cfqd.now() + cfqd.prioSlice(cfqq.sync, cfqq.prio)
}

// armSliceTimer models cfq_arm_slice_timer(): the active sync queue ran
// empty; wait up to slice_idle for its process's next request (less for
// a process that seeks all over the disk).
func (cfqd *cfqData) armSliceTimer() {
	cfqq := cfqd.activeQueue
	if cfqq == nil || !cfqq.sortList.Empty() {
		return
	}
	if cfqd.sliceIdle == 0 || !cfqq.idleWindow {
		return
	}
	cic := cfqd.activeCic
	if cic == nil {
		return
	}
	cfqq.mustDispatch = true
	cfqq.waitRequest = true
	sl := cfqd.sliceIdle
	if sampleValid(cic.seekSamples) && cic.seekMean > cfqSeekyDistance {
		if m := blockdev.MsecsToJiffies(cfqMinTTms); m < sl {
			sl = m
		}
	}
	blockdev.ModTimer(cfqd.idleSliceTimer, cfqd.now()+sl)
}

// scheduleDispatch models cfq_schedule_dispatch(): have kblockd run the
// queue if there is something to do.
func (cfqd *cfqData) scheduleDispatch() {
	if cfqd.busyQueues > 0 {
		blockdev.KblockdScheduleWork(cfqd.q)
	}
}

// idleSliceTimeout models cfq_idle_slice_timer(): the process did not come
// back in time (or the slice ran out); give the disk to the next queue.
func (cfqd *cfqData) idleSliceTimeout() {
	q := cfqd.q
	q.Lock()
	defer q.Unlock()
	if cfqd.exited {
		return
	}
	timedOut := true
	if cfqq := cfqd.activeQueue; cfqq != nil {
		timedOut = false
		switch {
		case cfqd.sliceUsed(cfqq):
			// expired
		case cfqd.busyQueues == 0:
			// Only expire and rerun the queue if others wait.
			return
		case !cfqq.sortList.Empty():
			// A request came: let it dispatch.
			cfqq.mustDispatch = true
			cfqd.scheduleDispatch()
			return
		}
	}
	cfqd.sliceExpired(timedOut)
	cfqd.scheduleDispatch()
}

// checkFifo models cfq_check_fifo(): once per slice, the oldest request if
// it has expired.
func (cfqd *cfqData) checkFifo(cfqq *cfqQueue) *blockdev.Request {
	if cfqq.fifoExpire {
		return nil
	}
	cfqq.fifoExpire = true
	rq := cfqq.fifo.head()
	if rq == nil || timeBefore(cfqd.now(), rq.FifoTime) {
		return nil
	}
	return rq
}

// selectQueue models cfq_select_queue(): keep the active queue while its
// slice lasts and it has requests, or while it waits for its process;
// otherwise expire it and take the next.
func (cfqd *cfqData) selectQueue() *cfqQueue {
	cfqq := cfqd.activeQueue
	if cfqq != nil {
		if !cfqd.sliceUsed(cfqq) {
			if !cfqq.sortList.Empty() {
				return cfqq
			}
			if blockdev.TimerPending(cfqd.idleSliceTimer) || (cfqq.dispatched > 0 && cfqq.idleWindow) {
				return nil
			}
		}
		cfqd.sliceExpired(false)
	}
	return cfqd.setActiveQueue()
}

// dispatchQueue models __cfq_dispatch_requests(): up to max requests of
// cfqq to the dispatch queue; an async queue that used its request budget
// gives up the disk when others wait.
func (cfqd *cfqData) dispatchQueue(cfqq *cfqQueue, max int) int {
	dispatched := 0
	for dispatched < max {
		rq := cfqd.checkFifo(cfqq)
		if rq == nil {
			rq = cfqq.nextRq
		}
		if rq == nil {
			rq = cfqq.sortList.First()
		}
		if rq == nil || !cfqd.dispatchInsert(rq) {
			break
		}
		dispatched++
		cfqq.sliceDispatch++
		if cfqd.activeCic == nil {
			if c := cfqd.crq(rq); c != nil {
				cfqd.activeCic = c.cic
			}
		}
		if cfqq.sortList.Empty() {
			break
		}
	}
	if cfqd.busyQueues > 1 && !cfqq.sync && cfqq.sliceDispatch >= cfqd.prioToMaxrq(cfqq) {
		cfqq.sliceEnd = cfqd.now() + 1
		cfqd.sliceExpired(false)
	}
	return dispatched
}

// forcedDispatch models cfq_forced_dispatch(): everything out.
func (cfqd *cfqData) forcedDispatch() int {
	dispatched := 0
	for len(cfqd.serviceTree) > 0 {
		cfqq := cfqd.serviceTree[0]
		for !cfqq.sortList.Empty() {
			rq := cfqq.nextRq
			if rq == nil || !cfqq.sortList.Contains(rq) {
				rq = cfqq.sortList.First()
			}
			if !cfqd.dispatchInsert(rq) {
				cfqq.sortList.Del(rq) // not ours: drop it rather than loop
				continue
			}
			dispatched++
		}
		if cfqq.onRR { // cannot happen: an empty queue leaves the tree
			cfqd.delCfqqRR(cfqq)
		}
	}
	cfqd.sliceExpired(false)
	return dispatched
}

// Dispatch models cfq_dispatch_requests().
func (cfqd *cfqData) Dispatch(force bool) int {
	if cfqd.busyQueues == 0 {
		return 0
	}
	if force {
		return cfqd.forcedDispatch()
	}
	dispatched := 0
	// Every round moves at least one request, so the loop ends; the bound
	// only guards against a bookkeeping slip turning into a hang.
	for rounds := 0; rounds <= 2*blockdev.BLKDEV_MAX_RQ+8; rounds++ {
		cfqq := cfqd.selectQueue()
		if cfqq == nil {
			break
		}
		max := int(cfqd.quantum)
		if cfqq.dispatched >= max {
			if cfqd.busyQueues > 1 || cfqq.dispatched >= 4*max {
				break
			}
		}
		if cfqd.syncFlight > 0 && !cfqq.sync {
			break // no async request while sync ones are in flight
		}
		cfqq.mustDispatch = false
		cfqq.waitRequest = false
		blockdev.DelTimer(cfqd.idleSliceTimer)
		n := cfqd.dispatchQueue(cfqq, max)
		if n == 0 {
			break
		}
		dispatched += n
	}
	return dispatched
}

// updateThinktime models cfq_update_io_thinktime().
func (cfqd *cfqData) updateThinktime(cic *cfqIoContext) {
	elapsed := cfqd.now() - cic.lastEndRequest
	ttime := elapsed
	if lim := 2 * cfqd.sliceIdle; ttime > lim {
		ttime = lim
	}
	cic.ttimeSamples = (7*cic.ttimeSamples + 256) / 8
	cic.ttimeTotal = (7*cic.ttimeTotal + 256*ttime) / 8
	cic.ttimeMean = (cic.ttimeTotal + 128) / cic.ttimeSamples
}

// updateSeektime models cfq_update_io_seektime().
func (cfqd *cfqData) updateSeektime(cic *cfqIoContext, rq *blockdev.Request) {
	var sdist uint64
	if cic.lastRequestPos < rq.Sector {
		sdist = rq.Sector - cic.lastRequestPos
	} else {
		sdist = cic.lastRequestPos - rq.Sector
	}
	limit := cic.seekMean*4 + 2*1024*64
	if cic.seekSamples <= 60 {
		limit = cic.seekMean*4 + 2*1024*1024
	}
	if sdist > limit {
		sdist = limit
	}
	cic.seekSamples = (7*cic.seekSamples + 256) / 8
	cic.seekTotal = (7*cic.seekTotal + 256*sdist) / 8
	cic.seekMean = (cic.seekTotal + cic.seekSamples/2) / cic.seekSamples
}

// updateIdleWindow models cfq_update_idle_window(): idle for a process only
// while its mean think time fits in slice_idle.
func (cfqd *cfqData) updateIdleWindow(cfqq *cfqQueue, cic *cfqIoContext) {
	if !cfqq.sync {
		return
	}
	enable := cfqq.idleWindow
	if cfqd.sliceIdle == 0 {
		enable = false
	} else if sampleValid(cic.ttimeSamples) {
		enable = cic.ttimeMean <= cfqd.sliceIdle
	}
	cfqq.idleWindow = enable
}

// rqClose models cfq_rq_close(): is rq as near the head as the active
// process's own requests usually are?
func (cfqd *cfqData) rqClose(rq *blockdev.Request) bool {
	cic := cfqd.activeCic
	if cic == nil || !sampleValid(cic.seekSamples) {
		return false
	}
	var d uint64
	if rq.Sector >= cfqd.lastPosition {
		d = rq.Sector - cfqd.lastPosition
	} else {
		d = cfqd.lastPosition - rq.Sector
	}
	return d <= cic.seekMean
}

// shouldPreempt models cfq_should_preempt(): may newQ's new request take
// the disk from the active queue?
func (cfqd *cfqData) shouldPreempt(newQ *cfqQueue, rq *blockdev.Request) bool {
	cfqq := cfqd.activeQueue
	if cfqq == nil {
		return false
	}
	if cfqd.sliceUsed(cfqq) {
		return true
	}
	if blockdev.RqIsSync(rq) && !cfqq.sync {
		return true // a sync request beats an async queue
	}
	if cfqd.activeCic == nil || !cfqq.waitRequest {
		return false
	}
	return cfqd.rqClose(rq) // as good as what the idling queue would send
}

// preemptQueue models cfq_preempt_queue(): cfqq goes first, now.
func (cfqd *cfqData) preemptQueue(cfqq *cfqQueue) {
	cfqd.sliceExpired(true)
	if cfqq.onRR {
		cfqd.serviceTreeAdd(cfqq, true)
	}
	cfqq.sliceEnd = 0
	cfqq.sliceNew = true
}

// rqEnqueued models cfq_rq_enqueued(): update the process's statistics;
// a request for the queue that idles ends the wait, and one that may
// preempt the active queue does so; either way the queue runs soon.
func (cfqd *cfqData) rqEnqueued(cfqq *cfqQueue, cic *cfqIoContext, rq *blockdev.Request) {
	cfqd.updateThinktime(cic)
	cfqd.updateSeektime(cic, rq)
	cfqd.updateIdleWindow(cfqq, cic)
	cic.lastRequestPos = blockdev.RqEndSector(rq)
	if cfqq == cfqd.activeQueue {
		if cfqq.waitRequest {
			cfqq.mustDispatch = true
			blockdev.DelTimer(cfqd.idleSliceTimer)
			blockdev.KblockdScheduleWork(cfqd.q)
		}
	} else if cfqd.shouldPreempt(cfqq, rq) {
		cfqd.preemptQueue(cfqq)
		cfqq.mustDispatch = true
		blockdev.KblockdScheduleWork(cfqd.q)
	}
}

// Add models cfq_insert_request(): into the process's (or the async)
// queue, sorted and on the FIFO.
func (cfqd *cfqData) Add(rq *blockdev.Request) {
	c := cfqd.crq(rq)
	if c == nil {
		c = &cfqRq{cfqd: cfqd}
		rq.ElevatorPrivate = c
	}
	if c.cic == nil {
		c.cic = cfqd.getIoContext(rq.Task())
	}
	sync := blockdev.RqIsSync(rq)
	if c.cfqq == nil || c.cfqq.sync != sync {
		c.cfqq = cfqd.getQueue(c.cic, sync)
	}
	cfqq := c.cfqq
	cfqd.addRqRb(cfqq, rq)
	rq.FifoTime = cfqd.now() + cfqd.fifoExpireJ[syncIdx(sync)]
	cfqq.fifo = append(cfqq.fifo, rq)
	cfqd.rqEnqueued(cfqq, c.cic, rq)
}

// Activate models cfq_activate_request(): the driver took rq; the head
// will be where it ends.
func (cfqd *cfqData) Activate(rq *blockdev.Request) {
	c := cfqd.crq(rq)
	if c == nil || c.activated {
		return
	}
	c.activated = true
	cfqd.rqInDriver++
	cfqd.lastPosition = rq.HardSector + uint64(rq.HardNrSectors)
}

// Completed models cfq_completed_request(): the first completion starts
// the active queue's slice; a used slice expires; an active sync queue
// with nothing left waits for its process (armSliceTimer).
func (cfqd *cfqData) Completed(rq *blockdev.Request) {
	c := cfqd.crq(rq)
	if c == nil || !c.dispatched {
		return // merged away, or never dispatched by this instance
	}
	cfqq := c.cfqq
	now := cfqd.now()
	c.dispatched = false
	if c.activated {
		c.activated = false
		if cfqd.rqInDriver > 0 {
			cfqd.rqInDriver--
		}
	}
	if cfqq.dispatched > 0 {
		cfqq.dispatched--
	}
	if cfqq.sync && cfqd.syncFlight > 0 {
		cfqd.syncFlight--
	}
	cfqd.lastEndRequest = now
	sync := blockdev.RqIsSync(rq)
	if sync && c.cic != nil {
		c.cic.lastEndRequest = now
	}
	if cfqd.activeQueue == cfqq {
		if cfqq.sliceNew {
			cfqd.setPrioSlice(cfqq)
			cfqq.sliceNew = false
		}
		if cfqd.sliceUsed(cfqq) {
			cfqd.sliceExpired(true)
		} else if sync && cfqq.sortList.Empty() {
			cfqd.armSliceTimer()
		}
	}
	if cfqd.rqInDriver == 0 {
		cfqd.scheduleDispatch()
	}
}

// Merge models cfq_merge(): a front merge with a request of the
// submitter's own queue of the bio's kind.
func (cfqd *cfqData) Merge(bio *blockdev.Bio) (*blockdev.Request, blockdev.MergeType) {
	cic := cfqd.cics[bioPid(bio)]
	if cic == nil {
		return nil, blockdev.ELEVATOR_NO_MERGE
	}
	var cfqq *cfqQueue
	if blockdev.BioDataDir(bio) == blockdev.READ || blockdev.BioSync(bio) {
		cfqq = cic.syncQ
	} else {
		cfqq = cfqd.asyncQ
	}
	if cfqq == nil {
		return nil, blockdev.ELEVATOR_NO_MERGE
	}
	rq := cfqq.sortList.Find(bio.BiSector + uint64(blockdev.BioSectors(bio)))
	if rq != nil && blockdev.ElvRqMergeOK(rq, bio) {
		return rq, blockdev.ELEVATOR_FRONT_MERGE
	}
	return nil, blockdev.ELEVATOR_NO_MERGE
}

// bioPid is the pid of the task that submitted bio (0 for none).
func bioPid(bio *blockdev.Bio) int {
	if t := bio.Task(); t != nil {
		return t.Pid
	}
	return 0
}

// Merged models cfq_merged_request(): re-sort after a front merge.
func (cfqd *cfqData) Merged(rq *blockdev.Request, how blockdev.MergeType) {
	c := cfqd.crq(rq)
	if how != blockdev.ELEVATOR_FRONT_MERGE || c == nil || c.cfqq == nil {
		return
	}
	cfqq := c.cfqq
	cfqq.sortList.Del(rq)
	cfqd.sortIn(cfqq, rq)
	cfqq.nextRq = cfqd.chooseReq(cfqq.nextRq, rq)
}

// MergeRequests models cfq_merged_requests(): next joined rq; rq takes
// next's FIFO place if next was older.
func (cfqd *cfqData) MergeRequests(rq, next *blockdev.Request) {
	cn := cfqd.crq(next)
	if cn == nil || cn.cfqq == nil {
		return
	}
	if c := cfqd.crq(rq); c != nil && c.cfqq == cn.cfqq {
		fifo := &cn.cfqq.fifo
		if fifo.index(rq) >= 0 && fifo.index(next) >= 0 && timeBefore(next.FifoTime, rq.FifoTime) {
			fifo.replace(rq, next)
			rq.FifoTime = next.FifoTime
		}
		if cn.cfqq.nextRq == next {
			cn.cfqq.nextRq = rq
		}
	}
	cfqd.removeRequest(next)
}

// Empty models cfq_queue_empty(): no queue has requests.
func (cfqd *cfqData) Empty() bool { return cfqd.busyQueues == 0 }

// Former and Latter model elv_rb_former_request/elv_rb_latter_request,
// within rq's own queue.
func (cfqd *cfqData) Former(rq *blockdev.Request) *blockdev.Request {
	if c := cfqd.crq(rq); c != nil && c.cfqq != nil {
		return c.cfqq.sortList.Former(rq)
	}
	return nil
}

func (cfqd *cfqData) Latter(rq *blockdev.Request) *blockdev.Request {
	if c := cfqd.crq(rq); c != nil && c.cfqq != nil {
		return c.cfqq.sortList.Latter(rq)
	}
	return nil
}

// SetRequest models cfq_set_request(): the process's context; the queue is
// chosen when the request is added and its direction is known.
func (cfqd *cfqData) SetRequest(rq *blockdev.Request, task *blockdev.Task) error {
	rq.ElevatorPrivate = &cfqRq{cfqd: cfqd, cic: cfqd.getIoContext(task)}
	return nil
}

// PutRequest models cfq_put_request().
func (cfqd *cfqData) PutRequest(rq *blockdev.Request) {
	if cfqd.crq(rq) != nil {
		rq.ElevatorPrivate = nil
	}
}

// Exit models cfq_exit_queue(): stop the idle timer.
func (cfqd *cfqData) Exit() {
	cfqd.exited = true
	blockdev.DelTimer(cfqd.idleSliceTimer)
	cfqd.activeQueue = nil
	cfqd.activeCic = nil
}

// Attrs models cfq_attrs: times show and take milliseconds (so
// fifo_expire_sync, HZ/8 = 31 jiffies, reads 124), the rest plain numbers.
func (cfqd *cfqData) Attrs() []blockdev.ElvAttr {
	attr := func(name string, v *uint64, lo int64, conv bool) blockdev.ElvAttr {
		return blockdev.ElvAttr{
			Name: name,
			Show: func() string {
				d := *v
				if conv {
					d = blockdev.JiffiesToMsecs(d)
				}
				return fmt.Sprintf("%d\n", int32(uint32(d)))
			},
			Store: func(s string) error {
				d := uint64(clampElv(parseElvUint(s), lo, cfqUintMax))
				if conv {
					d = blockdev.MsecsToJiffies(d)
				}
				*v = d
				return nil
			},
		}
	}
	return []blockdev.ElvAttr{
		attr("quantum", &cfqd.quantum, 1, false),
		attr("fifo_expire_sync", &cfqd.fifoExpireJ[cfqSyncIdx], 1, true),
		attr("fifo_expire_async", &cfqd.fifoExpireJ[cfqAsyncIdx], 1, true),
		attr("back_seek_max", &cfqd.backSeekMax, 0, false),
		attr("back_seek_penalty", &cfqd.backSeekPenalty, 1, false),
		attr("slice_sync", &cfqd.slice[cfqSyncIdx], 1, true),
		attr("slice_async", &cfqd.slice[cfqAsyncIdx], 1, true),
		attr("slice_async_rq", &cfqd.sliceAsyncRq, 1, false),
		attr("slice_idle", &cfqd.sliceIdle, 0, true),
	}
}
