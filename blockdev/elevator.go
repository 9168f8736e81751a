package blockdev

import (
	"fmt"
	"strings"
	"sync"

	"simpblkdev/blockdev/fault"
)

// MergeType is what elv_merge found (ELEVATOR_NO_MERGE and friends,
// include/linux/elevator.h).
type MergeType int

// The answers of elv_merge().
const (
	ELEVATOR_NO_MERGE    MergeType = 0
	ELEVATOR_FRONT_MERGE MergeType = 1
	ELEVATOR_BACK_MERGE  MergeType = 2
)

// ElevatorOps models struct elevator_ops (include/linux/elevator.h, 2.6.27):
// the hooks an I/O scheduler gives the block layer. The block layer calls them
// with the queue lock held; a scheduler's own timers take it themselves with
// q.Lock/q.Unlock. A scheduler implements it, names an ElevatorType whose
// Init makes an instance for a queue, and registers that with ElvRegister;
// package simpblkdev/blockdev/iosched holds the kernel's four, written so.
type ElevatorOps interface {
	// Merge models elevator_merge_fn: the scheduler's own search for a
	// request that bio can join. elv_merge asks it only after the one-hit
	// cache and the back-merge hash found nothing.
	Merge(bio *Bio) (*Request, MergeType)
	// Merged models elevator_merged_fn: rq grew by a bio (re-sort it if its
	// start moved).
	Merged(rq *Request, how MergeType)
	// MergeRequests models elevator_merge_req_fn: next was merged into rq
	// and is going away.
	MergeRequests(rq, next *Request)
	// Dispatch models elevator_dispatch_fn: move requests to the dispatch
	// queue with q.ElvDispatchSort or q.ElvDispatchAddTail; force means move
	// everything. It returns how many it moved.
	Dispatch(force bool) int
	// Add models elevator_add_req_fn: a new request to schedule.
	Add(rq *Request)
	// Empty models elevator_queue_empty_fn.
	Empty() bool
	// Former and Latter model elevator_former_req_fn/latter_req_fn: the
	// neighbours of rq by the scheduler's order, for request merging.
	Former(rq *Request) *Request
	Latter(rq *Request) *Request
	// Activate models elevator_activate_req_fn: the driver took rq.
	Activate(rq *Request)
	// Completed models elevator_completed_req_fn.
	Completed(rq *Request)
	// SetRequest and PutRequest model elevator_set_req_fn/put_req_fn:
	// attach and release per-request data (cfq's per-process queue).
	SetRequest(rq *Request, task *Task) error
	PutRequest(rq *Request)
	// Exit models elevator_exit_fn.
	Exit()
	// Attrs lists the tunables in /sys/block/<disk>/queue/iosched/.
	Attrs() []ElvAttr
}

// ElvAttr models struct elv_fs_entry: one file in queue/iosched/.
type ElvAttr struct {
	Name  string
	Show  func() string
	Store func(string) error
}

// ElevatorType models struct elevator_type: a registered I/O scheduler.
type ElevatorType struct {
	Name string
	Init func(q *RequestQueue) (ElevatorOps, error)
}

// ElevatorQueue models elevator_t (struct elevator_queue): the scheduler
// instance a queue is using.
type ElevatorQueue struct {
	Type *ElevatorType
	Ops  ElevatorOps
}

// elvList models elv_list (block/elevator.c): the schedulers built into the
// kernel, in the order they registered. Like the kernel's it is one list for
// the whole program, not per machine: it is what the binary was linked with,
// and package simpblkdev/blockdev/iosched fills it from its init, in the
// kernel's link order (block/Makefile: noop, anticipatory, deadline, cfq),
// which is the order queue/scheduler prints. A program that does not link
// that package boots kernels without schedulers (Boot says so in the log).
var (
	elvMu   sync.Mutex // elv_list_lock
	elvList []*ElevatorType
)

// defaultElevator is CONFIG_DEFAULT_IOSCHED, what elevator_init picks when
// the caller names none.
const defaultElevator = "cfq"

// ElvNameMax models ELV_NAME_MAX (include/linux/elevator.h): an elevator's
// name has room for 15 bytes and the NUL.
const ElvNameMax = 16

// ElvRegister models elv_register() (block/elevator.c, 2.6.27): it adds e to
// the list of schedulers a queue can use, from then on, by e.Name (at most
// ElvNameMax-1 bytes, or queue/scheduler could not name it). A second
// scheduler of the same name is ignored. A scheduler written outside this
// package calls it from its package's init, as a built-in scheduler's
// module_init calls elv_register at boot.
func ElvRegister(e *ElevatorType) {
	elvMu.Lock()
	defer elvMu.Unlock()
	for _, old := range elvList {
		if old.Name == e.Name {
			return
		}
	}
	elvList = append(elvList, e)
}

// elvNames lists the registered schedulers in registration order.
func elvNames() []string {
	elvMu.Lock()
	defer elvMu.Unlock()
	names := make([]string, len(elvList))
	for i, e := range elvList {
		names[i] = e.Name
	}
	return names
}

// elevatorFind models elevator_find()/elevator_get().
func elevatorFind(name string) *ElevatorType {
	elvMu.Lock()
	defer elvMu.Unlock()
	for _, e := range elvList {
		if e.Name == name {
			return e
		}
	}
	return nil
}

// elvNoneRegistered is what Boot logs when the program linked no scheduler.
const elvNoneRegistered = "elevator: no I/O scheduler registered (import simpblkdev/blockdev/iosched)"

// elvRegistered is the boot-log half of elv_register() (block/elevator.c,
// 2.6.18): "io scheduler X registered", with " (default)" after the one
// the command line's elevator= chose, or after CONFIG_DEFAULT_IOSCHED when
// it chose none. The list itself is the program's (ElvRegister runs from
// package init, before any machine boots), so each machine prints the
// lines as it boots, in registration order, as the kernel's initcalls do.
//
// The kernel cannot be built without noop; here a program can be linked
// without package iosched, and then every request queue would fail to get
// a scheduler: the log says why, once, at boot.
func (k *Kernel) elvRegistered() {
	names := elvNames()
	if len(names) == 0 {
		k.Printk(KERN_ERR + elvNoneRegistered + "\n")
	}
	for _, name := range names {
		k.Printk(KERN_INFO+"io scheduler %s registered", name)
		if name == k.chosenElevator || (k.chosenElevator == "" && name == defaultElevator) {
			k.Printk(" (default)")
		}
		k.Printk("\n")
	}
}

// ElevatorInit models elevator_init(q, name) (block/elevator.c, 2.6.27): it
// gives q a new scheduler instance. An empty name picks the one the
// command line's elevator= chose ("I/O scheduler X not found" when it is not
// registered), else the default (cfq), and noop if that is missing. It fails with -EINVAL for an unknown name or
// when no scheduler is registered at all (the kernel, which always has noop,
// has no such case), and -ENOMEM when the instance cannot be made. It does
// not free the scheduler q had: as chapter 2 shows, the caller saves
// q.Elevator first and gives it to ElevatorExit once the switch worked.
//
// It sets q.Elevator without taking the queue lock, so it is for a queue
// nobody else can reach yet (blk_init_queue, a driver's init before
// add_disk); a queue in use changes scheduler through ElvIoschedStore.
func ElevatorInit(q *RequestQueue, name string) Errno {
	var e *ElevatorType
	if name != "" {
		if e = elevatorFind(name); e == nil {
			return -EINVAL
		}
	}
	if e == nil && q.k.chosenElevator != "" {
		if e = elevatorFind(q.k.chosenElevator); e == nil {
			q.k.Printk(KERN_ERR+"I/O scheduler %s not found\n", q.k.chosenElevator)
		}
	}
	if e == nil {
		if e = elevatorFind(defaultElevator); e == nil {
			q.k.Printk(KERN_ERR + "Default I/O scheduler not found. Using noop.\n")
			e = elevatorFind("noop")
		}
	}
	if e == nil {
		q.k.Printk(KERN_ERR + "elevator: type noop not found\n")
		return -EINVAL
	}
	eq, errno := elevatorAlloc(q, e)
	if errno != 0 {
		return errno
	}
	q.elevatorAttach(eq)
	return 0
}

// elevatorAlloc models elevator_alloc() and elevator_init_queue(): a new
// instance of e for q, not yet attached; -ENOMEM when it cannot be made.
func elevatorAlloc(q *RequestQueue, e *ElevatorType) (*ElevatorQueue, Errno) {
	if q.k.Fault.ShouldFail(fault.Elevator) {
		return nil, -ENOMEM
	}
	ops, err := e.Init(q)
	if err != nil {
		return nil, -ENOMEM
	}
	return &ElevatorQueue{Type: e, Ops: ops}, 0
}

// elevatorAttach models elevator_attach(): q uses eq from now on, with an
// empty back-merge hash and no one-hit merge cache.
func (q *RequestQueue) elevatorAttach(eq *ElevatorQueue) {
	q.Elevator = eq
	q.elvHash = map[uint64][]*Request{}
	q.lastMerge = nil
}

// ElevatorExit models elevator_exit(): it frees a scheduler instance.
func ElevatorExit(e *ElevatorQueue) {
	if e == nil {
		return
	}
	e.Ops.Exit()
}

// ElvDispatchSort models elv_dispatch_sort(): insert rq into the dispatch
// queue in sector order, relative to where the last dispatched request ended,
// never passing a request of the other direction or one already started.
func ElvDispatchSort(q *RequestQueue, rq *Request) {
	if q.lastMerge == rq {
		q.lastMerge = nil
	}
	q.elvRqhashDel(rq)
	q.nrSorted--
	boundary := q.endSector
	// Walk from the tail towards the head, as list_for_each_prev does, and
	// insert after the first request rq must not pass.
	at := 0
	for i := len(q.queueHead) - 1; i >= 0; i-- {
		pos := q.queueHead[i]
		if RqDataDir(rq) != RqDataDir(pos) || pos.CmdFlags&(REQ_SOFTBARRIER|REQ_HARDBARRIER|REQ_STARTED) != 0 {
			at = i + 1
			break
		}
		if rq.Sector >= boundary {
			if pos.Sector < boundary {
				continue
			}
		} else if pos.Sector >= boundary {
			at = i + 1
			break
		}
		if rq.Sector >= pos.Sector {
			at = i + 1
			break
		}
	}
	q.queueHead = append(q.queueHead, nil)
	copy(q.queueHead[at+1:], q.queueHead[at:])
	q.queueHead[at] = rq
	rq.onQueue = true
}

// ElvDispatchAddTail models elv_dispatch_add_tail(): append rq to the
// dispatch queue and move the sort boundary to its end.
func ElvDispatchAddTail(q *RequestQueue, rq *Request) {
	if q.lastMerge == rq {
		q.lastMerge = nil
	}
	q.elvRqhashDel(rq)
	q.nrSorted--
	q.endSector = RqEndSector(rq)
	q.queueHead = append(q.queueHead, rq)
	rq.onQueue = true
}

// The back-merge hash (elv_rqhash_*, 2.6.19+): requests by end sector.

func (q *RequestQueue) elvRqhashAdd(rq *Request) {
	if rq.inHash || !RqMergeable(rq) {
		return
	}
	rq.hashKey = RqEndSector(rq)
	q.elvHash[rq.hashKey] = append(q.elvHash[rq.hashKey], rq)
	rq.inHash = true
}

func (q *RequestQueue) elvRqhashDel(rq *Request) {
	if !rq.inHash {
		return
	}
	list := q.elvHash[rq.hashKey]
	for i, r := range list {
		if r == rq {
			list = append(list[:i], list[i+1:]...)
			break
		}
	}
	if len(list) == 0 {
		delete(q.elvHash, rq.hashKey)
	} else {
		q.elvHash[rq.hashKey] = list
	}
	rq.inHash = false
}

func (q *RequestQueue) elvRqhashReposition(rq *Request) {
	q.elvRqhashDel(rq)
	q.elvRqhashAdd(rq)
}

func (q *RequestQueue) elvRqhashFind(sector uint64) *Request {
	for _, rq := range q.elvHash[sector] {
		if RqMergeable(rq) {
			return rq
		}
	}
	return nil
}

// ElvRqMergeOK models elv_rq_merge_ok(): same direction, same disk, and
// nothing forbids it.
func ElvRqMergeOK(rq *Request, bio *Bio) bool {
	if !RqMergeable(rq) {
		return false
	}
	if BioDataDir(bio) != RqDataDir(rq) {
		return false
	}
	if rq.RqDisk != nil && bio.BiBdev != nil && rq.RqDisk != bio.BiBdev.BdDisk {
		return false
	}
	return true
}

// elvTryMerge models elv_try_merge(): back merge if the bio starts where rq
// ends, front merge if it ends where rq starts.
func elvTryMerge(rq *Request, bio *Bio) MergeType {
	if !ElvRqMergeOK(rq, bio) {
		return ELEVATOR_NO_MERGE
	}
	if RqEndSector(rq) == bio.BiSector {
		return ELEVATOR_BACK_MERGE
	}
	if rq.Sector-uint64(BioSectors(bio)) == bio.BiSector {
		return ELEVATOR_FRONT_MERGE
	}
	return ELEVATOR_NO_MERGE
}

// ElvMerge models elv_merge() (block/elevator.c): the one-hit cache
// q->last_merge, then the hash of requests by end sector (back merges), then
// the scheduler's own merge function.
func ElvMerge(q *RequestQueue, bio *Bio) (*Request, MergeType) {
	if q.lastMerge != nil {
		if how := elvTryMerge(q.lastMerge, bio); how != ELEVATOR_NO_MERGE {
			return q.lastMerge, how
		}
	}
	if rq := q.elvRqhashFind(bio.BiSector); rq != nil && ElvRqMergeOK(rq, bio) {
		return rq, ELEVATOR_BACK_MERGE
	}
	return q.Elevator.Ops.Merge(bio)
}

// elvMergedRequest models elv_merged_request(): rq grew by a bio.
func (q *RequestQueue) elvMergedRequest(rq *Request, how MergeType) {
	q.Elevator.Ops.Merged(rq, how)
	if how == ELEVATOR_BACK_MERGE {
		q.elvRqhashReposition(rq)
	}
	q.lastMerge = rq
}

// elvMergeRequests models elv_merge_requests(): next joined rq.
func (q *RequestQueue) elvMergeRequests(rq, next *Request) {
	q.Elevator.Ops.MergeRequests(rq, next)
	q.elvRqhashReposition(rq)
	q.elvRqhashDel(next)
	q.nrSorted--
	q.lastMerge = rq
}

// elvAddRequestSort models __elv_add_request(q, rq, ELEVATOR_INSERT_SORT):
// a request with the scheduler's private data goes to the scheduler; one
// made while the scheduler is being switched has none (getRequest) and goes
// to the back of the dispatch queue instead.
func (q *RequestQueue) elvAddRequestSort(rq *Request) {
	if rq.CmdFlags&REQ_ELVPRIV == 0 {
		q.elvInsertBack(rq)
		return
	}
	q.elvInsertSort(rq)
}

// elvInsertBack models elv_insert(q, rq, ELEVATOR_INSERT_BACK): rq goes
// behind everything the scheduler holds, which is forced out first, and
// nothing may merge into it or be sorted past it. The queue is run at once:
// the scheduler may have been holding requests back (anticipation, idling)
// and has just given them up, and the queue was not empty before, so
// __make_request will not run it.
func (q *RequestQueue) elvInsertBack(rq *Request) {
	q.blkAddTraceRq(rq, BLK_TA_INSERT)
	rq.CmdFlags |= REQ_SOFTBARRIER
	q.elvDrain()
	q.queueHead = append(q.queueHead, rq)
	rq.onQueue = true
	q.blkRemovePlug()
	if !q.dead {
		q.runRequestFn()
	}
}

// elvInsertSort models elv_insert(q, rq, ELEVATOR_INSERT_SORT).
func (q *RequestQueue) elvInsertSort(rq *Request) {
	q.blkAddTraceRq(rq, BLK_TA_INSERT)
	rq.CmdFlags |= REQ_SORTED
	q.nrSorted++
	if RqMergeable(rq) {
		q.elvRqhashAdd(rq)
		if q.lastMerge == nil {
			q.lastMerge = rq
		}
	}
	q.Elevator.Ops.Add(rq)
}

// ElvQueueEmpty models elv_queue_empty(): nothing on the dispatch queue and
// nothing in the scheduler.
func ElvQueueEmpty(q *RequestQueue) bool {
	if len(q.queueHead) > 0 {
		return false
	}
	return q.Elevator.Ops.Empty()
}

// ElvNextRequest models elv_next_request() (block/elevator.c, 2.6.27): the
// request at the head of the dispatch queue, refilled from the scheduler
// when empty. It is not removed: the driver completes it with EndRequest,
// and until then ElvNextRequest keeps returning it. The first time the
// driver sees a request it is marked started, and it never merges again;
// the scheduler hears of it only if it sorted the request.
func ElvNextRequest(q *RequestQueue) *Request {
	for len(q.queueHead) == 0 {
		if q.Elevator.Ops.Dispatch(false) == 0 {
			return nil
		}
	}
	rq := q.queueHead[0]
	if rq.CmdFlags&REQ_STARTED == 0 {
		if rq.CmdFlags&REQ_SORTED != 0 {
			q.Elevator.Ops.Activate(rq)
		}
		rq.CmdFlags |= REQ_STARTED
		q.blkAddTraceRq(rq, BLK_TA_ISSUE)
		if rq == q.lastMerge {
			q.lastMerge = nil
		}
	}
	return rq
}

// elvDequeueRequest models blkdev_dequeue_request(): take rq off the
// dispatch queue; a started request is now in flight in the driver.
func (q *RequestQueue) elvDequeueRequest(rq *Request) {
	for i, r := range q.queueHead {
		if r == rq {
			q.queueHead = append(q.queueHead[:i], q.queueHead[i+1:]...)
			break
		}
	}
	rq.onQueue = false
	if rq.CmdFlags&REQ_STARTED != 0 {
		q.inFlight++
	}
}

// elvCompletedRequest models elv_completed_request(): only a request the
// driver started counts (blk_account_rq), not one merged away before.
func (q *RequestQueue) elvCompletedRequest(rq *Request) {
	if rq.CmdFlags&REQ_STARTED == 0 {
		return
	}
	if q.inFlight > 0 {
		q.inFlight--
	}
	if rq.CmdFlags&REQ_SORTED != 0 {
		q.Elevator.Ops.Completed(rq)
	}
}

// ElvDrain models elv_drain_elevator(): force every request out of the
// scheduler onto the dispatch queue.
func (q *RequestQueue) elvDrain() {
	for q.Elevator.Ops.Dispatch(true) > 0 {
	}
}

// schedulerShow models elv_iosched_show(): "noop anticipatory deadline [cfq] \n".
// It reads q.Elevator under the queue lock (see the field's rule).
func (q *RequestQueue) schedulerShow() string {
	q.Lock()
	current := ""
	if q.Elevator != nil {
		current = q.Elevator.Type.Name
	}
	q.Unlock()
	var b strings.Builder
	for _, name := range elvNames() {
		if name == current {
			fmt.Fprintf(&b, "[%s] ", name)
		} else {
			fmt.Fprintf(&b, "%s ", name)
		}
	}
	b.WriteString("\n")
	return b.String()
}

// elvIoschedName is what elv_iosched_store() (block/elevator.c, 2.6.18)
// makes of the bytes written: strncpy into char elevator_name[ELV_NAME_MAX]
// keeps at most 15 bytes, up to a NUL, and one trailing newline is cut;
// other white space stays, so " noop" and "noop " are not found. (2.6.27
// strstrip()s trailing white space too, and also ignores the leading
// white space strstrip skips until 2.6.32.)
func elvIoschedName(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	if len(s) > ElvNameMax-1 {
		s = s[:ElvNameMax-1]
	}
	return strings.TrimSuffix(s, "\n")
}

// kernelIsSpace models isspace() of lib/ctype.c on one byte: the C
// whitespace characters and Latin-1's no-break space (0xa0).
func kernelIsSpace(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0xa0:
		return true
	}
	return false
}

// ElvIoschedStore models elv_iosched_store() (block/elevator.c, 2.6.27):
// writing a name to queue/scheduler. The name is cut as 2.6.18 cuts it
// (elvIoschedName). An unknown name fails with -EINVAL and logs "elevator:
// type X not found"; a queue already torn down is -ENOENT (queue_attr_store).
// A switch that fails logs "elevator: switch to X failed" and, as in the
// kernel, still reports success to the writer. Writers are serialized by
// the queue's sysfs lock, which BlkCleanupQueue takes too.
func ElvIoschedStore(q *RequestQueue, name string) Errno {
	name = elvIoschedName(name)
	q.sysfsLock.Lock()
	defer q.sysfsLock.Unlock()
	e := elevatorFind(name)
	q.Lock()
	dead := q.dead
	same := q.Elevator != nil && q.Elevator.Type == e
	q.Unlock()
	if dead {
		return -ENOENT
	}
	if e == nil {
		q.k.Printk(KERN_ERR+"elevator: type %s not found\n", name)
		return -EINVAL
	}
	if same {
		return 0
	}
	if !q.elevatorSwitch(e) {
		q.k.Printk(KERN_ERR+"elevator: switch to %s failed\n", name)
	}
	return 0
}

// elevatorSwitch models elevator_switch() (block/elevator.c, 2.6.27; its
// middle became elv_quiesce_start/elv_quiesce_end in 2.6.30). The new
// scheduler is made first, so that a failure leaves the old one in place.
// Then, under the queue lock, the queue goes into bypass (requests made from
// now on get no scheduler data and go straight to the dispatch queue), the
// old scheduler is forced to give up every request it holds, and the driver
// is run until no request carrying the old scheduler's data is left, queued
// or in the driver: the old scheduler may have been holding requests back
// on a timer (anticipatory's anticipation, cfq's slice idling) that its exit
// cancels, and a request whose data only the old scheduler understands must
// not complete through the new one. Only then is the new one attached and
// the old one freed.
//
// Where the kernel sleeps 10 ms between rounds, the switch lets virtual time
// pass to the next timer. If the driver keeps a request with nothing pending
// that could end it, the kernel would wait for ever; here the switch gives up
// (false), with a log line, and the queue keeps its old scheduler.
func (q *RequestQueue) elevatorSwitch(e *ElevatorType) bool {
	eq, errno := elevatorAlloc(q, e)
	if errno != 0 {
		return false
	}
	q.Lock()
	defer q.Unlock()
	q.elvSwitching = true
	if q.Elevator != nil {
		q.elvDrain()
	}
	for q.elvpriv > 0 {
		q.blkRemovePlug()
		if q.RequestFn != nil {
			q.runRequestFn()
		}
		if q.elvpriv == 0 {
			break
		}
		left := q.elvpriv
		q.Unlock()
		progressed := q.k.runNextTimer()
		q.Lock()
		q.elvDrain()
		if !progressed && q.elvpriv >= left {
			q.k.Printk(KERN_ERR+"INFO: elevator switch on %s: the driver kept %d requests and nothing is pending\n", q.name(), q.elvpriv)
			q.elvSwitching = false
			ElevatorExit(eq)
			return false
		}
	}
	old := q.Elevator
	q.elevatorAttach(eq)
	// The old scheduler is freed with the queue lock still held (the kernel
	// drops it first: its elevator_exit may sleep): its timers take the
	// queue lock and must not run half-way through its exit.
	ElevatorExit(old)
	q.elvSwitching = false
	return true
}
