package iosched

import "simpblkdev/blockdev"

// noopData models struct noop_data (block/noop-iosched.c): one FIFO list.
type noopData struct {
	q     *blockdev.RequestQueue
	queue []*blockdev.Request
}

// newNoop models noop_init_queue().
func newNoop(q *blockdev.RequestQueue) (blockdev.ElevatorOps, error) {
	return &noopData{q: q}, nil
}

// Dispatch models noop_dispatch(): move the oldest request to the dispatch
// queue, where elv_dispatch_sort puts it in sector order.
func (nd *noopData) Dispatch(force bool) int {
	if len(nd.queue) == 0 {
		return 0
	}
	rq := nd.queue[0]
	nd.queue = nd.queue[1:]
	blockdev.ElvDispatchSort(nd.q, rq)
	return 1
}

// Add models noop_add_request(): to the tail.
func (nd *noopData) Add(rq *blockdev.Request) { nd.queue = append(nd.queue, rq) }

// MergeRequests models noop_merged_requests(): next leaves the list.
func (nd *noopData) MergeRequests(rq, next *blockdev.Request) { nd.remove(next) }

// Empty models noop_queue_empty().
func (nd *noopData) Empty() bool { return len(nd.queue) == 0 }

// Former models noop_former_request(): the request before rq in the list.
func (nd *noopData) Former(rq *blockdev.Request) *blockdev.Request {
	if i := nd.index(rq); i > 0 {
		return nd.queue[i-1]
	}
	return nil
}

// Latter models noop_latter_request(): the request after rq in the list.
func (nd *noopData) Latter(rq *blockdev.Request) *blockdev.Request {
	if i := nd.index(rq); i >= 0 && i+1 < len(nd.queue) {
		return nd.queue[i+1]
	}
	return nil
}

// noop has no merge function of its own: elv_merge's cache and hash do it.
func (nd *noopData) Merge(*blockdev.Bio) (*blockdev.Request, blockdev.MergeType) {
	return nil, blockdev.ELEVATOR_NO_MERGE
}
func (nd *noopData) Merged(*blockdev.Request, blockdev.MergeType)       {}
func (nd *noopData) Activate(*blockdev.Request)                         {}
func (nd *noopData) Completed(*blockdev.Request)                        {}
func (nd *noopData) SetRequest(*blockdev.Request, *blockdev.Task) error { return nil }
func (nd *noopData) PutRequest(*blockdev.Request)                       {}
func (nd *noopData) Exit()                                              { nd.queue = nil }
func (nd *noopData) Attrs() []blockdev.ElvAttr                          { return nil }

func (nd *noopData) index(rq *blockdev.Request) int {
	for i, r := range nd.queue {
		if r == rq {
			return i
		}
	}
	return -1
}

func (nd *noopData) remove(rq *blockdev.Request) {
	if i := nd.index(rq); i >= 0 {
		nd.queue = append(nd.queue[:i], nd.queue[i+1:]...)
	}
}
