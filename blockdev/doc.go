// Package blockdev is the simulated Linux 2.6 kernel that the chapter
// drivers run on: modules and their parameters, the block layer (bios,
// requests, request queues, the elevator glue), gendisks and block devices
// with their page cache, printk and a virtual jiffies clock, and the /dev,
// /sys and /proc files that user space looks at. Physical memory is package
// mm; the four I/O schedulers are package iosched, which registers them when
// it is linked; the error numbers are package errno.
//
// Names mirror the kernel's in Go style and each doc comment names the C
// function and file it models, so that a student can go from one to the
// other.
//
// # The driver API, by the chapter that first uses it
//
// A driver is a ModuleInfo whose New returns the chapter's static variables
// as a struct (fresh at every insmod, as a real module gets fresh .data and
// .bss), with Init and Exit for module_init and module_exit.
//
// Chapter 1 (step01_array), a request-based driver:
//
//	(*Kernel).BlkInitQueue    blk_init_queue(rfn, lock)
//	ElvNextRequest            elv_next_request(q)
//	RqDataDir                 rq_data_dir(req)
//	Request.Sector, CurrentNrSectors, Buffer
//	EndRequest                end_request(req, uptodate)
//	(*Kernel).AllocDisk       alloc_disk(minors)
//	Gendisk.DiskName, Major, FirstMinor, Fops, Queue
//	BlockDeviceOperations     struct block_device_operations (Owner: THIS_MODULE)
//	SetCapacity, AddDisk      set_capacity, add_disk
//	DelGendisk, PutDisk       del_gendisk, put_disk
//	BlkCleanupQueue           blk_cleanup_queue
//	(*Kernel).Printk, KERN_*  printk(KERN_ERR ...)
//	COMPAQ_SMART2_MAJOR, -ENOMEM and the other errnos
//
// Chapter 2 (step02_noop) adds the scheduler switch:
//
//	RequestQueue.Elevator     q->elevator, read before add_disk
//	ElevatorInit              elevator_init(q, "noop")
//	ElevatorExit              elevator_exit(old_e)
//	IS_ERR_VALUE              IS_ERR_VALUE(x)
//
// Chapter 3 (step03_makerequest) hands bios to the driver itself:
//
//	(*Kernel).BlkAllocQueue   blk_alloc_queue(GFP_KERNEL)
//	BlkQueueMakeRequest       blk_queue_make_request(q, mfn)
//	BioRw                     bio_rw(bio): READ, WRITE, READA
//	BioSegments               bio_for_each_segment(bvec, bio, i)
//	(*mm.Memory).Kmap, Kunmap kmap(page), kunmap(page)
//	LINUX_VERSION_CODE, KERNEL_VERSION  the chapter's #if
//	BioEndioPre2624           bio_endio(bio, bytes_done, error) before 2.6.24
//	BioEndio                  bio_endio(bio, error) from 2.6.24 on
//
// A make_request driver gets the pages as they were submitted: nothing is
// bounced, so on i386 an O_DIRECT bio may carry HighMem pages, which only
// kmap makes reachable.
//
// Chapter 4 (step04_partitions) asks alloc_disk for 64 minors; add_disk
// then reads the msdos partition table (package partitions) and logs the
// scan line, and ioctl(BLKRRPART) reads it again after fdisk writes it.
//
// Chapter 5 (step05_getgeo) fills BlockDeviceOperations.Getgeo, which
// answers ioctl(HDIO_GETGEO) with an HdGeometry.
//
// Chapter 6 (step06_radix) keeps its pages in a radix tree: RadixTreeRoot
// (struct radix_tree_root), (*Kernel).INIT_RADIX_TREE, RadixTreeInsert,
// RadixTreeLookup, RadixTreeDelete, RadixTreeGangLookup and
// RadixTreeMaxindex. Items are any, as C's are void *, and a nil pointer is
// NULL; the nodes come from a slab cache (slab.go) and count in
// /proc/meminfo's Slab line. The tree has no lock of its own: as in C, the
// caller keeps writers apart. The pages come from (*mm.Memory).GetFreePages,
// whose kernel address the driver keeps, as the chapter keeps
// page_address(); (*Kernel).MemcpyToAddr and MemcpyFromAddr are its
// memcpy.
//
// Chapter 7 (step07_order) takes order-2 segments with GetFreePages(gfp, 2)
// and gives them back with FreePagesAddr; on the i386 box, which boots as a
// machine that has been running a while (mm's earlier work), GFP_KERNEL falls
// back from Normal to DMA within the watermarks and lowmem_reserve, and
// direct reclaim of clean page cache loops for order <= 3 until it frees
// nothing.
//
// Chapter 8 (step08_params) adds module_param_named with charp: ParamCharp,
// S_IRUGO, and Sscanf (the kernel's vsscanf, lib/vsprintf.c) for getparam.
//
// Chapter 9 (step09_zero) adds mm.GFP_ZERO.
//
// MemcpyToAddr and MemcpyFromAddr go through (*mm.Memory).ReadPage and
// WritePage, so host memory follows what is written: a read of a
// never-written page costs nothing. PageAddress gives the page's bytes as a
// slice, which materialises them, reads included. mm.Page is a small
// pointer-free page frame; freed pages keep their bytes (chapter 9's leak)
// until an allocation with mm.GFP_ZERO takes them. A test that counts free
// pages exactly boots with Config.Pristine, a machine with no earlier work
// to reclaim.
//
// A driver never imports iosched, ktest or blkdevtest; package blkdevtest
// checks that a driver keeps its chapter's contract.
//
// # Errors
//
// Inside the kernel and in drivers an error is a negative Errno, as C
// returns it (return -ENOMEM), and 0 is success. User space (the shell,
// cmd/blksim, package fs, a test playing a program) enters the kernel only
// through the system calls of syscalls.go: (*Kernel).Open, OpenDev and
// OpenChr (with (*CharFile).Read, Write and Close),
// (*BlockDevice).ReadAt, WriteAt, ReadDirect, WriteDirect, Sync, Ioctl
// (BLKGETSIZE, BLKGETSIZE64, BLKSSZGET, HDIO_GETGEO, BLKFLSBUF, BLKRRPART,
// and blktrace's BLKTRACESETUP, BLKTRACESTART, BLKTRACESTOP and
// BLKTRACETEARDOWN) and Close, (*Kernel).DebugfsRead and DebugfsPoll (a
// trace's relay buffer, block/NAME/trace0), (*Kernel).Sync (sync(2): every
// block device's dirty pages, open or not), (*Kernel).Mknod, Unlink and
// Lstat, (*KNode).Write,
// (*Kernel).Mount, Remount and Umount, and (*Kernel).InitModule and
// DeleteModule. They convert once: nil, or the
// positive Errno errno(3) would hold. Package errno has the one table of
// names and texts; errors.Is agrees with ==, so -EIO is not EIO.
//
// Where C cannot fail the Go cannot either: mm's frees and copies return
// nothing, and a misuse is printed as the kernel reports it (bad_page(),
// "Trying to vfree() nonexistent vm area", a BUG line) and changes nothing.
//
// # Oops
//
// The kernel calls driver code only through callDriver (oops.go): module
// init and exit, request and make_request functions, and the
// block_device_operations methods. A Go panic there is the driver's oops,
// printed as 2.6.18's i386 die() prints it, and the kernel goes on as if
// the driver function had returned at that point: a queue whose request or
// make_request function oopsed is never handed to the driver again (its
// later I/O ends with -EIO), and a module whose init or exit oopsed stays
// "Loading" or "Unloading". As die()'s do_exit(SIGSEGV) does, the oops
// kills the task whose system call it happened in (insmod, rmmod, open,
// ioctl, a read or write whose own submission or unplug ran the driver):
// the call ends with *Killed (errors.Is(err, ErrKilled)), never an errno,
// and on a goroutine under ExitOnKill (a shell command) it panics with it,
// so the shell shows the command's death as bash does ("Segmentation
// fault", status 139). An oops in a request function kblockd or pdflush
// ran kills no user task: the waiter gives up with -EIO and "INFO: I/O
// never completed". OnOops tells a checker of the oopses its own goroutine
// caused (blockdev/blkdevtest, whose every check also runs within a
// deadline). oops.go and oops_kill.go state the rules in full.
//
// # Calling style
//
// A free function where C passes the object (AddDisk(disk),
// BlkCleanupQueue(q), EndRequest(req, 1), ElvDispatchSort(q, rq),
// ModTimer(timer, expires)); a *Kernel method where C uses global state
// (BlkInitQueue and AllocDisk allocate from the machine, Printk writes the
// one log buffer, the page allocator is k.Mem, SubmitBio and
// GenericMakeRequest report a bad bio in the machine's log). The
// system calls of syscalls.go are methods of what user space holds: the
// machine, or an open device.
//
// # Locking
//
// What a caller must know:
//
//   - A request function runs with the queue lock held, as in 2.6, and
//     calls ElvNextRequest and EndRequest under it; it must not take the
//     lock again. A make_request function (BlkQueueMakeRequest) runs
//     without it and ends each bio with BioEndio.
//   - RequestQueue.Elevator changes only under the queue lock or before the
//     queue is reachable: in blk_init_queue, and in a driver's init before
//     add_disk, where chapter 2 switches it. Everyone else reads it under
//     the queue lock. A switch through queue/scheduler (elevator_switch)
//     holds the queue's sysfs lock, taken before the queue lock and never
//     by a timer; it bypasses the schedulers for new requests, runs the
//     driver with the queue lock dropped between rounds until no request
//     holds the old scheduler's data, and only then swaps. A driver that
//     never completes its requests makes the switch give up, logged.
//   - Module init and exit run under the module mutex (module_mutex), so a
//     driver's init may call AddDisk and the printk log, which take their
//     own locks, but must not call InitModule or DeleteModule.
//   - The page cache's lock order, outermost first: BlockDevice.mu (open,
//     close), a page's PG_locked (sleeps), the queue lock, pageCache.mu
//     (tree_lock: the page map, LRU, flags and counts), then mm's allocator
//     lock. pageCache.mu is never held across a page allocation, a bio
//     submission or a copy of page contents; a copy happens under the page
//     lock. Kernel.cacheMu, the list of caches reclaim walks, is held alone.
//     pagecache.go states the rules in full.
//   - A partition re-read (add_disk's scan, BLKRRPART) holds the whole
//     disk's BlockDevice.mu; opens of a partition are counted on the whole
//     disk under that lock, so a rescan never takes a partition's lock.
//   - A trace's buffer lock (blkTrace.mu) is a leaf taken under the queue
//     lock by the trace points. The trace ioctls are serialized by
//     Kernel.blktraceMu rather than the device's bd_mutex, so that the
//     timer that ends blktrace -w never waits for an open or a rescan.
//   - Kernel.slabMu is taken before a cache's own lock; neither is held
//     across a page allocation or free.
//   - Kernel.mu (the disk list, the gendisk and request queue counts),
//     Gendisk.partMu (the partition list), the log's lock and the clock's
//     lock are leaves: nothing else is taken while holding them.
//
// Time-driven write-back (pdflush) runs only inside (*Kernel).Sleep, never
// inside a task waiting for its own I/O, so it never runs under that task's
// locks.
//
// Several goroutines may submit I/O at once; go test -race checks the rules
// above under load (stress_test.go, iosched's switch test).
//
// # The C files modelled
//
// The tutorial's box runs 2.6.18 (RHEL5's 2.6.18-53.el5); the block layer
// is modelled on 2.6.27, where ll_rw_blk.c had been split. Both names:
//
//	Go file          2.6.18                      2.6.27
//	blk_core.go      block/ll_rw_blk.c           block/blk-core.c
//	queue.go         block/ll_rw_blk.c           block/blk-core.c, blk-settings.c
//	blk_merge.go     block/ll_rw_blk.c           block/blk-merge.c
//	request.go       block/ll_rw_blk.c           block/blk-core.c (get_request)
//	end_request.go   block/ll_rw_blk.c           block/blk-core.c
//	submit.go        block/ll_rw_blk.c           block/blk-core.c
//	elevator.go      block/elevator.c            block/elevator.c
//	iosched/         block/*-iosched.c           block/*-iosched.c
//	bio.go           fs/bio.c                    fs/bio.c
//	memcpy.go        memcpy to and from a kernel address (page_address)
//	vsprintf.go      lib/vsprintf.c (vsscanf)
//	radix_tree.go    lib/radix-tree.c            lib/radix-tree.c
//	slab.go          mm/slab.c (a small kmem_cache for the tree's nodes)
//	version.go       include/linux/version.h     include/linux/version.h
//	bounce.go        mm/highmem.c                mm/bounce.c
//	blktrace.go      block/blktrace.c, include/linux/blktrace_api.h (2.6.18's trace points: Q B M F G S P I D C U UT)
//	genhd.go         block/genhd.c               block/genhd.c
//	partition_check.go fs/partitions/check.c (rescan_partitions, add_partition, delete_partition)
//	partitions/      fs/partitions/check.c, msdos.c (2.6.18's rules)
//	ioctl.go         block/ioctl.c               block/ioctl.c
//	block_dev.go     fs/block_dev.c              fs/block_dev.c
//	pagecache.go, filemap_read.go, filemap_write.go
//	                 mm/filemap.c, mm/readahead.c (both versions)
//	page_writeback.go  mm/page-writeback.c, fs/buffer.c (do_sync, 2.6.18)
//	truncate.go      mm/truncate.c
//	pdflush.go       mm/pdflush.c, mm/page-writeback.c (wb_kupdate, background_writeout)
//	sysctl_vm.go     kernel/sysctl.c (vm.dirty_*, laptop_mode)
//	vmscan.go        mm/vmscan.c
//	bdev_io.go       fs/direct-io.c
//	module.go        kernel/module.c
//	kallsyms.go      kernel/kallsyms.c, kernel/module.c (resolve_symbol)
//	modinfo.go       scripts/mod/sumversion.c (srcversion)
//	moduleparam.go   kernel/params.c
//	printk.go        kernel/printk.c
//	clock.go         kernel/timer.c
//	sysfs.go         block/genhd.c, fs/partitions/check.c (2.6.27 adds block/blk-sysfs.c)
//	readahead.go     block/ll_rw_blk.c           block/blk-sysfs.c (queue_ra_store)
//	kernfs.go        fs/sysfs/, fs/proc/ (the name space both share here)
//	taint.go         kernel/panic.c (add_taint)
//	oops.go          arch/i386/kernel/traps.c (die), arch/i386/mm/fault.c (no_context)
//	oops_notify.go   the simulator's own: the oopses of a goroutine, for checkers
//	oops_kill.go     kernel/exit.c (do_exit(SIGSEGV) after die): the task an oops kills
//	task.go          include/linux/sched.h (the current task, for cfq)
//	procfs.go        fs/proc/proc_misc.c, block/genhd.c
//	proc_meminfo.go  fs/proc/proc_misc.c (meminfo_read_proc)
//	pagecache_stat.go  the page counts meminfo shows (global_page_state)
//	kernel.go, bootlog.go  init/main.c (start_kernel), arch/i386/mm/init.c (mem_init)
//	cmdline.go       init/main.c, block/elevator.c (elevator_setup)
//	mem.go           drivers/char/mem.c (null, zero, full, urandom)
//	namespace.go     fs/namespace.c (do_mount, the mount list /proc/mounts shows)
//	errno.go         include/asm-generic/errno-base.h (re-exports package errno)
//	devfs.go         what udev makes of add_disk
//	syscalls.go      fs/open.c, fs/read_write.c, fs/ioctl.c, fs/sync.c, fs/namei.c, kernel/module.c
package blockdev
