package blkdevtest

import (
	"fmt"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/fault"
	"simpblkdev/blockdev/ktest"
	"simpblkdev/blockdev/shell"
)

// exercise does a little buffered and O_DIRECT I/O on a loaded module's
// disk and closes it again, so that unload has something to clean up.
func exercise(k *blockdev.Kernel) error {
	b, err := k.Open(devPath)
	if err != nil {
		return fmt.Errorf("open %s: %v", devPath, err)
	}
	defer b.Close()
	want := ktest.Pattern(1<<20, 5)
	if _, err := b.WriteAt(want, 0); err != nil {
		return fmt.Errorf("buffered write: %v", err)
	}
	if err := directEquals(b, want, 0, len(want)); err != nil {
		return err
	}
	if _, err := b.WriteDirect(want[:64<<10], 2<<20); err != nil {
		return fmt.Errorf("O_DIRECT write: %v", err)
	}
	return nil
}

// checkKmapsAtUnload: after I/O and rmmod, no kmap is left mapped and the
// kernel reported none.
func checkKmapsAtUnload(module *blockdev.ModuleInfo, _ *chapter) error {
	k, _, err := load(4, module)
	if err != nil {
		return err
	}
	if err := exercise(k); err != nil {
		return err
	}
	if err := k.DeleteModule(diskName); err != nil {
		return fmt.Errorf("rmmod: %v", err)
	}
	if n := k.Mem.KmapsInUse(); n != 0 {
		return fmt.Errorf("%d kmap(s) still mapped after rmmod", n)
	}
	if strings.Contains(k.Dmesg(), "kmap") {
		return fmt.Errorf("the kernel reported a kmap at unload:\n%s", k.Dmesg())
	}
	return nil
}

// checkRmmodFrees: after insmod, I/O and rmmod, every page, every byte of
// vmalloc space and every radix tree node is back, the gendisk and the
// request queue are freed, and the disk's nodes are gone.
func checkRmmodFrees(module *blockdev.ModuleInfo, _ *chapter) error {
	k, err := blockdev.Boot(countingMachine(4))
	if err != nil {
		return err
	}
	freeBefore, vmBefore := k.Mem.NrFreePages(), k.Mem.VmallocUsed()
	if _, err := k.InitModule(module, ""); err != nil {
		return fmt.Errorf("insmod: %v\n%s", err, k.Dmesg())
	}
	if err := exercise(k); err != nil {
		return err
	}
	if err := k.DeleteModule(diskName); err != nil {
		return fmt.Errorf("rmmod: %v", err)
	}
	return allBack(k, freeBefore, vmBefore)
}

// countingMachine is the machine of the checks that count every free page:
// a pristine one (blockdev.Config.Pristine), with no earlier work whose
// page cache an allocation under pressure would reclaim, so that the free
// page count after rmmod or a failed insmod is the driver's doing alone.
// The default machine reclaims for chapter 7's order-2 segments, and the
// pages reclaimed stay free.
func countingMachine(seed int64) blockdev.Config {
	return blockdev.Config{Seed: seed, Pristine: true}
}

// allBack reports what a module that is no longer loaded left behind.
func allBack(k *blockdev.Kernel, freeBefore int64, vmBefore int64) error {
	if got := k.Mem.NrFreePages(); got != freeBefore {
		return fmt.Errorf("%d free pages, %d before insmod", got, freeBefore)
	}
	if got := k.Mem.VmallocUsed(); got != vmBefore {
		return fmt.Errorf("vmalloc used %d bytes, %d before insmod", got, vmBefore)
	}
	// Nothing but a driver's tree (chapter 6 on) takes radix tree nodes.
	if n := k.RadixTreeNodes(); n != 0 {
		return fmt.Errorf("%d radix tree node(s) still allocated", n)
	}
	if k.FindModule(diskName) != nil {
		return fmt.Errorf("module %s still loaded", diskName)
	}
	if n := len(k.Disks()); n != 0 {
		return fmt.Errorf("%d disk(s) still registered", n)
	}
	if n := k.GendisksAllocated(); n != 0 {
		return fmt.Errorf("%d gendisk(s) allocated and never put (put_disk)", n)
	}
	if n := k.QueuesAllocated(); n != 0 {
		return fmt.Errorf("%d request queue(s) allocated and never cleaned up (blk_cleanup_queue)", n)
	}
	for _, p := range []string{devPath, sysDisk, sysMod} {
		if _, err := k.Lstat(p); err == nil {
			return fmt.Errorf("%s still there", p)
		}
	}
	return nil
}

// scanUnreadable is the scan line of a disk whose sector 0 could not be
// read (check_partition, fs/partitions/check.c).
const scanUnreadable = " simp_blkdev: unable to read partition table\n"

// insmodAllocs are the kinds of allocation a driver's init makes, directly
// or through the kernel calls it uses. Radix tree nodes are allocated from
// chapter 6 on, whose tree holds the disk's pages; before, a successful
// insmod counts none, so none is failed.
var insmodAllocs = []fault.Kind{fault.Vmalloc, fault.Queue, fault.Elevator, fault.Disk, fault.Page, fault.Radix}

// checkInsmodUnwinds fails, in turn, every allocation insmod makes (each
// kind, each Nth call; a sample of them under -short or -race): insmod
// fails with ENOMEM and leaves nothing behind (allBack: the free page count
// exactly where it was before that insmod, no vmalloc byte, no radix tree
// node), except where the chapter
// survives the failure (chapter.switchWarning) or the kernel does: when
// the page add_disk's partition scan reads sector 0 into cannot be had,
// the scan logs scanUnreadable and the disk is added all the same.
// Afterwards the module loads again and works.
func checkInsmodUnwinds(module *blockdev.ModuleInfo, ch *chapter) error {
	k, err := blockdev.Boot(countingMachine(5))
	if err != nil {
		return err
	}
	for _, kind := range insmodAllocs {
		// Count the allocations of this kind a successful insmod makes.
		k.Fault.FailNth(kind, 0)
		if _, err := k.InitModule(module, ""); err != nil {
			return fmt.Errorf("insmod: %v\n%s", err, k.Dmesg())
		}
		calls := k.Fault.Calls(kind)
		if err := k.DeleteModule(diskName); err != nil {
			return fmt.Errorf("rmmod: %v", err)
		}
		for _, n := range ktest.Sample(calls) {
			freeBefore, vmBefore := k.Mem.NrFreePages(), k.Mem.VmallocUsed()
			logged := len(k.Dmesg())
			k.Fault.FailNth(kind, n)
			_, err := k.InitModule(module, "")
			k.Fault.FailNth(kind, 0)
			if ch.minors > 1 && kind == fault.Page && err == nil && strings.Contains(newLog(k, logged), scanUnreadable) {
				// The page add_disk's scan reads the table into
				// failed: add_disk returns nothing, so the disk
				// is there without partitions, as in 2.6.18.
				if err := k.DeleteModule(diskName); err != nil {
					return fmt.Errorf("%s #%d (the partition scan): rmmod: %v", kind, n, err)
				}
				if err := allBack(k, freeBefore, vmBefore); err != nil {
					return fmt.Errorf("%s #%d (the partition scan) failed, then: %v", kind, n, err)
				}
				continue
			}
			if ch.switchWarning != "" && kind == fault.Elevator && n == 2 {
				// elevator_init(q, "noop") failed: the chapter keeps
				// the default scheduler and loads (checkSwitchFails).
				if err != nil {
					return fmt.Errorf("%s #%d (the scheduler switch): insmod = %v, want success", kind, n, err)
				}
				k.DeleteModule(diskName)
				continue
			}
			if err == nil {
				return fmt.Errorf("%s #%d failed and insmod succeeded, want ENOMEM", kind, n)
			}
			if err != blockdev.ENOMEM {
				return fmt.Errorf("%s #%d: insmod = %v, want ENOMEM", kind, n, err)
			}
			if err := allBack(k, freeBefore, vmBefore); err != nil {
				return fmt.Errorf("%s #%d failed, then: %v", kind, n, err)
			}
		}
	}
	if _, err := k.InitModule(module, ""); err != nil {
		return fmt.Errorf("insmod after the failures: %v\n%s", err, k.Dmesg())
	}
	if err := exercise(k); err != nil {
		return fmt.Errorf("after the failures: %v", err)
	}
	return nil
}

// checkUsedBy: a mounted or open disk holds its module (Used by 1, however
// many opens, as do_open() takes the module only at the first); rmmod
// refuses with EWOULDBLOCK while it is held and works once, after umount.
func checkUsedBy(module *blockdev.ModuleInfo, _ *chapter) error {
	k, err := blockdev.Boot(blockdev.Config{Seed: 1})
	if err != nil {
		return err
	}
	var out strings.Builder
	sh := shell.New(k, shell.Options{Module: module, Step: 1, Stdout: &out})
	defer sh.Close()
	for _, line := range []string{"insmod simp_blkdev.ko", "mkfs.vfat " + devPath, "mount " + devPath + " /mnt"} {
		if status := sh.Exec(line); status != 0 {
			return fmt.Errorf("%s: status %d\n%s", line, status, out.String())
		}
	}
	m := k.FindModule(diskName)
	if m == nil {
		return fmt.Errorf("module %s not loaded after insmod", diskName)
	}
	if got := m.Refcount(); got != 1 {
		return fmt.Errorf("used by %d while mounted, want 1", got)
	}
	b, err := k.Open(devPath)
	if err != nil {
		return fmt.Errorf("open %s while mounted: %v", devPath, err)
	}
	// do_open() takes the module only at the block device's first open.
	if got := m.Refcount(); got != 1 {
		return fmt.Errorf("used by %d while mounted and open, want 1", got)
	}
	if err := k.DeleteModule(diskName); err != blockdev.EWOULDBLOCK {
		return fmt.Errorf("rmmod while in use = %v, want EWOULDBLOCK", err)
	}
	b.Close()
	if got := m.Refcount(); got != 1 {
		return fmt.Errorf("used by %d while mounted, after a close, want 1", got)
	}
	if err := k.DeleteModule(diskName); err != blockdev.EWOULDBLOCK {
		return fmt.Errorf("rmmod while mounted = %v, want EWOULDBLOCK", err)
	}
	if status := sh.Exec("umount /mnt"); status != 0 {
		return fmt.Errorf("umount: status %d\n%s", status, out.String())
	}
	if got := m.Refcount(); got != 0 {
		return fmt.Errorf("used by %d after close and umount, want 0", got)
	}
	if err := k.DeleteModule(diskName); err != nil {
		return fmt.Errorf("rmmod = %v", err)
	}
	if err := k.DeleteModule(diskName); err != blockdev.ENOENT {
		return fmt.Errorf("second rmmod = %v, want ENOENT", err)
	}
	return nil
}
