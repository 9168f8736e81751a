package blkdevtest

import "simpblkdev/blockdev"

// chapter is what a chapter's driver shows that another chapter's does not.
type chapter struct {
	diskBytes    int64  // the disk's size
	lsmod        string // the start of the module's /proc/modules line
	minCore      int64  // vmalloc space insmod takes at least (the module core)
	scheduler    string // /sys/block/simp_blkdev/queue/scheduler
	ioschedAttrs []string
	// badRequest is the driver's log line for a request past the end of
	// its disk, a format taking the block and the count.
	badRequest string
	// switchWarning, when set, is what the driver logs when its second
	// elevator allocation (elevator_init after blk_init_queue) fails and
	// it keeps the default scheduler: that failure does not fail insmod.
	switchWarning string
	// makeRequest says the driver takes a bare queue (blk_alloc_queue) and
	// installs its own make_request function: no __make_request, so no
	// scheduler, no queue/ in sysfs (blk_register_queue skips a queue
	// without request_fn), no merging, no disk statistics (they are kept
	// where requests start and end), no bouncing (the driver kmaps each
	// bio_vec's page), and a bio past the end logged with its bi_size in
	// bytes.
	makeRequest bool
	// minors is what the driver asks alloc_disk for: 1 until chapter 4,
	// then SIMP_BLKDEV_MAXPARTITIONS (64), so that add_disk and BLKRRPART
	// read the partition table and the disk's range in sysfs is 64.
	minors int
	// geometry is what HDIO_GETGEO answers on the whole disk, nil for a
	// driver without .getgeo (ENOTTY): chapter 5's 1 head, 32 sectors and
	// the 0 cylinders of its precedence bug.
	geometry *blockdev.HdGeometry
	// radixNodes is how many radix tree nodes the driver's tree holds
	// while it is loaded: 0 before chapter 6, whose disk lives in the
	// module core; from chapter 6 on the disk is pages from the buddy
	// allocator indexed by a radix tree, and the core only the code.
	radixNodes int64
	// sizeParameter says the module has chapter 8's size parameter, so
	// /sys/module/simp_blkdev has a parameters/ directory.
	sizeParameter bool
	extra         []check // checks only this chapter has
}

// cfqAttrs are cfq's tunables in queue/iosched (2.6.18).
var cfqAttrs = []string{"back_seek_max", "back_seek_penalty", "fifo_expire_async", "fifo_expire_sync",
	"quantum", "slice_async", "slice_async_rq", "slice_idle", "slice_sync"}

const (
	cfqLine  = "noop anticipatory deadline [cfq] \n"
	noopLine = "[noop] anticipatory deadline cfq \n"
)

// chapters holds the chapters that have a step.
var chapters = map[Chapter]*chapter{
	1: {
		diskBytes:    16 << 20,
		lsmod:        "simp_blkdev 16784008 0 - Live 0x",
		minCore:      16 << 20,
		scheduler:    cfqLine,
		ioschedAttrs: cfqAttrs,
		badRequest:   "simp_blkdev: bad request: block=%d, count=%d",
		minors:       1,
	},
	2: {
		diskBytes:     16 << 20,
		lsmod:         "simp_blkdev 16784008 0 - Live 0x",
		minCore:       16 << 20,
		scheduler:     noopLine,
		ioschedAttrs:  nil,
		badRequest:    "simp_blkdev: bad request: block=%d, count=%d",
		switchWarning: "Switch elevator failed, using default",
		minors:        1,
		extra:         []check{{"noop switch fails", checkSwitchFails}},
	},
	3: {
		diskBytes:   16 << 20,
		lsmod:       "simp_blkdev 16784008 0 - Live 0x",
		minCore:     16 << 20,
		badRequest:  "simp_blkdev: bad request: block=%d, count=%d",
		makeRequest: true,
		minors:      1,
		extra:       []check{{"bios", checkBios}},
	},
	4: {
		diskBytes:   16 << 20,
		lsmod:       "simp_blkdev 16784008 0 - Live 0x",
		minCore:     16 << 20,
		badRequest:  "simp_blkdev: bad request: block=%d, count=%d",
		makeRequest: true,
		minors:      64,
		extra:       []check{{"bios", checkBios}},
	},
	5: {
		diskBytes:   16 << 20,
		lsmod:       "simp_blkdev 16784008 0 - Live 0x",
		minCore:     16 << 20,
		badRequest:  "simp_blkdev: bad request: block=%d, count=%d",
		makeRequest: true,
		minors:      64,
		// 16 MiB: the second band, 1 head and 32 sectors a track; the
		// cylinders are 16777216 >> (9/1/32), cut to 16 bits.
		geometry: &blockdev.HdGeometry{Heads: 1, Sectors: 32, Cylinders: 0},
		extra:    []check{{"bios", checkBios}},
	},
	6: {
		diskBytes:   16 << 20,
		lsmod:       "simp_blkdev 6792 0 - Live 0x",
		minCore:     6792,
		badRequest:  "simp_blkdev: bad request: block=%d, count=%d",
		makeRequest: true,
		minors:      64,
		geometry:    &blockdev.HdGeometry{Heads: 1, Sectors: 32, Cylinders: 0},
		// 4096 pages, indexes 0 to 4095: height 2, a top node and 64
		// leaves.
		radixNodes: 65,
		extra:      []check{{"bios", checkBios}},
	},
	7: {
		diskBytes:   16 << 20,
		lsmod:       "simp_blkdev 6792 0 - Live 0x",
		minCore:     6792,
		badRequest:  "simp_blkdev: bad request: block=%d, count=%d",
		makeRequest: true,
		minors:      64,
		geometry:    &blockdev.HdGeometry{Heads: 1, Sectors: 32, Cylinders: 0},
		// 1024 order-2 segments, indexes 0 to 1023: height 2, a top
		// node and 16 leaves.
		radixNodes: 17,
		extra:      []check{{"bios", checkBios}},
	},
	8: {
		diskBytes:     16 << 20,
		lsmod:         "simp_blkdev 6792 0 - Live 0x",
		minCore:       6792,
		badRequest:    "simp_blkdev: bad request: block=%d, count=%d",
		makeRequest:   true,
		minors:        64,
		geometry:      &blockdev.HdGeometry{Heads: 1, Sectors: 32, Cylinders: 0},
		radixNodes:    17,
		sizeParameter: true,
		extra:         []check{{"bios", checkBios}, {"size parameter", checkSizeParameter}},
	},
	9: {
		diskBytes:     16 << 20,
		lsmod:         "simp_blkdev 6792 0 - Live 0x",
		minCore:       6792,
		badRequest:    "simp_blkdev: bad request: block=%d, count=%d",
		makeRequest:   true,
		minors:        64,
		geometry:      &blockdev.HdGeometry{Heads: 1, Sectors: 32, Cylinders: 0},
		radixNodes:    17,
		sizeParameter: true,
		extra:         []check{{"bios", checkBios}, {"size parameter", checkSizeParameter}, {"zeroed", checkZeroed}},
	},
}
