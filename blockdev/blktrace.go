package blockdev

import (
	"encoding/binary"
	"strconv"
	"strings"
	"sync"
)

// The block layer's trace points, modelled on block/blktrace.c and
// include/linux/blktrace_api.h of 2.6.18, the kernel of the tutorial's box.
// A trace is set up on a block device through ioctl(BLKTRACESETUP), started
// and stopped with BLKTRACESTART and BLKTRACESTOP and removed with
// BLKTRACETEARDOWN; while it runs, every trace point the queue's I/O passes
// appends a struct blk_io_trace to the trace's relay buffer, which user
// space reads as debugfs's block/<name>/trace0 (DebugfsRead).
//
// Where 2.6.18 traces (and so where the simulated block layer does):
//
//	Q  queue        generic_make_request, after the partition remap, before make_request_fn
//	B  bounce       blk_queue_bounce, for every bio of a queue that bounces HighMem
//	                on a machine that has HighMem (2.6.18 traces before it looks at
//	                the pages, so a bio with no HighMem page shows B too)
//	M  back merge   __make_request
//	F  front merge  __make_request
//	G  get request  get_request
//	S  sleep        get_request_wait, when no request is free
//	P  plug         blk_plug_device
//	I  insert       elv_insert
//	D  issue        elv_next_request, the first time the driver sees the request
//	C  complete     __end_that_request_first: at every end_request, with the
//	                sectors the request still has (hard_sector, hard_nr_sectors)
//	                and rq->errors, which only SCSI sets: always [0] here
//	U  unplug (io)  blk_backing_dev_unplug (a task waiting for its I/O kicks the
//	                queue) and blk_unplug_work (kblockd after the timer), with the
//	                number of requests allocated
//	UT unplug timer blk_unplug_timeout
//
// A make_request driver (chapter 3 on) has no __make_request, no elevator
// and no end_that_request: only Q remains, as 2.6.18's bio_endio traces
// nothing. 2.6.18 has no remap event for partitions (blk_partition_remap
// traces nothing; A is for stacking drivers such as dm) and split (X) is
// raid's bio_split: neither occurs here.
//
// The time stamp is sched_clock(), which on the simulated box has the
// jiffy's resolution (4 ms), as i386's has without a usable TSC: all
// events of one jiffy carry the same time. There is one CPU, 0.

// Trace categories (enum blktrace_cat).
const (
	BLK_TC_READ     = 1 << 0
	BLK_TC_WRITE    = 1 << 1
	BLK_TC_BARRIER  = 1 << 2
	BLK_TC_SYNC     = 1 << 3
	BLK_TC_QUEUE    = 1 << 4
	BLK_TC_REQUEUE  = 1 << 5
	BLK_TC_ISSUE    = 1 << 6
	BLK_TC_COMPLETE = 1 << 7
	BLK_TC_FS       = 1 << 8
	BLK_TC_PC       = 1 << 9
	BLK_TC_NOTIFY   = 1 << 10
	BLK_TC_AHEAD    = 1 << 11

	BLK_TC_SHIFT = 16
)

// BLK_TC_ACT models BLK_TC_ACT(): a category in the action's upper half.
func BLK_TC_ACT(act uint32) uint32 { return act << BLK_TC_SHIFT }

// Trace actions (enum blktrace_act and the BLK_TA_* it makes).
const (
	BLK_TA_QUEUE        = 1 | BLK_TC_QUEUE<<BLK_TC_SHIFT
	BLK_TA_BACKMERGE    = 2 | BLK_TC_QUEUE<<BLK_TC_SHIFT
	BLK_TA_FRONTMERGE   = 3 | BLK_TC_QUEUE<<BLK_TC_SHIFT
	BLK_TA_GETRQ        = 4 | BLK_TC_QUEUE<<BLK_TC_SHIFT
	BLK_TA_SLEEPRQ      = 5 | BLK_TC_QUEUE<<BLK_TC_SHIFT
	BLK_TA_REQUEUE      = 6 | BLK_TC_REQUEUE<<BLK_TC_SHIFT
	BLK_TA_ISSUE        = 7 | BLK_TC_ISSUE<<BLK_TC_SHIFT
	BLK_TA_COMPLETE     = 8 | BLK_TC_COMPLETE<<BLK_TC_SHIFT
	BLK_TA_PLUG         = 9 | BLK_TC_QUEUE<<BLK_TC_SHIFT
	BLK_TA_UNPLUG_IO    = 10 | BLK_TC_QUEUE<<BLK_TC_SHIFT
	BLK_TA_UNPLUG_TIMER = 11 | BLK_TC_QUEUE<<BLK_TC_SHIFT
	BLK_TA_INSERT       = 12 | BLK_TC_QUEUE<<BLK_TC_SHIFT
	BLK_TA_SPLIT        = 13
	BLK_TA_BOUNCE       = 14
	BLK_TA_REMAP        = 15 | BLK_TC_QUEUE<<BLK_TC_SHIFT
)

// BLK_IO_TRACE_MAGIC and BLK_IO_TRACE_VERSION head every record: magic |
// version, version 7 in 2.6.18.
const (
	BLK_IO_TRACE_MAGIC   = 0x65617400
	BLK_IO_TRACE_VERSION = 0x07
)

// BlkIoTraceSize is sizeof(struct blk_io_trace): 48 bytes, then pdu_len
// bytes of payload.
const BlkIoTraceSize = 48

// BlkIoTrace models struct blk_io_trace. Marshal gives its bytes as the
// i386 box writes them (little-endian), which blkparse reads.
type BlkIoTrace struct {
	Magic    uint32
	Sequence uint32
	Time     uint64 // ns
	Sector   uint64
	Bytes    uint32
	Action   uint32
	Pid      uint32
	Device   uint32 // the kernel's dev_t: major << 20 | minor
	CPU      uint32
	Error    uint16
	PduLen   uint16
}

// Marshal appends t's 48 bytes to b.
func (t *BlkIoTrace) Marshal(b []byte) []byte {
	le := binary.LittleEndian
	b = le.AppendUint32(b, t.Magic)
	b = le.AppendUint32(b, t.Sequence)
	b = le.AppendUint64(b, t.Time)
	b = le.AppendUint64(b, t.Sector)
	b = le.AppendUint32(b, t.Bytes)
	b = le.AppendUint32(b, t.Action)
	b = le.AppendUint32(b, t.Pid)
	b = le.AppendUint32(b, t.Device)
	b = le.AppendUint32(b, t.CPU)
	b = le.AppendUint16(b, t.Error)
	return le.AppendUint16(b, t.PduLen)
}

// UnmarshalBlkIoTrace reads a record's 48 bytes in the byte order order.
func UnmarshalBlkIoTrace(b []byte, order binary.ByteOrder) BlkIoTrace {
	return BlkIoTrace{
		Magic: order.Uint32(b[0:]), Sequence: order.Uint32(b[4:]), Time: order.Uint64(b[8:]),
		Sector: order.Uint64(b[16:]), Bytes: order.Uint32(b[24:]), Action: order.Uint32(b[28:]),
		Pid: order.Uint32(b[32:]), Device: order.Uint32(b[36:]), CPU: order.Uint32(b[40:]),
		Error: order.Uint16(b[44:]), PduLen: order.Uint16(b[46:]),
	}
}

// The trace's states (Blktrace_setup, Blktrace_running, Blktrace_stopped).
const (
	blktraceSetup = iota + 1
	blktraceRunning
	blktraceStopped
)

// taskCommLen is TASK_COMM_LEN: the notify record's payload is the comm
// field, 16 bytes.
const taskCommLen = 16

// blkTrace models struct blk_trace with its relay channel: the records not
// yet read, at most bufSize*bufNr bytes of them; what does not fit is
// dropped and counted, as relay_reserve fails on a full buffer and
// blk_subbuf_start_callback counts it. (Relay's sub-buffers are not
// modelled: a record never straddles one, so the kernel may drop a little
// sooner.) mu is a leaf lock, taken under the queue lock by the trace
// points.
type blkTrace struct {
	mu       sync.Mutex
	state    int
	actMask  uint16
	startLBA uint64
	endLBA   uint64
	pid      uint32
	dev      DevT
	name     string
	sequence uint32
	// noted is whose pid → comm record the trace holds since it last
	// started (the kernel keeps tsk->btrace_seq against a global
	// blktrace_seq that every start bumps).
	noted   map[int]bool
	buf     []byte
	limit   int
	dropped uint32
	k       *Kernel
}

// blkTraceRW is the rw of a request as blk_add_trace_rq reads it
// (rq->flags & 3): the direction, and REQ_FAILFAST in the place of bio's
// read-ahead bit, which the trace shows as A.
func blkTraceRW(rq *Request) uint64 { return uint64(rq.CmdFlags & 3) }

// add models __blk_add_trace(): the action gets the direction and the
// bio's barrier, sync and read-ahead bits; the mask, the sector range and
// the pid filter are checked; a task not yet named in this trace gets its
// notify record (trace_note_tsk) first.
func (bt *blkTrace) add(task *Task, sector uint64, bytes uint32, rw uint64, what uint32, errno uint16, pdu []byte) {
	if task == nil {
		task = TaskSwapper
	}
	bt.mu.Lock()
	defer bt.mu.Unlock()
	if bt.state != blktraceRunning {
		return
	}
	if rw&WRITE != 0 {
		what |= BLK_TC_ACT(BLK_TC_WRITE)
	} else {
		what |= BLK_TC_ACT(BLK_TC_READ)
	}
	if rw&(1<<BIO_RW_BARRIER) != 0 {
		what |= BLK_TC_ACT(BLK_TC_BARRIER)
	}
	if rw&(1<<BIO_RW_SYNC) != 0 {
		what |= BLK_TC_ACT(BLK_TC_SYNC)
	}
	if rw&(1<<BIO_RW_AHEAD) != 0 {
		what |= BLK_TC_ACT(BLK_TC_AHEAD)
	}
	if uint32(bt.actMask)<<BLK_TC_SHIFT&what == 0 || sector < bt.startLBA || sector > bt.endLBA {
		return
	}
	if bt.pid != 0 && uint32(task.Pid) != bt.pid {
		return
	}
	now := bt.k.Jiffies() * (1_000_000_000 / HZ)
	if !bt.noted[task.Pid] {
		comm := make([]byte, taskCommLen)
		copy(comm[:taskCommLen-1], task.Comm)
		n := BlkIoTrace{Magic: BLK_IO_TRACE_MAGIC | BLK_IO_TRACE_VERSION, Time: now, Action: BLK_TC_ACT(BLK_TC_NOTIFY),
			Pid: uint32(task.Pid), Device: uint32(bt.dev), PduLen: taskCommLen}
		if bt.reserve(BlkIoTraceSize + taskCommLen) {
			bt.buf = append(n.Marshal(bt.buf), comm...)
			bt.noted[task.Pid] = true
		}
	}
	if !bt.reserve(BlkIoTraceSize + len(pdu)) {
		return
	}
	bt.sequence++
	t := BlkIoTrace{Magic: BLK_IO_TRACE_MAGIC | BLK_IO_TRACE_VERSION, Sequence: bt.sequence, Time: now,
		Sector: sector, Bytes: bytes, Action: what, Pid: uint32(task.Pid), Device: uint32(bt.dev),
		Error: errno, PduLen: uint16(len(pdu))}
	bt.buf = append(t.Marshal(bt.buf), pdu...)
}

// reserve models relay_reserve(): room for n more bytes, or a drop.
func (bt *blkTrace) reserve(n int) bool {
	if len(bt.buf)+n > bt.limit {
		bt.dropped++
		return false
	}
	return true
}

// trace returns q's running trace, or nil (q->blk_trace).
func (q *RequestQueue) trace() *blkTrace { return q.blkTrace.Load() }

// blkAddTraceRq models blk_add_trace_rq(): a request's remaining sectors,
// as the task on the queue (who runs the driver) does it.
func (q *RequestQueue) blkAddTraceRq(rq *Request, what uint32) {
	if bt := q.trace(); bt != nil {
		bt.add(q.current, rq.HardSector, rq.HardNrSectors<<9, blkTraceRW(rq), what|BLK_TC_ACT(BLK_TC_FS), 0, nil)
	}
}

// blkAddTraceBio models blk_add_trace_bio(): the bio's sector and size,
// and as error whether it is no longer up to date.
func (q *RequestQueue) blkAddTraceBio(bio *Bio, what uint32) {
	if bt := q.trace(); bt != nil {
		var e uint16
		if bio.BiFlags&(1<<BIO_UPTODATE) == 0 {
			e = 1
		}
		bt.add(bio.tracer(), bio.BiSector, bio.BiSize, bio.BiRw, what, e, nil)
	}
}

// blkAddTraceGeneric models blk_add_trace_generic() without a bio (plug).
func (q *RequestQueue) blkAddTraceGeneric(what uint32) {
	if bt := q.trace(); bt != nil {
		bt.add(q.current, 0, 0, 0, what, 0, nil)
	}
}

// blkAddTraceUnplug models blk_add_trace_pdu_int(q, what, NULL, depth) for
// the unplugs: the payload is the requests allocated in both directions, a
// big-endian 64-bit number, as task.
func (q *RequestQueue) blkAddTraceUnplug(task *Task, what uint32) {
	if bt := q.trace(); bt != nil {
		pdu := binary.BigEndian.AppendUint64(nil, uint64(q.rqCount[READ]+q.rqCount[WRITE]))
		bt.add(task, 0, 0, 0, what, 0, pdu)
	}
}

// The block layer's trace ioctls (include/linux/fs.h, i386 values):
// BLKTRACESETUP is _IOWR(0x12, 115, struct blk_user_trace_setup), 64 bytes
// on i386.
const (
	BLKTRACESETUP    uint = 0xc0401273
	BLKTRACESTART    uint = 0x1274
	BLKTRACESTOP     uint = 0x1275
	BLKTRACETEARDOWN uint = 0x1276
)

// BlkUserTraceSetup models struct blk_user_trace_setup, BLKTRACESETUP's
// argument: Name is filled in by the kernel (the device's name, / made _),
// the rest is the caller's. An ActMask of 0 traces everything, an EndLBA of
// 0 means the end of the device.
type BlkUserTraceSetup struct {
	Name     string
	ActMask  uint16
	BufSize  uint32
	BufNr    uint32
	StartLBA uint64
	EndLBA   uint64
	Pid      uint32
}

// blkTraceIoctl models blk_trace_ioctl() (block/blktrace.c, 2.6.18). The
// kernel serializes it with the device's bd_mutex; here k.blktraceMu does,
// so that a trace stopped from a timer (blktrace's -w alarm) never waits
// for an open or a partition rescan.
func blkTraceIoctl(b *BlockDevice, cmd uint, arg any) Errno {
	disk := b.BdDisk
	q := disk.Queue
	if q == nil {
		return -ENXIO
	}
	k := disk.k
	k.blktraceMu.Lock()
	defer k.blktraceMu.Unlock()
	switch cmd {
	case BLKTRACESETUP:
		buts, ok := arg.(*BlkUserTraceSetup)
		if !ok || buts == nil {
			return -EFAULT
		}
		return blkTraceSetup(q, b, buts)
	case BLKTRACESTART:
		return blkTraceStartstop(q, true)
	case BLKTRACESTOP:
		return blkTraceStartstop(q, false)
	case BLKTRACETEARDOWN:
		return blkTraceRemove(q)
	}
	return -ENOTTY
}

// blkTraceSetup models blk_trace_setup(): it fails with -EINVAL for an
// empty buffer, -ENOENT when debugfs already has a directory of that name
// (block/<name>: a second trace of the same device, or one whose teardown
// came while it ran), and -EBUSY when the queue already has a trace (the
// disk and one of its partitions share the queue).
func blkTraceSetup(q *RequestQueue, b *BlockDevice, buts *BlkUserTraceSetup) Errno {
	if buts.BufSize == 0 || buts.BufNr == 0 {
		return -EINVAL
	}
	name := strings.ReplaceAll(b.Name(), "/", "_")
	buts.Name = name
	k := q.k
	if k.debugfsBlock[name] != nil {
		return -ENOENT
	}
	bt := &blkTrace{k: k, dev: b.BdDev, name: name, actMask: buts.ActMask, startLBA: buts.StartLBA,
		endLBA: buts.EndLBA, pid: buts.Pid, state: blktraceSetup, noted: map[int]bool{},
		limit: int(min(uint64(buts.BufSize)*uint64(buts.BufNr), 1<<30))}
	if bt.actMask == 0 {
		bt.actMask = ^uint16(0)
	}
	if bt.endLBA == 0 {
		bt.endLBA = ^uint64(0)
	}
	if !q.blkTrace.CompareAndSwap(nil, bt) {
		return -EBUSY
	}
	if k.debugfsBlock == nil {
		k.debugfsBlock = map[string]*blkTrace{}
	}
	k.debugfsBlock[name] = bt
	return 0
}

// blkTraceStartstop models blk_trace_startstop(): start from set up or
// stopped, stop from running; anything else is -EINVAL. A start names
// every task again in the trace.
func blkTraceStartstop(q *RequestQueue, start bool) Errno {
	bt := q.trace()
	if bt == nil {
		return -EINVAL
	}
	bt.mu.Lock()
	defer bt.mu.Unlock()
	switch {
	case start && (bt.state == blktraceSetup || bt.state == blktraceStopped):
		bt.state = blktraceRunning
		bt.noted = map[int]bool{}
	case !start && bt.state == blktraceRunning:
		bt.state = blktraceStopped
	default:
		return -EINVAL
	}
	return 0
}

// blkTraceRemove models blk_trace_remove(): the queue forgets its trace;
// its debugfs files go too unless it was still running, which 2.6.18
// leaves behind (and the name then cannot be traced again).
func blkTraceRemove(q *RequestQueue) Errno {
	bt := q.blkTrace.Swap(nil)
	if bt == nil {
		return -EINVAL
	}
	bt.mu.Lock()
	running := bt.state == blktraceRunning
	bt.mu.Unlock()
	if !running {
		delete(q.k.debugfsBlock, bt.name)
	}
	return 0
}

// blkTraceShutdown models blk_trace_shutdown(), which blk_cleanup_queue's
// release of the queue calls: stop and remove a trace still there.
func blkTraceShutdown(q *RequestQueue) {
	if q.trace() == nil {
		return
	}
	q.k.blktraceMu.Lock()
	defer q.k.blktraceMu.Unlock()
	blkTraceStartstop(q, false)
	blkTraceRemove(q)
}

// debugfsRead models a read of debugfs's block/<name>/trace0 (relay's
// read: the records not yet read, which it consumes) or block/<name>/dropped
// (blk_dropped_read: the count of dropped records and a newline, from off).
func (k *Kernel) debugfsRead(path string, p []byte, off int64) (int, Errno) {
	rest, ok := strings.CutPrefix(path, "block/")
	if !ok {
		return 0, -ENOENT
	}
	name, file, ok := strings.Cut(rest, "/")
	if !ok {
		return 0, -ENOENT
	}
	k.blktraceMu.Lock()
	bt := k.debugfsBlock[name]
	k.blktraceMu.Unlock()
	if bt == nil {
		return 0, -ENOENT
	}
	bt.mu.Lock()
	defer bt.mu.Unlock()
	switch file {
	case "trace0":
		n := copy(p, bt.buf)
		bt.buf = bt.buf[:copy(bt.buf, bt.buf[n:])]
		return n, 0
	case "dropped":
		s := []byte(strconv.FormatUint(uint64(bt.dropped), 10) + "\n")
		if off >= int64(len(s)) {
			return 0, 0
		}
		return copy(p, s[off:]), 0
	}
	return 0, -ENOENT
}

// debugfsPoll models poll() on debugfs's block/<name>/trace0: whether it
// has records to read.
func (k *Kernel) debugfsPoll(name string) bool {
	k.blktraceMu.Lock()
	bt := k.debugfsBlock[name]
	k.blktraceMu.Unlock()
	if bt == nil {
		return false
	}
	bt.mu.Lock()
	defer bt.mu.Unlock()
	return len(bt.buf) > 0
}
