package blockdev

import (
	"sync"
	"sync/atomic"

	"simpblkdev/blockdev/fault"
	"simpblkdev/blockdev/mm"
)

// RequestFn models request_fn_proc: the driver's strategy routine for a
// request-based queue, called with the queue lock held.
type RequestFn func(q *RequestQueue)

// MakeRequestFn models make_request_fn: the function generic_make_request
// hands each bio to. It must return 0; any other value makes
// generic_make_request resubmit the bio.
type MakeRequestFn func(q *RequestQueue, bio *Bio) int

// Queue limits and defaults (include/linux/blkdev.h, block/blk-settings.c).
const (
	BLKDEV_MAX_RQ     = 128 // nr_requests
	SAFE_MAX_SECTORS  = 255 // max_sectors: max_sectors_kb reads 127
	MAX_PHYS_SEGMENTS = 128
	MAX_HW_SEGMENTS   = 128
	unplugThresh      = 4 // q->unplug_thresh
)

// RequestQueue models struct request_queue (include/linux/blkdev.h).
type RequestQueue struct {
	k *Kernel

	queueLock  *sync.Mutex // queue_lock: the driver's or our own
	queueLockI sync.Mutex  // __queue_lock

	RequestFn     RequestFn
	MakeRequestFn MakeRequestFn
	// Elevator is the scheduler instance (q->elevator). It changes only
	// with the queue lock held (elevatorSwitch, as 2.6.27's
	// elevator_switch swaps q->elevator under the queue lock with the queue
	// drained; BlkCleanupQueue), or before anyone else can reach the queue
	// (blk_init_queue; a driver's init before add_disk, where chapter 2
	// calls elevator_init). Readers hold the queue lock: the request path
	// does, and sysfs takes it for queue/scheduler and queue/iosched/
	// (2.6.27's elv_iosched_show holds q->sysfs_lock, which
	// elv_iosched_store holds too; here readers take the queue lock, under
	// which the pointer changes, and sysfsLock serializes only the writers).
	Elevator  *ElevatorQueue
	QueueData any // queuedata: the driver's

	queueHead []*Request // the dispatch queue, head first
	lastMerge *Request
	elvHash   map[uint64][]*Request
	endSector uint64
	nrSorted  int
	inFlight  int

	// get_request accounting (struct request_list): requests allocated
	// per direction, and how many of them carry the scheduler's private
	// data (rl->elvpriv), which a scheduler switch waits to see reach 0.
	rqCount [2]int
	elvpriv int
	// elvSwitching is QUEUE_FLAG_ELVSWITCH: a scheduler switch is under way
	// and new requests bypass the scheduler.
	elvSwitching bool
	// sysfsLock models q->sysfs_lock: it serializes scheduler switches,
	// which drop the queue lock while they wait, with each other and with
	// BlkCleanupQueue.
	sysfsLock sync.Mutex

	NrRequests      int
	MaxSectors      uint32
	MaxHwSectors    uint32
	MaxPhysSegments int
	bounceHigh      bool // BLK_BOUNCE_HIGH: bounce HighMem pages

	backingDevInfo backingDevInfo // read-ahead window (see readahead.go)

	plugged     bool
	unplugTimer *TimerList
	unplugWork  *TimerList
	unplugDelay uint64

	dead       bool
	registered bool // queue/ in sysfs (blk_register_queue)
	released   bool // blk_release_queue ran: the queue is back in its slab cache

	// blkTrace is q->blk_trace, the running block trace (blktrace.go),
	// swapped in and out by the trace ioctls.
	blkTrace atomic.Pointer[blkTrace]
	// current is the task running on behalf of the queue while the queue
	// lock is held (the submitter, a waiter kicking the queue, kblockd):
	// who the trace names for the requests' events.
	current *Task
	// oopsed: the driver oopsed in its request or make_request function
	// (oops.go); oopsedLogged: a bio has been refused for it and said so.
	oopsed, oopsedLogged bool
}

// Lock takes the queue lock (spin_lock_irq(q->queue_lock)).
func (q *RequestQueue) Lock() { q.queueLock.Lock() }

// Unlock releases the queue lock.
func (q *RequestQueue) Unlock() { q.queueLock.Unlock() }

// Kernel returns the kernel the queue belongs to.
func (q *RequestQueue) Kernel() *Kernel { return q.k }

// BlkAllocQueue models blk_alloc_queue(GFP_KERNEL) (block/blk-core.c): an
// empty queue for a driver that handles bios itself; it must then call
// BlkQueueMakeRequest. It returns nil when the allocation fails.
//
// The queue comes from a slab cache (kmem_cache_alloc_node), and slab memory
// is always lowmem: a gfp that asks for HighMem or DMA32 pages is the bug
// kmem_flagcheck() reports (mm/slab.c, GFP_SLAB_BUG_MASK), and nothing is
// allocated.
func (k *Kernel) BlkAllocQueue(gfp mm.GFP) *RequestQueue {
	if gfp&(mm.GFP_HIGHMEM|mm.GFP_DMA32) != 0 {
		k.Printk(KERN_ERR+"BUG: blk_alloc_queue: slab allocation with gfp %#x (__GFP_HIGHMEM or __GFP_DMA32)\n", uint32(gfp))
		return nil
	}
	if k.Fault.ShouldFail(fault.Queue) {
		return nil
	}
	q := &RequestQueue{k: k}
	k.mu.Lock()
	k.queues++
	k.mu.Unlock()
	q.queueLock = &q.queueLockI
	q.unplugTimer = k.NewTimer(q.blkUnplugTimeout)
	q.unplugWork = k.NewTimer(q.blkUnplugWork)
	q.bounceHigh = true
	return q
}

// BlkQueueMakeRequest models blk_queue_make_request() (block/blk-settings.c):
// install mfn and the default limits.
func BlkQueueMakeRequest(q *RequestQueue, mfn MakeRequestFn) {
	q.NrRequests = BLKDEV_MAX_RQ
	q.MakeRequestFn = mfn
	q.MaxSectors = SAFE_MAX_SECTORS
	q.MaxHwSectors = SAFE_MAX_SECTORS
	q.MaxPhysSegments = MAX_PHYS_SEGMENTS
	q.backingDevInfo.raPages.Store(readAheadPages) // VM_MAX_READAHEAD
	q.unplugDelay = MsecsToJiffies(3)
	q.bounceHigh = true
}

// BlkInitQueue models blk_init_queue(rfn, lock) (block/blk-core.c, 2.6.27):
// a request-based queue whose bios go through the generic __make_request,
// which merges them into requests through the I/O scheduler (the default,
// cfq) and feeds them to rfn. lock may be nil: the queue then uses a lock of
// its own. It returns nil when an allocation fails.
func (k *Kernel) BlkInitQueue(rfn RequestFn, lock *sync.Mutex) *RequestQueue {
	q := k.BlkAllocQueue(mm.GFP_KERNEL)
	if q == nil {
		return nil
	}
	if lock != nil {
		q.queueLock = lock
	}
	q.RequestFn = rfn
	BlkQueueMakeRequest(q, makeRequest)
	if ElevatorInit(q, "") == 0 {
		return q
	}
	blkPutQueue(q)
	return nil
}

// BlkCleanupQueue models blk_cleanup_queue(): the queue is dead, its
// scheduler is freed. Bios submitted afterwards fail with -EIO. A NULL
// queue is the oops it is in the kernel, which starts at once on q
// (mutex_lock(&q->sysfs_lock) in 2.6.18, blk_sync_queue(q) in 2.6.27): a
// driver's error path that reaches blk_cleanup_queue when blk_init_queue
// failed oopses.
func BlkCleanupQueue(q *RequestQueue) {
	_ = q.unplugTimer // the NULL dereference, before blkTraceShutdown's
	blkTraceShutdown(q)
	q.sysfsLock.Lock()
	q.Lock()
	q.dead = true
	e := q.Elevator
	q.Elevator = nil
	q.Unlock()
	q.sysfsLock.Unlock()
	DelTimer(q.unplugTimer)
	DelTimer(q.unplugWork)
	ElevatorExit(e)
	blkPutQueue(q)
}

// blkPutQueue models blk_put_queue(): the last reference is gone, and
// blk_release_queue gives the queue back to its slab cache
// (kmem_cache_free(requestq_cachep, q)); QueuesAllocated counts it no more.
func blkPutQueue(q *RequestQueue) {
	DelTimer(q.unplugTimer)
	DelTimer(q.unplugWork)
	k := q.k
	k.mu.Lock()
	if !q.released {
		q.released = true
		k.queues--
	}
	k.mu.Unlock()
}

// QueuesAllocated returns how many request queues blk_alloc_queue or
// blk_init_queue made that blk_cleanup_queue has not yet given back. A
// machine with no module loaded should have none: a driver whose exit or
// error path forgets blk_cleanup_queue leaks one, with its scheduler.
func (k *Kernel) QueuesAllocated() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.queues
}

// BlkQueueBounceLimit models blk_queue_bounce_limit() with the two limits
// the simulated machine knows: bounce HighMem pages (BLK_BOUNCE_HIGH, the
// default) or not (BLK_BOUNCE_ANY).
func BlkQueueBounceLimit(q *RequestQueue, bounceHigh bool) { q.bounceHigh = bounceHigh }

// BlkQueueMaxSectors models blk_queue_max_sectors().
func BlkQueueMaxSectors(q *RequestQueue, n uint32) {
	if n < 8 {
		n = 8
	}
	q.MaxSectors, q.MaxHwSectors = n, n
}
