package blockdev

// This package's tests cannot link the real schedulers (package iosched
// imports this one), so their kernel is built with this one only: a FIFO
// under noop's name, which elevator_init falls back to when the default
// (cfq) is missing. It is also the smallest scheduler the ElevatorOps
// interface allows.
func init() {
	ElvRegister(&ElevatorType{Name: "noop", Init: func(q *RequestQueue) (ElevatorOps, error) {
		return &fifoSched{q: q}, nil
	}})
}

// fifoSched dispatches requests in arrival order; the block layer's
// one-hit cache and back-merge hash do all its merging.
type fifoSched struct {
	q     *RequestQueue
	queue []*Request
}

func (f *fifoSched) Dispatch(bool) int {
	if len(f.queue) == 0 {
		return 0
	}
	rq := f.queue[0]
	f.queue = f.queue[1:]
	ElvDispatchSort(f.q, rq)
	return 1
}

func (f *fifoSched) Add(rq *Request) { f.queue = append(f.queue, rq) }

func (f *fifoSched) MergeRequests(_, next *Request) {
	for i, r := range f.queue {
		if r == next {
			f.queue = append(f.queue[:i], f.queue[i+1:]...)
			return
		}
	}
}

func (f *fifoSched) Empty() bool                      { return len(f.queue) == 0 }
func (f *fifoSched) Merge(*Bio) (*Request, MergeType) { return nil, ELEVATOR_NO_MERGE }
func (f *fifoSched) Merged(*Request, MergeType)       {}
func (f *fifoSched) Former(*Request) *Request         { return nil }
func (f *fifoSched) Latter(*Request) *Request         { return nil }
func (f *fifoSched) Activate(*Request)                {}
func (f *fifoSched) Completed(*Request)               {}
func (f *fifoSched) SetRequest(*Request, *Task) error { return nil }
func (f *fifoSched) PutRequest(*Request)              {}
func (f *fifoSched) Exit()                            {}
func (f *fifoSched) Attrs() []ElvAttr                 { return nil }
