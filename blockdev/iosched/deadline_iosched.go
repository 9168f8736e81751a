package iosched

import (
	"fmt"

	"simpblkdev/blockdev"
)

// The deadline scheduler (block/deadline-iosched.c, 2.6.27).
//
// Every request sits in two places: a list sorted by start sector (the
// kernel's rbtree, here an elvSortList) and a FIFO with an expiry time, one
// of each per direction. Dispatch runs "batches": it keeps going in sector
// order from the last request (next_rq) while the requests are sequential
// and fewer than fifo_batch have gone; a new batch prefers reads, unless
// reads have already been preferred writes_starved times while writes
// waited; it starts at the FIFO head when that request has expired or the
// sweep has nowhere to go on (it ran off the end, or the last batch went
// the other way), else it continues the sweep. Requests go to the dispatch
// queue with elv_dispatch_add_tail, in exactly that order.
//
// Two details differ between kernel versions. "A non-sequential request
// ends the batch" (dd->last_sector != rq->sector) is the rule
// KERNEL-FACTS.md gives and 2.6.18 has; later kernels count every request
// of a batch alike. Starting a new batch at the FIFO head rather than at the
// lowest sector is the batching-fairness change of 2.6.25. The back-merge
// hash deadline kept of its own in 2.6.18 is the block layer's (elv_rqhash)
// from 2.6.19 on, and so it is here.

// The defaults (HZ-based, as in the C).
const (
	deadlineReadExpire    = blockdev.HZ / 2 // max time before a read is submitted
	deadlineWriteExpire   = 5 * blockdev.HZ // ditto for writes; these limits are soft
	deadlineWritesStarved = 2               // max times reads can starve a write
	deadlineFifoBatch     = 16              // requests a batch may hold
)

// deadlineData models struct deadline_data.
type deadlineData struct {
	q *blockdev.RequestQueue

	sortList [2]elvSortList       // by start sector, READ and WRITE
	fifoList [2]elvFifo           // by arrival, READ and WRITE
	nextRq   [2]*blockdev.Request // next in sort order; one of them or both nil

	batching   int    // requests dispatched in the current batch
	lastSector uint64 // where the last dispatched request ended (head position)
	starved    int    // times reads have starved writes

	fifoExpire    [2]uint64 // jiffies
	fifoBatch     int
	writesStarved int
	frontMerges   int
}

// newDeadline models deadline_init_queue().
func newDeadline(q *blockdev.RequestQueue) (blockdev.ElevatorOps, error) {
	return &deadlineData{
		q:             q,
		fifoExpire:    [2]uint64{deadlineReadExpire, deadlineWriteExpire},
		fifoBatch:     deadlineFifoBatch,
		writesStarved: deadlineWritesStarved,
		frontMerges:   1,
	}, nil
}

// owns reports whether rq carries this instance's per-request data. A
// request dispatched by the scheduler a queue used before a switch still
// completes after it, and must be left alone.
func (dd *deadlineData) owns(rq *blockdev.Request) bool {
	return rq != nil && rq.ElevatorPrivate == any(dd)
}

// addRqRb models deadline_add_rq_rb(): sort rq in; a request already
// queued at the same sector is moved to the dispatch queue first.
func (dd *deadlineData) addRqRb(rq *blockdev.Request) {
	root := &dd.sortList[blockdev.RqDataDir(rq)]
	for alias := root.Add(rq); alias != nil; alias = root.Add(rq) {
		dd.moveRequest(alias)
	}
}

// delRqRb models deadline_del_rq_rb(): take rq out of the sorted list,
// moving next_rq on if it pointed at rq.
func (dd *deadlineData) delRqRb(rq *blockdev.Request) {
	dir := blockdev.RqDataDir(rq)
	if dd.nextRq[dir] == rq {
		dd.nextRq[dir] = dd.sortList[dir].Latter(rq)
	}
	dd.sortList[dir].Del(rq)
}

// Add models deadline_add_request(): sort it in, set its expiry time and
// append it to its direction's FIFO.
func (dd *deadlineData) Add(rq *blockdev.Request) {
	rq.ElevatorPrivate = dd
	dir := blockdev.RqDataDir(rq)
	dd.addRqRb(rq)
	rq.FifoTime = dd.q.Kernel().Jiffies() + dd.fifoExpire[dir]
	dd.fifoList[dir] = append(dd.fifoList[dir], rq)
}

// removeRequest models deadline_remove_request(): off the FIFO and the
// sorted list.
func (dd *deadlineData) removeRequest(rq *blockdev.Request) {
	dd.fifoList[blockdev.RqDataDir(rq)].del(rq)
	dd.delRqRb(rq)
}

// Merge models deadline_merge(): with front_merges on, a queued request of
// the bio's direction that starts where the bio ends takes it in front.
// (Back merges were found by elv_merge's hash before this is asked.)
func (dd *deadlineData) Merge(bio *blockdev.Bio) (*blockdev.Request, blockdev.MergeType) {
	if dd.frontMerges == 0 {
		return nil, blockdev.ELEVATOR_NO_MERGE
	}
	sector := bio.BiSector + uint64(blockdev.BioSectors(bio))
	rq := dd.sortList[blockdev.BioDataDir(bio)].Find(sector)
	if rq != nil && blockdev.ElvRqMergeOK(rq, bio) {
		return rq, blockdev.ELEVATOR_FRONT_MERGE
	}
	return nil, blockdev.ELEVATOR_NO_MERGE
}

// Merged models deadline_merged_request(): a front merge moved rq's start,
// so sort it in again.
func (dd *deadlineData) Merged(rq *blockdev.Request, how blockdev.MergeType) {
	if how != blockdev.ELEVATOR_FRONT_MERGE || !dd.owns(rq) {
		return
	}
	dd.sortList[blockdev.RqDataDir(rq)].Del(rq)
	dd.addRqRb(rq)
}

// MergeRequests models deadline_merged_requests(): next joined rq; if next
// was to expire first, rq takes its place and expiry time in the FIFO.
func (dd *deadlineData) MergeRequests(rq, next *blockdev.Request) {
	if !dd.owns(next) {
		return
	}
	dir := blockdev.RqDataDir(rq)
	if dd.owns(rq) && dd.fifoList[dir].index(rq) >= 0 && dd.fifoList[dir].index(next) >= 0 {
		if timeBefore(next.FifoTime, rq.FifoTime) {
			dd.fifoList[dir].replace(rq, next)
			rq.FifoTime = next.FifoTime
		}
	}
	dd.removeRequest(next)
}

// moveRequest models deadline_move_request(): remember where the sweep
// goes on (the request after rq in sector order) and where the head ends,
// and hand rq to the dispatch queue (deadline_move_to_dispatch).
func (dd *deadlineData) moveRequest(rq *blockdev.Request) {
	dir := blockdev.RqDataDir(rq)
	dd.nextRq[blockdev.READ], dd.nextRq[blockdev.WRITE] = nil, nil
	dd.nextRq[dir] = dd.sortList[dir].Latter(rq)
	dd.lastSector = blockdev.RqEndSector(rq)
	dd.removeRequest(rq)
	blockdev.ElvDispatchAddTail(dd.q, rq)
}

// checkFifo models deadline_check_fifo(): has the oldest request of dir
// expired?
func (dd *deadlineData) checkFifo(dir int) bool {
	rq := dd.fifoList[dir].head()
	return rq != nil && timeAfter(dd.q.Kernel().Jiffies(), rq.FifoTime)
}

// Dispatch models deadline_dispatch_requests(). It moves one request (the
// force flag changes nothing: each call moves one until none is left).
func (dd *deadlineData) Dispatch(force bool) int {
	reads := len(dd.fifoList[blockdev.READ]) > 0
	writes := len(dd.fifoList[blockdev.WRITE]) > 0

	// Batches are reads XOR writes: continue the current one while the
	// next request in sector order is sequential and the batch is short.
	rq := dd.nextRq[blockdev.WRITE]
	if rq == nil {
		rq = dd.nextRq[blockdev.READ]
	}
	if rq != nil {
		if dd.lastSector != rq.Sector {
			dd.batching += dd.fifoBatch // a non-sequential request ends the batch
		}
		if dd.batching < dd.fifoBatch {
			dd.batching++
			dd.moveRequest(rq)
			return 1
		}
	}

	// Not in a batch: choose the direction.
	var dir int
	switch {
	case reads:
		if writes {
			starved := dd.starved
			dd.starved++
			if starved >= dd.writesStarved {
				dd.starved = 0 // dispatch_writes
				dir = blockdev.WRITE
				break
			}
		}
		dir = blockdev.READ
	case writes:
		dd.starved = 0
		dir = blockdev.WRITE
	default:
		return 0
	}

	// Find the request that starts the batch: an expired FIFO head, or
	// the next one of the sweep, or (the sweep ran off the end, or the
	// last batch went the other way) the oldest.
	if dd.checkFifo(dir) || dd.nextRq[dir] == nil {
		rq = dd.fifoList[dir].head()
	} else {
		rq = dd.nextRq[dir]
	}
	if rq == nil {
		return 0
	}
	dd.batching = 1
	dd.moveRequest(rq)
	return 1
}

// Empty models deadline_queue_empty().
func (dd *deadlineData) Empty() bool {
	return len(dd.fifoList[blockdev.READ]) == 0 && len(dd.fifoList[blockdev.WRITE]) == 0
}

// Former and Latter model elv_rb_former_request/elv_rb_latter_request.
func (dd *deadlineData) Former(rq *blockdev.Request) *blockdev.Request {
	if !dd.owns(rq) {
		return nil
	}
	return dd.sortList[blockdev.RqDataDir(rq)].Former(rq)
}

func (dd *deadlineData) Latter(rq *blockdev.Request) *blockdev.Request {
	if !dd.owns(rq) {
		return nil
	}
	return dd.sortList[blockdev.RqDataDir(rq)].Latter(rq)
}

// SetRequest and PutRequest attach and drop the per-request mark (the
// kernel of 2.6.27 needs no per-request allocation any more).
func (dd *deadlineData) SetRequest(rq *blockdev.Request, _ *blockdev.Task) error {
	rq.ElevatorPrivate = dd
	return nil
}

func (dd *deadlineData) PutRequest(rq *blockdev.Request) {
	if dd.owns(rq) {
		rq.ElevatorPrivate = nil
	}
}

func (dd *deadlineData) Activate(*blockdev.Request)  {}
func (dd *deadlineData) Completed(*blockdev.Request) {}

// Exit models deadline_exit_queue(); the block layer drained the lists.
func (dd *deadlineData) Exit() {
	dd.nextRq = [2]*blockdev.Request{}
}

// Attrs models deadline_attrs: read_expire and write_expire show and take
// milliseconds, the rest plain numbers; a store reads the number as
// simple_strtol does and clamps it, as the kernel's STORE_FUNCTION does.
func (dd *deadlineData) Attrs() []blockdev.ElvAttr {
	intAttr := func(name string, v *int, lo, hi int64) blockdev.ElvAttr {
		return blockdev.ElvAttr{
			Name: name,
			Show: func() string { return fmt.Sprintf("%d\n", *v) },
			Store: func(s string) error {
				*v = int(clampElv(parseElvInt(s), lo, hi))
				return nil
			},
		}
	}
	return []blockdev.ElvAttr{
		elvMsecAttr("read_expire", &dd.fifoExpire[blockdev.READ], parseElvInt),
		elvMsecAttr("write_expire", &dd.fifoExpire[blockdev.WRITE], parseElvInt),
		intAttr("writes_starved", &dd.writesStarved, -elvIntMax-1, elvIntMax),
		intAttr("front_merges", &dd.frontMerges, 0, 1),
		intAttr("fifo_batch", &dd.fifoBatch, 0, elvIntMax),
	}
}
