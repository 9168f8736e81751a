package blockdev

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"testing"

	"simpblkdev/blockdev/mm"
)

// procFile reads a /proc file through the system calls, as cat does.
func procFile(t *testing.T, k *Kernel, name string) string {
	t.Helper()
	n, err := k.Lstat("/proc/" + name)
	if err != nil {
		t.Fatalf("/proc/%s: %v", name, err)
	}
	s, err := n.Show()
	if err != nil {
		t.Fatalf("/proc/%s: %v", name, err)
	}
	return s
}

// meminfoKB returns one field of /proc/meminfo, in kB.
func meminfoKB(t *testing.T, k *Kernel, field string) int64 {
	t.Helper()
	for _, l := range strings.Split(procFile(t, k, "meminfo"), "\n") {
		if name, rest, ok := strings.Cut(l, ":"); ok && name == field {
			var v int64
			fmt.Sscanf(rest, "%d", &v)
			return v
		}
	}
	t.Fatalf("/proc/meminfo has no %s", field)
	return 0
}

// TestBootLog: the lines of the 2.6.18 boot log, in order, with the memory
// totals the machine really has.
func TestBootLog(t *testing.T) {
	k, err := Boot(Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	total := k.Mem.TotalRAMPages() * 4
	want := []string{
		"Linux version 2.6.18-53.el5 (brewbuilder@hs20-bc1-7.build.redhat.com) (gcc version 4.1.2 20070626 (Red Hat 4.1.2-14)) #1 SMP Wed Oct 10 16:34:02 EDT 2007",
		"128MB HIGHMEM available.",
		"896MB LOWMEM available.",
		"Kernel command line: ro root=LABEL=/ rhgb quiet",
		fmt.Sprintf("Memory: %dk/1048576k available (2004k kernel code, %dk reserved, 826k data, 224k init, 131072k highmem)",
			total, 1048576-total),
		"io scheduler noop registered",
	}
	if got := strings.Split(strings.TrimSuffix(k.Dmesg(), "\n"), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("boot log\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := procFile(t, k, "version"); got != want[0]+"\n" {
		t.Errorf("/proc/version = %q", got)
	}
	if got := meminfoKB(t, k, "MemTotal"); got != total {
		t.Errorf("MemTotal %d kB, the boot log says %d", got, total)
	}

	x, err := Boot(Config{Preset: "x86_64", Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if log := x.Dmesg(); strings.Contains(log, "HIGHMEM") || !strings.Contains(log, "k init)\n") {
		t.Errorf("x86_64 boot log:\n%s", log)
	}
}

// TestCmdlineElevator: elevator= on the command line moves " (default)"
// and is what elevator_init(q, NULL) gives a new queue; a name nobody
// registered is reported when a queue is made.
func TestCmdlineElevator(t *testing.T) {
	k, err := Boot(Config{Seed: 1, Cmdline: "ro elevator=noop"})
	if err != nil {
		t.Fatal(err)
	}
	if got := procFile(t, k, "cmdline"); got != "ro elevator=noop\n" {
		t.Errorf("/proc/cmdline = %q", got)
	}
	if !strings.Contains(k.Dmesg(), "io scheduler noop registered (default)\n") {
		t.Errorf("boot log:\n%s", k.Dmesg())
	}
	k.ClearLog()
	q := k.BlkInitQueue(func(*RequestQueue) {}, nil)
	if q == nil || q.Elevator.Type.Name != "noop" || k.Dmesg() != "" {
		t.Errorf("blk_init_queue: %v, log %q", q, k.Dmesg())
	}
	BlkCleanupQueue(q)

	k, err = Boot(Config{Seed: 1, Cmdline: "elevator=bogus"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(k.Dmesg(), "(default)") {
		t.Errorf("an unknown elevator= still marks a default:\n%s", k.Dmesg())
	}
	k.ClearLog()
	q = k.BlkInitQueue(func(*RequestQueue) {}, nil)
	if !strings.HasPrefix(k.Dmesg(), "I/O scheduler bogus not found\n") {
		t.Errorf("blk_init_queue logged %q", k.Dmesg())
	}
	if q != nil {
		BlkCleanupQueue(q)
	}

	k.elevatorSetup("as")
	if k.chosenElevator != "anticipatory" {
		t.Errorf("elevator=as chose %q", k.chosenElevator)
	}
}

// TestMemDevices: /dev/null, zero, full and urandom as drivers/char/mem.c
// makes them, reached through open, read and write.
func TestMemDevices(t *testing.T) {
	k, err := Boot(Config{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	open := func(k *Kernel, name string) *CharFile {
		t.Helper()
		n, err := k.Lstat("/dev/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if n.Mode != fs.ModeDevice|fs.ModeCharDevice|0666 || n.Dev.Major() != 1 {
			t.Errorf("/dev/%s: mode %v, dev %d:%d", name, n.Mode, n.Dev.Major(), n.Dev.Minor())
		}
		f, err := k.OpenChr(n.Dev)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	buf := bytes.Repeat([]byte{0xff}, 64)
	if n, err := open(k, "null").Read(buf); n != 0 || err != io.EOF {
		t.Errorf("read /dev/null = %d, %v", n, err)
	}
	if n, err := open(k, "null").Write(buf); n != 64 || err != nil {
		t.Errorf("write /dev/null = %d, %v", n, err)
	}
	if n, err := open(k, "zero").Read(buf); n != 64 || err != nil || !bytes.Equal(buf, make([]byte, 64)) {
		t.Errorf("read /dev/zero = %d, %v, % x", n, err, buf)
	}
	if _, err := open(k, "full").Write(buf); !errors.Is(err, ENOSPC) {
		t.Errorf("write /dev/full = %v, want ENOSPC", err)
	}
	urandom := func(seed int64) []byte {
		k, err := Boot(Config{Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		b := make([]byte, 32)
		open(k, "urandom").Read(b)
		return b
	}
	if a, b, c := urandom(3), urandom(3), urandom(4); !bytes.Equal(a, b) || bytes.Equal(a, c) {
		t.Errorf("urandom: seed 3 gave % x and % x, seed 4 % x", a, b, c)
	}
	for _, dev := range []DevT{MKDEV(1, 1), MKDEV(4, 0)} {
		if _, err := k.OpenChr(dev); !errors.Is(err, ENXIO) {
			t.Errorf("open %d:%d = %v, want ENXIO", dev.Major(), dev.Minor(), err)
		}
	}
	if got := procFile(t, k, "devices"); got != "Character devices:\n  1 mem\n\nBlock devices:\n" {
		t.Errorf("/proc/devices = %q", got)
	}
	if _, err := k.Lstat("/proc/nope"); !errors.Is(err, ENOENT) {
		t.Errorf("/proc/nope: %v, want ENOENT", err)
	}
}

// TestProcMoves: /proc/meminfo, /proc/diskstats and /proc/mounts follow
// what was done: pages taken, pages dirtied and written back, mounts.
func TestProcMoves(t *testing.T) {
	k, _, b := loadRamdisk(t, false)
	free := meminfoKB(t, k, "MemFree")
	p := k.Mem.AllocPages(mm.GFP_KERNEL, 4)
	if got := meminfoKB(t, k, "MemFree"); got != free-64 {
		t.Errorf("MemFree %d kB after taking 16 pages, was %d", got, free)
	}
	k.Mem.FreePages(p, 4)

	disk := "   240    0 ramdisk "
	if got := procFile(t, k, "diskstats"); !strings.HasPrefix(got, disk[2:]+"0 0 0 0 0 0 0 0 0 0 0\n") {
		t.Errorf("/proc/diskstats before any I/O: %q", got)
	}
	if _, err := b.WriteAt(make([]byte, 8192), 0); err != nil {
		t.Fatal(err)
	}
	if d, buf := meminfoKB(t, k, "Dirty"), meminfoKB(t, k, "Buffers"); d != 8 || buf < 8 {
		t.Errorf("after writing 2 pages: Dirty %d kB, Buffers %d kB", d, buf)
	}
	if err := b.Sync(); err != nil {
		t.Fatal(err)
	}
	if d, w := meminfoKB(t, k, "Dirty"), meminfoKB(t, k, "Writeback"); d != 0 || w != 0 {
		t.Errorf("after sync: Dirty %d kB, Writeback %d kB", d, w)
	}
	if got := procFile(t, k, "diskstats"); !strings.HasPrefix(got, disk[2:]+"0 0 0 0 1 1 16 ") {
		t.Errorf("/proc/diskstats after writing 16 sectors: %q", got)
	}

	k.ClearLog()
	if err := k.Mount(b, "/dev/ramdisk", "/mnt", "ext4", MS_NOATIME); err != nil {
		t.Fatal(err)
	}
	if want := "kjournald2 starting.  Commit interval 5 seconds\nEXT4 FS on ramdisk, internal journal\nEXT4-fs: mounted filesystem with ordered data mode.\n"; k.Dmesg() != want {
		t.Errorf("mount logged %q, want %q", k.Dmesg(), want)
	}
	mounts := procFile(t, k, "mounts")
	if !strings.HasPrefix(mounts, "rootfs / rootfs rw 0 0\n/dev/root / ext3 rw,data=ordered 0 0\n") ||
		!strings.HasSuffix(mounts, "/sys /sys sysfs rw 0 0\n/dev/ramdisk /mnt ext4 rw,noatime,data=ordered 0 0\n") {
		t.Errorf("/proc/mounts:\n%s", mounts)
	}
	if err := k.Remount("/mnt", MS_RDONLY); err != nil || !strings.Contains(procFile(t, k, "mounts"), "/mnt ext4 ro,data=ordered 0 0\n") {
		t.Errorf("remount ro: %v\n%s", err, procFile(t, k, "mounts"))
	}
	if err := k.Umount("/mnt"); err != nil || strings.Contains(procFile(t, k, "mounts"), "/mnt") {
		t.Errorf("umount: %v\n%s", err, procFile(t, k, "mounts"))
	}
	if err := k.Umount("/mnt"); !errors.Is(err, EINVAL) {
		t.Errorf("second umount: %v, want EINVAL", err)
	}
}
