// Package blkdevtest checks a simp_blkdev driver against the chapter of Zhao
// Lei's "写一个块设备驱动" it belongs to, in the manner of testing/fstest:
// Check(module, Chapter(n)) loads the module on fresh simulated machines and
// returns an error saying what is wrong; Run(t, module, Chapter(n)) runs the
// same checks as subtests. Each step's tests run it on the step's module; a
// teacher runs it on a student's copy of a step (docs/exercises.md).
//
// A driver cannot take the checker down: each check runs on a goroutine of
// its own within Deadline (10 s, 60 s under the race detector, or
// BLKDEVTEST_DEADLINE), and one still running then fails as "hung:" and the
// system call it is in, with the driver's frames (SyscallStep names them);
// a driver's panic is the kernel's oops (blockdev/oops.go), quoted in the
// failure of the check it happened in, and named only in later checks of
// the same run that hit the same oops. Tests(ch) lists a chapter's checks,
// and CheckTests and RunTests run any list, as exercises/exercise does.
//
// Every chapter's driver must:
//   - move data both ways: aligned and unaligned buffered I/O through the
//     page cache, O_DIRECT, page bios merged into requests of several
//     segments, and a bio whose segments straddle a page boundary;
//   - move data through HighMem pages, as O_DIRECT from a user buffer
//     (GFP_HIGHUSER) brings them on i386, and a bio of ragged segments on
//     HighMem pages: a request-based queue bounces them, a make_request
//     driver must kmap each page around its copy, leaving no kmap mapped
//     and nothing written through a stale one;
//   - end a request past the end of its disk with -EIO and the driver's own
//     log line, copying nothing, while bios the block layer refuses end
//     with -EIO before the driver sees them;
//   - leave no kmap mapped at unload;
//   - give back every page, every vmalloc byte and every radix tree node at
//     rmmod, put its gendisk, clean up its request queue, and remove its
//     /dev and /sys nodes;
//   - survive the failure of each allocation insmod makes (every Nth call
//     of each kind, radix tree nodes included, sampled under -short and
//     -race): insmod fails with ENOMEM leaving the free page count exactly
//     where it was, no vmalloc byte, no radix tree node, no disk, gendisk
//     or request queue, no /dev or /sys node behind, and the module loads again and works afterwards;
//   - be held while its disk is open or mounted (Used by 1), so that rmmod
//     refuses with EWOULDBLOCK until the last close or umount;
//   - show the chapter's /sys and /proc/modules shape and scheduler line,
//     and keep its disk where the chapter does: in the module core, or in
//     pages of its own indexed by a radix tree;
//   - have partitions or not, as the chapter's minors say, and answer
//     HDIO_GETGEO or not, as the chapter's getgeo does.
//
// What each chapter adds to that:
//   - Chapter 1 (step01_array): disk simp_blkdev, 72:0, 32768 sectors, over
//     a 16 MiB static array in the module's core (lsmod Size 16784008, at
//     least 16 MiB of vmalloc space), served by the default scheduler:
//     "noop anticipatory deadline [cfq] " and cfq's tunables in
//     queue/iosched.
//   - Chapter 2 (step02_noop): the queue switched to noop right after
//     blk_init_queue: "[noop] anticipatory deadline cfq " and no tunables;
//     when elevator_init(q, "noop") cannot allocate, insmod still succeeds,
//     logs "Switch elevator failed, using default" and keeps cfq.
//   - Chapter 3 (step03_makerequest): blk_alloc_queue and the driver's own
//     make_request function. No queue/ in /sys/block/simp_blkdev, no
//     scheduler, no merging, and a stat file that stays zero (the request
//     path keeps the disk statistics). A bio past the end is logged as
//     "bad request: block=%llu, count=%u" with its bi_size in bytes; a READA
//     bio is read; a bio_rw of 3 is logged as "unknown value of bio_rw: 3"
//     and copies nothing. Both fail: they end with -EIO, or, on the box's
//     2.6.18, are left as the chapter's bio_endio(bio, 0, -EIO) leaves them,
//     failed (BIO_UPTODATE clear) with all their bytes still to do, which
//     no bi_end_io of that era takes for the end (docs/ch03-makerequest.md).
//   - Chapter 4 (step04_partitions): chapter 3's driver with a disk of 64
//     minors (range 64 in sysfs). add_disk logs " simp_blkdev: unknown
//     partition table"; a table written through /dev/simp_blkdev and
//     re-read with BLKRRPART logs " simp_blkdev: simp_blkdev1 simp_blkdev2",
//     gives /dev/simp_blkdev1 (72:1) and /dev/simp_blkdev2 (72:2), I/O
//     through a partition lands at its start on the disk, and BLKRRPART
//     while a partition is open is EBUSY. Before chapter 4 the disk has one
//     minor: no scan line, no partitions, BLKRRPART EINVAL. The page the
//     scan reads sector 0 into may fail without failing insmod (add_disk
//     returns nothing; the scan logs "unable to read partition table").
//   - Chapter 5 (step05_getgeo): chapter 4's with a getgeo: HDIO_GETGEO
//     answers 1 head, 32 sectors a track and 0 cylinders (the chapter's
//     BYTES>>9/heads/sectors is BYTES >> (9/heads/sectors), cut to the u16:
//     docs/ch05-getgeo.md), with start the partition's first sector on a
//     partition. Before chapter 5 HDIO_GETGEO is ENOTTY.
//   - Chapter 6 (step06_radix): chapter 5's driver without the array: the
//     disk is 4096 pages from __get_free_page(GFP_KERNEL), indexed by a
//     radix tree of 65 nodes while loaded, the module core only its 6792
//     bytes of code (lsmod Size 6792, well under 64 KiB of vmalloc space).
//   - Chapter 7 (step07_order): chapter 6's with the disk in 1024 order-2
//     segments from __get_free_pages(GFP_KERNEL, 2), a tree of 17 nodes.
//   - Chapter 8 (step08_params): chapter 7's with the size a charp
//     parameter (default "16M", mode 0444 in /sys/module/simp_blkdev/
//     parameters): size=20M and size=20480k give 40960 sectors; sizes
//     getparam refuses fail insmod with EINVAL, one the machine cannot back
//     with ENOMEM, each leaving nothing behind.
//   - Chapter 9 (step09_zero): chapter 8's with the segments allocated
//     with __GFP_ZERO: a fresh disk reads as zeros from end to end, on a
//     machine whose earlier work left stale bytes in the pages a driver
//     gets first.
//
// A chapter's entry is in the chapters table (chapters.go); Check refuses a
// chapter without one.
package blkdevtest
