package iosched

import (
	"fmt"
	"testing"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/mm"
	_ "simpblkdev/internal/golden" // accepts go test ./... -update
)

// The I/O scheduler tests drive a small RAM disk through the whole request
// path (submit_bio, __make_request, the scheduler, elv_next_request,
// end_request) and look at the order in which its request function first
// sees requests.

// ioschedRec is one request as the driver first saw it.
type ioschedRec struct {
	Sector  uint64
	Sectors uint32 // the whole request: several bios when merged
	Dir     string // "R" or "W"
	Pid     int
	At      uint64 // jiffies since the disk was set up
}

// ioschedIO is one bio of a workload: Pages pages (8 sectors each, one
// segment each) at Sector, submitted by Pid.
type ioschedIO struct {
	Pid    int
	Write  bool
	Sector uint64
	Pages  int
	Sync   bool // BIO_RW_SYNC: unplug at once; a sync write is sync for as and cfq
}

func (io ioschedIO) String() string {
	d := "R"
	if io.Write {
		d = "W"
	}
	return fmt.Sprintf("%s%d@%d", d, io.Pid, io.Sector)
}

// ioschedBio is a submitted bio and how it ended.
type ioschedBio struct {
	io    ioschedIO
	bio   *blockdev.Bio
	pages []*mm.Page
	ended int
	err   blockdev.Errno
}

// ioschedDisk is the test driver: a request-based RAM disk.
//
//   - allow < 0: the device takes every request it is given; allow >= 0:
//     it takes only that many more new requests and otherwise stays busy
//     (its request function returns without asking for one), which holds
//     requests in the scheduler while a test queues them.
//   - latency 0: a request is transferred and ended segment by segment at
//     once, inside the request function; latency n: the device works on one
//     request at a time and ends it n jiffies later from a timer (its
//     interrupt), which then runs the request function again.
type ioschedDisk struct {
	t     *testing.T
	k     *blockdev.Kernel
	q     *blockdev.RequestQueue
	disk  *blockdev.Gendisk
	bdev  *blockdev.BlockDevice
	store map[uint64][]byte // sector -> 512 bytes written

	log     []ioschedRec
	cur     *blockdev.Request // the request being worked on
	allow   int
	latency uint64
	timer   *blockdev.TimerList
	t0      uint64
	tasks   map[int]*blockdev.Task
	bios    []*ioschedBio
}

const ioschedMajor = 72

// newIoschedDisk boots a kernel and sets up the disk with the elevator
// named (through queue/scheduler, as a user would switch it).
func newIoschedDisk(t *testing.T, elevator string) *ioschedDisk {
	t.Helper()
	k, err := blockdev.Boot(blockdev.Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	d := &ioschedDisk{t: t, k: k, store: map[uint64][]byte{}, allow: -1, tasks: map[int]*blockdev.Task{}}
	q := k.BlkInitQueue(d.requestFn, nil)
	if q == nil {
		t.Fatal("blk_init_queue failed")
	}
	d.q = q
	disk := k.AllocDisk(1)
	if disk == nil {
		t.Fatal("alloc_disk failed")
	}
	disk.Major = ioschedMajor
	disk.DiskName = "iosched"
	disk.Fops = &blockdev.BlockDeviceOperations{}
	disk.Queue = q
	blockdev.SetCapacity(disk, 1<<20)
	blockdev.AddDisk(disk)
	d.disk = disk
	if errno := blockdev.ElvIoschedStore(q, elevator); errno != 0 {
		t.Fatalf("switching to %s: %v", elevator, errno)
	}
	bdev, err := k.OpenDev(blockdev.MKDEV(ioschedMajor, 0))
	if err != nil {
		t.Fatal(err)
	}
	d.bdev = bdev
	d.timer = k.NewTimer(d.interrupt)
	d.t0 = k.Jiffies()
	t.Cleanup(func() {
		bdev.Close()
		blockdev.DelGendisk(disk)
		blockdev.PutDisk(disk)
		blockdev.BlkCleanupQueue(q)
	})
	return d
}

// requestFn is the driver's request function (called with the queue lock
// held): take requests while the device may, record each the first time it
// is seen, and transfer it.
func (d *ioschedDisk) requestFn(q *blockdev.RequestQueue) {
	for i := 0; i < 100000; i++ {
		if d.latency > 0 && d.cur != nil {
			return // busy with one request until its interrupt
		}
		if d.cur == nil && d.allow == 0 {
			return // the device is busy: leave requests in the scheduler
		}
		rq := blockdev.ElvNextRequest(q)
		if rq == nil {
			return
		}
		if rq != d.cur {
			if d.allow > 0 {
				d.allow--
			}
			d.cur = rq
			dir := "R"
			if blockdev.RqDataDir(rq) == blockdev.WRITE {
				dir = "W"
			}
			pid := 0
			if rq.Task() != nil {
				pid = rq.Task().Pid
			}
			d.log = append(d.log, ioschedRec{Sector: rq.Sector, Sectors: rq.NrSectors, Dir: dir, Pid: pid, At: d.k.Jiffies() - d.t0})
		}
		if d.latency > 0 {
			blockdev.ModTimer(d.timer, d.k.Jiffies()+d.latency)
			return
		}
		d.endSegment(rq)
	}
	d.t.Errorf("request function looped")
}

// endSegment transfers the current segment of rq and ends it.
func (d *ioschedDisk) endSegment(rq *blockdev.Request) {
	n := int(rq.CurrentNrSectors)
	if len(rq.Buffer) < n*512 {
		d.t.Errorf("request at %d: buffer of %d bytes for %d sectors", rq.Sector, len(rq.Buffer), n)
		n = len(rq.Buffer) / 512
	}
	for i := 0; i < n; i++ {
		s := rq.Sector + uint64(i)
		b := rq.Buffer[i*512 : (i+1)*512]
		if blockdev.RqDataDir(rq) == blockdev.WRITE {
			d.store[s] = append([]byte(nil), b...)
		} else if v, ok := d.store[s]; ok {
			copy(b, v)
		} else {
			clear(b)
		}
	}
	blockdev.EndRequest(rq, 1)
	if rq.Bio == nil {
		d.cur = nil
	}
}

// interrupt ends the request the device worked on (latency mode) and runs
// the request function for the next one.
func (d *ioschedDisk) interrupt() {
	d.q.Lock()
	defer d.q.Unlock()
	rq := d.cur
	if rq == nil {
		return
	}
	for i := 0; i < 1024 && d.cur == rq; i++ {
		d.endSegment(rq)
	}
	d.cur = nil
	d.requestFn(d.q)
}

// task returns the simulated process pid.
func (d *ioschedDisk) task(pid int) *blockdev.Task {
	if d.tasks[pid] == nil {
		d.tasks[pid] = &blockdev.Task{Pid: pid, Comm: fmt.Sprintf("proc%d", pid)}
	}
	return d.tasks[pid]
}

// ioschedPattern is the byte a write of pid puts at offset i of sector s.
func ioschedPattern(pid int, s uint64, i int) byte { return byte(int(s)*13 + i*7 + pid) }

// submit builds io's bio and submits it (submit_bio) for its process.
func (d *ioschedDisk) submit(io ioschedIO) *ioschedBio {
	d.t.Helper()
	pages := io.Pages
	if pages == 0 {
		pages = 1
	}
	b := &ioschedBio{io: io}
	bio := blockdev.BioAlloc(pages)
	for p := 0; p < pages; p++ {
		pg := d.k.Mem.AllocPages(mm.GFP_KERNEL, 0)
		if pg == nil {
			d.t.Fatal("out of pages")
		}
		buf := make([]byte, mm.PAGE_SIZE)
		if io.Write {
			for i := range buf {
				s := io.Sector + uint64(p*8+i/512)
				buf[i] = ioschedPattern(io.Pid, s, i%512)
			}
		}
		d.k.Mem.WritePage(pg, 0, buf)
		blockdev.BioAddPage(bio, pg, mm.PAGE_SIZE, 0)
		b.pages = append(b.pages, pg)
	}
	bio.BiSector = io.Sector
	bio.BiBdev = d.bdev
	bio.BiEndIo = func(_ *blockdev.Bio, err blockdev.Errno) {
		b.ended++
		if err != 0 && b.err == 0 {
			b.err = err
		}
	}
	b.bio = bio
	d.bios = append(d.bios, b)
	rw := uint64(blockdev.READ)
	if io.Write {
		rw = blockdev.WRITE
	}
	if io.Sync {
		rw |= 1 << blockdev.BIO_RW_SYNC
	}
	d.k.SubmitBio(d.task(io.Pid), rw, bio)
	return b
}

// submitAll submits a workload in order.
func (d *ioschedDisk) submitAll(ios []ioschedIO) {
	d.t.Helper()
	for _, io := range ios {
		d.submit(io)
	}
}

// hold makes the device busy: requests stay in the scheduler.
func (d *ioschedDisk) hold() {
	d.q.Lock()
	d.allow = 0
	d.q.Unlock()
}

// release lets the device take n more requests (n < 0: all) and runs the
// queue (blk_run_queue, as a driver's interrupt would).
func (d *ioschedDisk) release(n int) {
	d.q.Lock()
	d.allow = n
	d.q.Unlock()
	blockdev.BlkRunQueue(d.q)
}

// checkAllEnded fails the test unless every bio submitted ended exactly
// once without error.
func (d *ioschedDisk) checkAllEnded() {
	d.t.Helper()
	for _, b := range d.bios {
		if b.ended != 1 || b.err != 0 {
			d.t.Errorf("bio %v: ended %d times, err %v", b.io, b.ended, b.err)
		}
	}
}

// checkData compares what every read bio got, and what the disk holds
// under every write, with the pattern the writes put there (the last write
// submitted to a sector wins; reads of sectors never written see zeros).
func (d *ioschedDisk) checkData() {
	d.t.Helper()
	writer := map[uint64]int{} // sector -> pid of the last write
	for _, b := range d.bios {
		if b.io.Write {
			for s := b.io.Sector; s < b.io.Sector+uint64(8*max(b.io.Pages, 1)); s++ {
				writer[s] = b.io.Pid
			}
		}
	}
	buf := make([]byte, mm.PAGE_SIZE)
	for _, b := range d.bios {
		for p, pg := range b.pages {
			d.k.Mem.ReadPage(pg, 0, buf)
		sectors:
			for j := 0; j < 8; j++ {
				s := b.io.Sector + uint64(p*8+j)
				pid, written := writer[s]
				for i := 0; i < 512; i++ {
					var want byte
					if written {
						want = ioschedPattern(pid, s, i)
					}
					if got := buf[j*512+i]; got != want {
						d.t.Errorf("%v: sector %d byte %d is %#x, want %#x", b.io, s, i, got, want)
						break sectors
					}
					if b.io.Write {
						if got := d.store[s]; got == nil || got[i] != want {
							d.t.Errorf("%v: disk sector %d does not hold the data written", b.io, s)
							break sectors
						}
					}
				}
			}
		}
	}
}

// ioschedAttr finds the iosched file name of the queue's scheduler.
func ioschedAttr(t *testing.T, q *blockdev.RequestQueue, name string) blockdev.ElvAttr {
	t.Helper()
	q.Lock()
	defer q.Unlock()
	for _, a := range q.Elevator.Ops.Attrs() {
		if a.Name == name {
			return a
		}
	}
	t.Fatalf("%s has no iosched/%s", q.Elevator.Type.Name, name)
	return blockdev.ElvAttr{}
}

// storeAttr writes value to iosched/name (with the queue lock held, so no
// scheduler work runs meanwhile).
func (d *ioschedDisk) storeAttr(name, value string) {
	d.t.Helper()
	a := ioschedAttr(d.t, d.q, name)
	d.q.Lock()
	err := a.Store(value)
	d.q.Unlock()
	if err != nil {
		d.t.Fatalf("iosched/%s <- %q: %v", name, value, err)
	}
}

// elevatorName is the scheduler the queue uses now, read under the queue
// lock as RequestQueue.Elevator's rule asks.
func (d *ioschedDisk) elevatorName() string {
	d.q.Lock()
	defer d.q.Unlock()
	return d.q.Elevator.Type.Name
}
