// Package blkdevtest checks a simp_blkdev driver against the chapter of Zhao
// Lei's "写一个块设备驱动" it belongs to, in the manner of testing/fstest:
// Check(module, Chapter(n)) loads the module on fresh simulated machines and
// returns an error saying what is wrong; Run(t, module, Chapter(n)) runs the
// same checks as subtests. Each step's tests run it on the step's module; a
// teacher runs it on a student's copy of a step (docs/exercises.md).
//
// Every chapter's driver must:
//   - move data both ways: aligned and unaligned buffered I/O through the
//     page cache, O_DIRECT, page bios merged into requests of several
//     segments, and a bio whose segments straddle a page boundary;
//   - end a request past the end of its disk with -EIO and the driver's own
//     log line, copying nothing, while bios the block layer refuses end
//     with -EIO before the driver sees them;
//   - leave no kmap mapped at unload;
//   - give back every page and every vmalloc byte at rmmod, and remove its
//     /dev and /sys nodes;
//   - survive the failure of each allocation insmod makes (every Nth call
//     of each kind, sampled under -short and -race): insmod fails with
//     ENOMEM leaving no page, no vmalloc byte, no disk, no /dev or /sys
//     node behind, and the module loads again and works afterwards;
//   - be held while its disk is open or mounted (Used by 1), so that rmmod
//     refuses with EWOULDBLOCK until the last close or umount;
//   - show the chapter's /sys and /proc/modules shape and scheduler line.
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
//
// Chapters 3 to 9 have no step yet, and Check refuses them. When a chapter's
// step is written, its entry goes into the chapters table (chapters.go) and
// its line here.
package blkdevtest
