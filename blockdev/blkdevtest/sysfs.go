package blkdevtest

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/fault"
	"simpblkdev/blockdev/mm"
	"simpblkdev/blockdev/shell"
)

// The entries of the disk's directories in /sys that every chapter shows.
var (
	sysDiskEntries  = []string{"dev", "holders", "queue", "range", "removable", "size", "slaves", "stat", "subsystem", "uevent"}
	sysQueueEntries = []string{"iosched", "max_hw_sectors_kb", "max_sectors_kb", "nr_requests", "read_ahead_kb", "scheduler"}
	sysModEntries   = []string{"refcnt", "srcversion"}
)

// checkSysfs: the disk's /dev node and /sys directories, and what its
// attributes say.
func checkSysfs(module *blockdev.ModuleInfo, ch *chapter) error {
	k, _, err := load(1, module)
	if err != nil {
		return err
	}
	n, err := k.Lstat(devPath)
	if err != nil {
		return fmt.Errorf("%s: %v", devPath, err)
	}
	// Said as ls -l shows the node: its mode letters, "major, minor".
	if n.Mode&fs.ModeDevice == 0 || n.Mode&fs.ModeCharDevice != 0 {
		return fmt.Errorf("%s is not a block device (%s), want a block device 72, 0", devPath, shell.ModeString(n.Mode))
	}
	if n.Dev != blockdev.MKDEV(blockdev.COMPAQ_SMART2_MAJOR, 0) {
		return fmt.Errorf("%s is a block device %d, %d (%s), want 72, 0", devPath, n.Dev.Major(), n.Dev.Minor(), shell.ModeString(n.Mode))
	}
	dirs := []struct {
		path string
		want []string
	}{{sysDisk, sysDiskEntries}, {sysDisk + "/queue", sysQueueEntries}, {sysMod, sysModEntries}}
	if ch.sizeParameter {
		dirs[2].want = []string{"parameters", "refcnt", "srcversion"}
	}
	if ch.makeRequest {
		// The chapter's "ls /sys/block/simp_blkdev": no queue/.
		dirs = append(dirs[:1:1], dirs[2])
		dirs[0].want = slices.DeleteFunc(slices.Clone(sysDiskEntries), func(e string) bool { return e == "queue" })
	}
	for _, dir := range dirs {
		got, err := names(k, dir.path)
		if err != nil {
			return err
		}
		if !slices.Equal(got, dir.want) {
			return fmt.Errorf("%s holds %v, want %v", dir.path, got, dir.want)
		}
	}
	for _, attr := range []struct{ name, want string }{
		{"dev", "72:0\n"},
		{"range", fmt.Sprintf("%d\n", ch.minors)},
		{"removable", "0\n"},
		{"size", fmt.Sprintf("%d\n", ch.diskBytes>>9)},
	} {
		got, err := show(k, sysDisk+"/"+attr.name)
		if err != nil {
			return err
		}
		if got != attr.want {
			return fmt.Errorf("%s/%s = %q, want %q", sysDisk, attr.name, got, attr.want)
		}
	}
	return nil
}

// checkLsmod: the module's /proc/modules line, its core in vmalloc space.
func checkLsmod(module *blockdev.ModuleInfo, ch *chapter) error {
	k, err := blockdev.Boot(blockdev.Config{Seed: 1})
	if err != nil {
		return err
	}
	vmBefore := k.Mem.VmallocUsed()
	if _, err := k.InitModule(module, ""); err != nil {
		return fmt.Errorf("insmod: %v\n%s", err, k.Dmesg())
	}
	if got := k.ProcModules(); !strings.HasPrefix(got, ch.lsmod) {
		return fmt.Errorf("/proc/modules = %q, want it to start %q", got, ch.lsmod)
	}
	if got := k.Mem.VmallocUsed() - vmBefore; got < ch.minCore {
		return fmt.Errorf("vmalloc grew by %d bytes at insmod, want at least %d for the module core", got, ch.minCore)
	}
	return nil
}

// maxCoreWithTree bounds the vmalloc space a driver that keeps its disk in
// pages of its own (chapter 6 on) takes at insmod: its code, a few KiB,
// and never the disk.
const maxCoreWithTree = 64 << 10

// checkDiskMemory: where the disk's memory lives. Before chapter 6 it is
// the module core (vmalloc) and no radix tree node is allocated; from
// chapter 6 on it is the driver's pages, indexed by a tree of the
// chapter's number of nodes, and the core holds only the code. Every
// page of the disk is allocated at insmod: the free page count falls by
// at least the disk's size.
func checkDiskMemory(module *blockdev.ModuleInfo, ch *chapter) error {
	k, err := blockdev.Boot(countingMachine(1))
	if err != nil {
		return err
	}
	vmBefore, freeBefore := k.Mem.VmallocUsed(), k.Mem.NrFreePages()
	if _, err := k.InitModule(module, ""); err != nil {
		return fmt.Errorf("insmod: %v\n%s", err, k.Dmesg())
	}
	if got := k.RadixTreeNodes(); got != ch.radixNodes {
		return fmt.Errorf("%d radix tree nodes allocated while loaded, want %d", got, ch.radixNodes)
	}
	if got := freeBefore - k.Mem.NrFreePages(); got < ch.diskBytes/mm.PAGE_SIZE {
		return fmt.Errorf("insmod took %d pages, want at least the disk's %d", got, ch.diskBytes/mm.PAGE_SIZE)
	}
	if got := k.Mem.VmallocUsed() - vmBefore; ch.radixNodes > 0 && got > maxCoreWithTree {
		return fmt.Errorf("vmalloc grew by %d bytes at insmod, want at most %d: the disk is not in the module core", got, maxCoreWithTree)
	}
	return nil
}

// checkScheduler: the chapter's scheduler line and its tunables; a
// make_request driver has no scheduler to show, nor a file to show it in.
func checkScheduler(module *blockdev.ModuleInfo, ch *chapter) error {
	k, _, err := load(1, module)
	if err != nil {
		return err
	}
	if ch.makeRequest {
		if _, err := k.Lstat(sysDisk + "/queue/scheduler"); err != blockdev.ENOENT {
			return fmt.Errorf("%s/queue/scheduler: %v, want ENOENT: the queue has no scheduler", sysDisk, err)
		}
		return nil
	}
	return schedulerIs(k, ch.scheduler, ch.ioschedAttrs)
}

func schedulerIs(k *blockdev.Kernel, line string, attrs []string) error {
	got, err := show(k, sysDisk+"/queue/scheduler")
	if err != nil {
		return err
	}
	if got != line {
		return fmt.Errorf("queue/scheduler = %q, want %q", got, line)
	}
	tunables, err := names(k, sysDisk+"/queue/iosched")
	if err != nil {
		return err
	}
	if !slices.Equal(tunables, attrs) {
		return fmt.Errorf("queue/iosched holds %v, want %v", tunables, attrs)
	}
	return nil
}

// checkSwitchFails (chapter 2): when elevator_init(q, "noop") cannot
// allocate the new scheduler, the driver logs the chapter's warning, the
// queue keeps cfq, and insmod still succeeds.
func checkSwitchFails(module *blockdev.ModuleInfo, ch *chapter) error {
	k, err := blockdev.Boot(blockdev.Config{Seed: 1})
	if err != nil {
		return err
	}
	k.Fault.FailNth(fault.Elevator, 2) // the first is blk_init_queue's default
	if _, err := k.InitModule(module, ""); err != nil {
		return fmt.Errorf("insmod with the scheduler switch failing: %v\n%s", err, k.Dmesg())
	}
	if err := logged(k, ch.switchWarning); err != nil {
		return err
	}
	return schedulerIs(k, cfqLine, cfqAttrs)
}
