package blockdev

// The request flags (enum rq_flag_bits, include/linux/blkdev.h, 2.6.27) that
// the simulated block layer uses. Bit 0 is the direction, as in C.
const (
	REQ_RW          = 1 << 0 // not set: read; set: write
	REQ_FAILFAST    = 1 << 1
	REQ_SORTED      = 1 << 2 // the elevator knows about it
	REQ_SOFTBARRIER = 1 << 3
	REQ_HARDBARRIER = 1 << 4
	REQ_NOMERGE     = 1 << 6
	REQ_STARTED     = 1 << 7 // the driver has seen it: never merge again
	REQ_ELVPRIV     = 1 << 11
	REQ_RW_SYNC     = 1 << 15
)

// Request models struct request (include/linux/blkdev.h): bios for adjacent
// sectors merged into one transfer, as a request_fn driver sees it.
//
// Sector, CurrentNrSectors and Buffer describe the segment the driver must
// transfer now; end_request moves them on to the next segment.
type Request struct {
	Q        *RequestQueue
	CmdFlags uint32

	Sector           uint64 // next sector to submit
	NrSectors        uint32 // sectors left to submit
	CurrentNrSectors uint32 // sectors left in the current segment

	HardSector     uint64 // next sector to complete
	HardNrSectors  uint32 // sectors left to complete
	HardCurSectors uint32 // sectors left to complete in the current segment

	Bio     *Bio
	Biotail *Bio

	// Buffer is the current segment's bytes (req->buffer: page_address of
	// the current bio_vec's page plus its offset). It is always lowmem:
	// __make_request bounced any HighMem page first.
	Buffer []byte

	NrPhysSegments int
	StartTime      uint64 // jiffies when the request was made
	RqDisk         *Gendisk

	// ElevatorPrivate is the I/O scheduler's per-request data
	// (elevator_private[], the fifo time and the sort key live here too).
	ElevatorPrivate any
	// FifoTime is when the request expires in a scheduler's FIFO
	// (rq_fifo_time()); it is the scheduler's to set.
	FifoTime uint64

	task    *Task
	onQueue bool // on the dispatch queue (q->queue_head)
	inHash  bool // in the back-merge hash
	hashKey uint64
	ioprio  int
}

// RqDataDir models rq_data_dir(): READ or WRITE.
func RqDataDir(rq *Request) int { return int(rq.CmdFlags & REQ_RW) }

// RqIsSync models rq_is_sync(): reads and sync writes.
func RqIsSync(rq *Request) bool { return RqDataDir(rq) == READ || rq.CmdFlags&REQ_RW_SYNC != 0 }

// RqEndSector models rq_end_sector(): the sector after the request.
func RqEndSector(rq *Request) uint64 { return rq.Sector + uint64(rq.NrSectors) }

// RqMergeable models rq_mergeable(): a request nothing forbids merging with.
func RqMergeable(rq *Request) bool {
	return rq.CmdFlags&(REQ_NOMERGE|REQ_STARTED|REQ_SOFTBARRIER|REQ_HARDBARRIER) == 0
}

// Task returns the process the request was made for (for cfq and anticipatory).
func (rq *Request) Task() *Task { return rq.task }
