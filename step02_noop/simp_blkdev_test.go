package step02noop_test

import (
	"fmt"
	"strings"
	"testing"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/fault"
	"simpblkdev/blockdev/ktest"
	"simpblkdev/blockdev/mm"
	step "simpblkdev/step02_noop"
)

const diskBytes = 16 << 20

// readFile reads a /sys or /proc file of the simulated kernel.
func readFile(t *testing.T, k *blockdev.Kernel, path string) string {
	t.Helper()
	n, err := k.Lstat(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	s, err := n.Show()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return s
}

// TestDataRoundTrip writes through the request path and reads back:
// whole-device buffered I/O (the page cache writes back page-sized bios that
// the elevator merges into requests of many segments) and O_DIRECT bios.
func TestDataRoundTrip(t *testing.T) {
	k := ktest.Boot(t, 1)
	ktest.Insmod(t, k, step.Module, "")
	b := ktest.Open(t, k, "simp_blkdev")

	want := ktest.Pattern(diskBytes, 1)
	if n, err := b.WriteAt(want, 0); err != nil || n != len(want) {
		t.Fatalf("write: %d, %v", n, err)
	}
	if err := b.Sync(); err != nil {
		t.Fatalf("sync: %v", err)
	}
	got := make([]byte, diskBytes)
	if _, err := b.ReadDirect(got, 0); err != nil {
		t.Fatalf("direct read: %v", err)
	}
	if d := ktest.DiffBytes(want, got); d != "" {
		t.Fatalf("after buffered write, direct read differs: %s", d)
	}

	// The write-back went out as one bio per page; the elevator merged
	// them, so there are far fewer write requests than pages.
	var st [11]uint64
	fmt.Sscan(readFile(t, k, "/sys/block/simp_blkdev/stat"), &st[0], &st[1], &st[2], &st[3], &st[4], &st[5], &st[6], &st[7], &st[8], &st[9], &st[10])
	writes, writeMerges, sectorsWritten := st[4], st[5], st[6]
	if sectorsWritten != diskBytes/512 {
		t.Errorf("sectors written = %d, want %d", sectorsWritten, diskBytes/512)
	}
	if writeMerges == 0 || writes >= diskBytes/mm.PAGE_SIZE {
		t.Errorf("write requests = %d, merges = %d: want page bios merged into fewer requests", writes, writeMerges)
	}
}

// TestMergedSegments submits eight one-page bios at once: they merge into
// one request of eight segments, which the driver sees as eight passes of
// the same request, each of current_nr_sectors = 8.
func TestMergedSegments(t *testing.T) {
	k := ktest.Boot(t, 2)
	ktest.Insmod(t, k, step.Module, "")
	b := ktest.Open(t, k, "simp_blkdev")

	want := ktest.Pattern(8*mm.PAGE_SIZE, 3)
	if errno := ktest.SubmitPages(k, b, blockdev.WRITE, 100, want); errno != 0 {
		t.Fatalf("write: %v", errno)
	}
	got := make([]byte, len(want))
	if errno := ktest.SubmitPages(k, b, blockdev.READ, 100, got); errno != 0 {
		t.Fatalf("read: %v", errno)
	}
	if d := ktest.DiffBytes(want, got); d != "" {
		t.Fatal(d)
	}
	var st [11]uint64
	fmt.Sscan(readFile(t, k, "/sys/block/simp_blkdev/stat"), &st[0], &st[1], &st[2], &st[3], &st[4], &st[5], &st[6], &st[7], &st[8], &st[9], &st[10])
	if st[0] != 1 || st[1] != 7 || st[4] != 1 || st[5] != 7 {
		t.Errorf("stat = %v: want 1 read request with 7 merges and 1 write request with 7 merges", st)
	}
}

// TestBadRequest hands the driver a request past the end of its array (the
// generic checks would refuse such a bio, so it goes to the queue directly):
// it ends with an I/O error and the chapter's log line, and nothing is
// copied.
func TestBadRequest(t *testing.T) {
	k := ktest.Boot(t, 3)
	ktest.Insmod(t, k, step.Module, "")
	b := ktest.Open(t, k, "simp_blkdev")

	p := k.Mem.AllocPages(mm.GFP_KERNEL, 0)
	marker := ktest.Pattern(mm.PAGE_SIZE, 9)
	k.Mem.WritePage(p, 0, marker)
	bio := blockdev.BioAlloc(1)
	bio.BiBdev = b
	bio.BiSector = diskBytes / 512
	bio.BiRw = blockdev.READ | 1<<blockdev.BIO_RW_SYNC
	blockdev.BioAddPage(bio, p, mm.PAGE_SIZE, 0)
	var gotErr blockdev.Errno = 1
	bio.BiEndIo = func(_ *blockdev.Bio, err blockdev.Errno) { gotErr = err }
	b.BdDisk.Queue.MakeRequest(bio)

	if gotErr != -blockdev.EIO {
		t.Errorf("bio ended with %d, want -EIO", gotErr)
	}
	for _, line := range []string{
		"simp_blkdev: bad request: block=32768, count=8",
		"end_request: I/O error, dev simp_blkdev, sector 32768",
	} {
		if !strings.Contains(k.Dmesg(), line+"\n") {
			t.Errorf("dmesg lacks %q:\n%s", line, k.Dmesg())
		}
	}
	got := make([]byte, mm.PAGE_SIZE)
	k.Mem.ReadPage(p, 0, got)
	if d := ktest.DiffBytes(marker, got); d != "" {
		t.Errorf("the failed read touched the buffer: %s", d)
	}
}

// TestScheduler: chapter 2 switches the queue to noop.
func TestScheduler(t *testing.T) {
	k := ktest.Boot(t, 1)
	ktest.Insmod(t, k, step.Module, "")
	if got, want := readFile(t, k, "/sys/block/simp_blkdev/queue/scheduler"), "[noop] anticipatory deadline cfq \n"; got != want {
		t.Errorf("scheduler = %q, want %q", got, want)
	}
}

// TestSwitchFails: when elevator_init(q, "noop") cannot allocate the new
// scheduler, the chapter logs its warning and the queue keeps cfq; insmod
// still succeeds.
func TestSwitchFails(t *testing.T) {
	k := ktest.Boot(t, 1)
	k.Fault.FailNth(fault.Elevator, 2) // the first is blk_init_queue's default
	ktest.Insmod(t, k, step.Module, "")
	if got, want := readFile(t, k, "/sys/block/simp_blkdev/queue/scheduler"), "noop anticipatory deadline [cfq] \n"; got != want {
		t.Errorf("scheduler = %q, want %q", got, want)
	}
	if !strings.Contains(k.Dmesg(), "Switch elevator failed, using default\n") {
		t.Errorf("dmesg lacks the chapter's warning:\n%s", k.Dmesg())
	}
}

// TestModuleSizeAndUsers: the 16 MiB array is part of the module core, so
// lsmod's Size is 16 MiB and a bit; Used by counts the open device, and
// rmmod refuses while it is open.
func TestModuleSizeAndUsers(t *testing.T) {
	k := ktest.Boot(t, 1)
	m := ktest.Insmod(t, k, step.Module, "")
	if got := k.ProcModules(); !strings.HasPrefix(got, "simp_blkdev 16784008 0 - Live 0x") {
		t.Errorf("/proc/modules = %q", got)
	}
	b, err := k.Open("/dev/simp_blkdev")
	if err != nil {
		t.Fatal(err)
	}
	if m.Refcount() != 1 {
		t.Errorf("used by %d while open, want 1", m.Refcount())
	}
	if err := k.DeleteModule("simp_blkdev"); err != blockdev.EWOULDBLOCK {
		t.Errorf("rmmod while open = %v, want EWOULDBLOCK", err)
	}
	b.Close()
	if m.Refcount() != 0 {
		t.Errorf("used by %d after close, want 0", m.Refcount())
	}
	if err := k.DeleteModule("simp_blkdev"); err != nil {
		t.Errorf("rmmod = %v", err)
	}
	if err := k.DeleteModule("simp_blkdev"); err != blockdev.ENOENT {
		t.Errorf("second rmmod = %v, want ENOENT", err)
	}
}

// TestRmmodFreesEverything: after insmod, I/O and rmmod, every page and
// every byte of vmalloc space is back.
func TestRmmodFreesEverything(t *testing.T) {
	k := ktest.Boot(t, 4)
	freeBefore, vmBefore := k.Mem.NrFreePages(), k.Mem.VmallocUsed()
	ktest.Insmod(t, k, step.Module, "")
	if got := k.Mem.VmallocUsed() - vmBefore; got < 16<<20 {
		t.Errorf("vmalloc grew by %d bytes, want at least 16 MiB for the array", got)
	}
	b, err := k.Open("/dev/simp_blkdev")
	if err != nil {
		t.Fatal(err)
	}
	b.WriteAt(ktest.Pattern(1<<20, 5), 0)
	b.Close()
	if err := k.DeleteModule("simp_blkdev"); err != nil {
		t.Fatalf("rmmod: %v", err)
	}
	if got := k.Mem.NrFreePages(); got != freeBefore {
		t.Errorf("free pages %d after rmmod, %d before insmod", got, freeBefore)
	}
	if got := k.Mem.VmallocUsed(); got != vmBefore {
		t.Errorf("vmalloc used %d after rmmod, %d before insmod", got, vmBefore)
	}
	if _, err := k.Lstat("/dev/simp_blkdev"); err == nil {
		t.Error("/dev/simp_blkdev still there after rmmod")
	}
}

// TestInsmodUnwinds fails, in turn, every allocation insmod makes (each
// kind, each N): insmod fails with ENOMEM and leaves no page, no vmalloc
// space, no disk and no module behind.
func TestInsmodUnwinds(t *testing.T) {
	k := ktest.Boot(t, 5)
	for _, kind := range []fault.Kind{fault.Vmalloc, fault.Queue, fault.Elevator, fault.Disk, fault.Page} {
		// Count the allocations of this kind a successful insmod makes.
		k.Fault.FailNth(kind, 0)
		ktest.Insmod(t, k, step.Module, "")
		calls := k.Fault.Calls(kind)
		if err := k.DeleteModule("simp_blkdev"); err != nil {
			t.Fatal(err)
		}
		if calls == 0 {
			t.Errorf("%s: insmod makes no allocation of this kind", kind)
		}
		for _, n := range ktest.Sample(calls) {
			freeBefore, vmBefore := k.Mem.NrFreePages(), k.Mem.VmallocUsed()
			k.Fault.FailNth(kind, n)
			_, err := k.InitModule(step.Module, "")
			k.Fault.FailNth(kind, 0)
			if kind == fault.Elevator && n == 2 {
				// elevator_init(q, "noop") failed: the chapter keeps
				// the default scheduler and loads (TestSwitchFails).
				if err != nil {
					t.Errorf("%s #%d: insmod = %v, want success", kind, n, err)
				}
				k.DeleteModule("simp_blkdev")
				continue
			}
			if err != blockdev.ENOMEM {
				t.Errorf("%s #%d: insmod = %v, want ENOMEM", kind, n, err)
			}
			if k.FindModule("simp_blkdev") != nil || len(k.Disks()) != 0 {
				t.Fatalf("%s #%d: module or disk left behind", kind, n)
			}
			if got := k.Mem.NrFreePages(); got != freeBefore {
				t.Fatalf("%s #%d: %d free pages after the failed insmod, %d before", kind, n, got, freeBefore)
			}
			if got := k.Mem.VmallocUsed(); got != vmBefore {
				t.Fatalf("%s #%d: vmalloc used %d after, %d before", kind, n, got, vmBefore)
			}
		}
	}
}
