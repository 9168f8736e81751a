package quiz

import (
	"fmt"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/mm"
)

// The quiz's recording drivers are simp_blkdev as chapters 1–3 set it up
// (disk simp_blkdev, 72:0, 16 MiB, one minor), except that they keep no
// data: what the quiz asks is what reaches the driver, and they write down
// each request or bio the moment their strategy routine first sees it. The
// chapters' own drivers have no such log, and the block core is left
// without quiz hooks: what the kernel counts is read where a user reads
// it, in /sys/block/simp_blkdev/stat.

const (
	recDiskname = "simp_blkdev"
	recBytes    = 16 * 1024 * 1024
)

// seen is one request (or, for a make_request driver, one bio) as the
// driver first saw it.
type seen struct {
	Write  bool
	Sector uint64
	Count  uint32 // sectors
	Bios   []int  // the numbers of the bios it carries, in order
	At     uint64 // jiffies since the first bio was submitted
}

func (s seen) String() string {
	dir := "R"
	if s.Write {
		dir = "W"
	}
	nums := make([]string, len(s.Bios))
	for i, n := range s.Bios {
		nums[i] = fmt.Sprint(n)
	}
	return fmt.Sprintf("%s %d+%d (bio %s, jiffy %d)", dir, s.Sector, s.Count, strings.Join(nums, ","), s.At)
}

// bioNumber is the number the quiz gave bio (BiPrivate), 0 if none.
func bioNumber(bio *blockdev.Bio) int {
	n, _ := bio.BiPrivate.(int)
	return n
}

// recorder is the log both drivers keep, and when the clock started.
type recorder struct {
	k   *blockdev.Kernel
	t0  uint64
	log []seen
}

func (r *recorder) note(write bool, sector uint64, count uint32, bios []int) {
	r.log = append(r.log, seen{Write: write, Sector: sector, Count: count, Bios: bios, At: r.k.Jiffies() - r.t0})
}

// requestRecorder is chapter 1's driver (blk_init_queue and a request
// function), or with noop chapter 2's (elevator_init(q, "noop") right
// after blk_init_queue).
type requestRecorder struct {
	*recorder
	noop bool
	q    *blockdev.RequestQueue
	disk *blockdev.Gendisk
	fops blockdev.BlockDeviceOperations
	cur  *blockdev.Request // the request being served, already noted
}

// requestModule is the request-based recording driver as a module; noop
// switches its queue to noop at init as chapter 2 does. The loaded driver
// writes its log to rec.
func requestModule(noop bool, rec *recorder) *blockdev.ModuleInfo {
	return &blockdev.ModuleInfo{
		Name:     recDiskname,
		CoreSize: 6792,
		Imports: []string{"blk_init_queue", "elevator_init", "elevator_exit", "alloc_disk", "add_disk",
			"elv_next_request", "end_request", "del_gendisk", "put_disk", "blk_cleanup_queue"},
		Symbols: []string{"t simp_blkdev_init", "t simp_blkdev_exit", "t simp_blkdev_do_request", "d __this_module"},
		New: func(k *blockdev.Kernel, this *blockdev.Module) blockdev.ModuleCode {
			rec.k = k
			d := &requestRecorder{recorder: rec, noop: noop}
			d.fops = blockdev.BlockDeviceOperations{Owner: this}
			return d
		},
	}
}

// doRequest is simp_blkdev_do_request(): the chapter's loop over
// elv_next_request, ending each segment at once, noting each request the
// first time it comes out.
func (d *requestRecorder) doRequest(q *blockdev.RequestQueue) {
	for req := blockdev.ElvNextRequest(q); req != nil; req = blockdev.ElvNextRequest(q) {
		if req != d.cur {
			d.cur = req
			var bios []int
			for b := req.Bio; b != nil; b = b.BiNext {
				bios = append(bios, bioNumber(b))
			}
			d.note(blockdev.RqDataDir(req) == blockdev.WRITE, req.Sector, req.NrSectors, bios)
		}
		blockdev.EndRequest(req, 1)
	}
}

// Init is simp_blkdev_init() of chapter 1, or 2 with noop.
func (d *requestRecorder) Init() blockdev.Errno {
	d.q = d.k.BlkInitQueue(d.doRequest, nil)
	if d.q == nil {
		return -blockdev.ENOMEM
	}
	if d.noop {
		old := d.q.Elevator
		if blockdev.IS_ERR_VALUE(blockdev.ElevatorInit(d.q, "noop")) {
			d.k.Printk(blockdev.KERN_WARNING + "Switch elevator failed, using default\n")
		} else {
			blockdev.ElevatorExit(old)
		}
	}
	d.disk = d.k.AllocDisk(1)
	if d.disk == nil {
		blockdev.BlkCleanupQueue(d.q)
		return -blockdev.ENOMEM
	}
	d.disk.DiskName = recDiskname
	d.disk.Major = blockdev.COMPAQ_SMART2_MAJOR
	d.disk.Fops = &d.fops
	d.disk.Queue = d.q
	blockdev.SetCapacity(d.disk, recBytes>>9)
	blockdev.AddDisk(d.disk)
	return 0
}

// Exit is simp_blkdev_exit().
func (d *requestRecorder) Exit() {
	blockdev.DelGendisk(d.disk)
	blockdev.PutDisk(d.disk)
	blockdev.BlkCleanupQueue(d.q)
}

// bioRecorder is chapter 3's driver: blk_alloc_queue and a make_request
// function that serves and ends each bio as it comes.
type bioRecorder struct {
	*recorder
	q    *blockdev.RequestQueue
	disk *blockdev.Gendisk
	fops blockdev.BlockDeviceOperations
}

// bioModule is the make_request recording driver as a module; the loaded
// driver writes its log to rec.
func bioModule(rec *recorder) *blockdev.ModuleInfo {
	return &blockdev.ModuleInfo{
		Name:     recDiskname,
		CoreSize: 6792,
		Imports: []string{"blk_alloc_queue", "blk_queue_make_request", "alloc_disk", "add_disk",
			"bio_endio", "del_gendisk", "put_disk", "blk_cleanup_queue"},
		Symbols: []string{"t simp_blkdev_init", "t simp_blkdev_exit", "t simp_blkdev_make_request", "d __this_module"},
		New: func(k *blockdev.Kernel, this *blockdev.Module) blockdev.ModuleCode {
			rec.k = k
			d := &bioRecorder{recorder: rec}
			d.fops = blockdev.BlockDeviceOperations{Owner: this}
			return d
		},
	}
}

// makeRequest is simp_blkdev_make_request(): note the bio and end it.
func (d *bioRecorder) makeRequest(q *blockdev.RequestQueue, bio *blockdev.Bio) int {
	d.note(blockdev.BioDataDir(bio) == blockdev.WRITE, bio.BiSector, blockdev.BioSectors(bio), []int{bioNumber(bio)})
	blockdev.BioEndio(bio, 0)
	return 0
}

// Init is simp_blkdev_init() of chapter 3.
func (d *bioRecorder) Init() blockdev.Errno {
	d.q = d.k.BlkAllocQueue(mm.GFP_KERNEL)
	if d.q == nil {
		return -blockdev.ENOMEM
	}
	blockdev.BlkQueueMakeRequest(d.q, d.makeRequest)
	d.disk = d.k.AllocDisk(1)
	if d.disk == nil {
		blockdev.BlkCleanupQueue(d.q)
		return -blockdev.ENOMEM
	}
	d.disk.DiskName = recDiskname
	d.disk.Major = blockdev.COMPAQ_SMART2_MAJOR
	d.disk.Fops = &d.fops
	d.disk.Queue = d.q
	blockdev.SetCapacity(d.disk, recBytes>>9)
	blockdev.AddDisk(d.disk)
	return 0
}

// Exit is simp_blkdev_exit().
func (d *bioRecorder) Exit() {
	blockdev.DelGendisk(d.disk)
	blockdev.PutDisk(d.disk)
	blockdev.BlkCleanupQueue(d.q)
}
