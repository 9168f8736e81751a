package blockdev

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/diskfs/go-diskfs/partition/mbr"
	"github.com/google/go-cmp/cmp"
)

// atSector lets go-diskfs's mbr.Table.Write, which writes at byte 446 of
// its file, write an EBR (laid out as an MBR) at any byte offset.
type atSector struct {
	*os.File
	off int64
}

func (f atSector) WriteAt(p []byte, off int64) (int, error) { return f.File.WriteAt(p, off+f.off) }

// diskImage returns a ramdisk image whose sector s holds the table
// go-diskfs writes for tables[s] (nil entries are empty slots).
func diskImage(t *testing.T, tables map[int64][]*mbr.Partition) []byte {
	t.Helper()
	f, err := os.Create(filepath.Join(t.TempDir(), "disk"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(ramdiskBytes); err != nil {
		t.Fatal(err)
	}
	for s, entries := range tables {
		tab := &mbr.Table{LogicalSectorSize: 512, PhysicalSectorSize: 512}
		for _, e := range entries {
			if e == nil {
				e = &mbr.Partition{}
			}
			tab.Partitions = append(tab.Partitions, e)
		}
		if err := tab.Write(atSector{f, s * 512}, ramdiskBytes); err != nil {
			t.Fatal(err)
		}
	}
	img, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func linuxPart(start, size uint32) *mbr.Partition {
	return &mbr.Partition{Type: mbr.Linux, Start: start, Size: size}
}

// withLogical is the 1 MiB ramdisk (2048 sectors) with a primary partition
// and an extended one holding two logical partitions: 1 at 63+937, the
// extended 2 at 1000, 5 at 1001+500 and 6 at 1601+399.
func withLogical(t *testing.T) []byte {
	return diskImage(t, map[int64][]*mbr.Partition{
		0:    {linuxPart(63, 937), {Type: mbr.ExtendedCHS, Start: 1000, Size: 1048}},
		1000: {linuxPart(1, 500), {Type: mbr.ExtendedCHS, Start: 600, Size: 448}},
		1600: {linuxPart(1, 399)},
	})
}

// bootPartitioned boots a machine and loads the test driver with minors
// minors over image.
func bootPartitioned(t *testing.T, minors int, bioBased bool, image []byte) (*Kernel, *ramdisk) {
	t.Helper()
	k, err := Boot(Config{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	m, err := k.InitModule(partitionedRamdisk("ramdisk", minors, bioBased, image), "")
	if err != nil {
		t.Fatalf("insmod: %v", err)
	}
	return k, m.code.(*ramdisk)
}

// open opens path and closes it at the end of the test.
func open(t *testing.T, k *Kernel, path string) *BlockDevice {
	t.Helper()
	b, err := k.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// show reads a kernfs file.
func show(t *testing.T, k *Kernel, path string) string {
	t.Helper()
	n, err := k.Lstat(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	s, err := n.Show()
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return s
}

// ls lists a kernfs directory.
func ls(t *testing.T, k *Kernel, path string) []string {
	t.Helper()
	n, err := k.Lstat(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var names []string
	for _, c := range n.Children() {
		names = append(names, c.Name)
	}
	return names
}

// blockNodes returns the names of the block device nodes in /dev: the
// disks and partitions, without the character devices made at boot.
func blockNodes(t *testing.T, k *Kernel) []string {
	t.Helper()
	n, err := k.Lstat("/dev")
	if err != nil {
		t.Fatalf("/dev: %v", err)
	}
	var names []string
	for _, c := range n.Children() {
		if c.Mode&fs.ModeDevice != 0 && c.Mode&fs.ModeCharDevice == 0 {
			names = append(names, c.Name)
		}
	}
	return names
}

// scanLines returns the log lines that name the disk, as dmesg | grep
// ramdisk shows them, with their levels.
func scanLines(k *Kernel) []LogLine {
	var ls []LogLine
	for _, l := range k.LogLines() {
		if strings.Contains(l.Text, "ramdisk") {
			ls = append(ls, l)
		}
	}
	return ls
}

// TestAddDiskScansPartitions: add_disk of a disk of 64 minors reads its
// table, on a request-based queue and on a bio-based one: one KERN_INFO
// line with the logical partitions between < and >, a /dev node per
// partition with minor first_minor+n, a sysfs directory each (the
// extended partition too, with its 2 sectors), and /proc/partitions lines.
func TestAddDiskScansPartitions(t *testing.T) {
	for _, bioBased := range []bool{false, true} {
		k, _ := bootPartitioned(t, 64, bioBased, withLogical(t))
		if diff := cmp.Diff([]LogLine{{Level: 6, Text: " ramdisk: ramdisk1 ramdisk2 < ramdisk5 ramdisk6 >"}}, scanLines(k)); diff != "" {
			t.Errorf("bio-based %v: log (-want +got):\n%s", bioBased, diff)
		}
		for _, n := range []int{1, 2, 5, 6} {
			name := partName("ramdisk", n)
			node, err := k.Lstat("/dev/" + name)
			if err != nil || node.Dev != MKDEV(240, n) {
				t.Errorf("/dev/%s: %v, %v; want 240,%d", name, node, err, n)
			}
		}
		if _, err := k.Lstat("/dev/ramdisk3"); err != ENOENT {
			t.Errorf("/dev/ramdisk3: %v, want ENOENT", err)
		}
		want := []string{"dev", "holders", "range", "ramdisk1", "ramdisk2", "ramdisk5", "ramdisk6", "removable", "size", "slaves", "stat", "subsystem", "uevent"}
		if !bioBased {
			want = append(want, "queue")
		}
		slices.Sort(want)
		if diff := cmp.Diff(want, ls(t, k, "/sys/block/ramdisk")); diff != "" {
			t.Errorf("/sys/block/ramdisk (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"dev", "holders", "size", "start", "stat", "subsystem", "uevent"}, ls(t, k, "/sys/block/ramdisk/ramdisk5")); diff != "" {
			t.Errorf("/sys/block/ramdisk/ramdisk5 (-want +got):\n%s", diff)
		}
		for file, want := range map[string]string{
			"ramdisk5/dev": "240:5\n", "ramdisk5/start": "1001\n", "ramdisk5/size": "500\n",
			"ramdisk2/start": "1000\n", "ramdisk2/size": "2\n",
			"ramdisk5/stat": "       0        0        0        0\n",
		} {
			if got := show(t, k, "/sys/block/ramdisk/"+file); got != want {
				t.Errorf("%s = %q, want %q", file, got, want)
			}
		}
		wantProc := "major minor  #blocks  name\n\n" +
			" 240     0       1024 ramdisk\n" +
			" 240     1        468 ramdisk1\n" +
			" 240     2          1 ramdisk2\n" +
			" 240     5        250 ramdisk5\n" +
			" 240     6        199 ramdisk6\n"
		if got := show(t, k, "/proc/partitions"); got != wantProc {
			t.Errorf("/proc/partitions:\n%s\nwant:\n%s", got, wantProc)
		}
	}
}

// TestOneMinorNoScan: a disk of one minor is not scanned (no line, no
// nodes, even with a table on it), and BLKRRPART on it is EINVAL.
func TestOneMinorNoScan(t *testing.T) {
	k, _ := bootPartitioned(t, 1, false, withLogical(t))
	if ls := scanLines(k); len(ls) != 0 {
		t.Errorf("log %v, want no scan line", ls)
	}
	if diff := cmp.Diff([]string{"ramdisk"}, blockNodes(t, k)); diff != "" {
		t.Errorf("/dev (-want +got):\n%s", diff)
	}
	b := open(t, k, "/dev/ramdisk")
	if err := b.Ioctl(BLKRRPART, nil); err != EINVAL {
		t.Errorf("BLKRRPART = %v, want EINVAL", err)
	}
}

// TestPartitionsBeyondMinors: of four primaries on a disk of 4 minors only
// 1–3 exist, and the scan line names only those.
func TestPartitionsBeyondMinors(t *testing.T) {
	img := diskImage(t, map[int64][]*mbr.Partition{0: {linuxPart(1, 10), linuxPart(11, 10), linuxPart(21, 10), linuxPart(31, 10)}})
	k, _ := bootPartitioned(t, 4, false, img)
	if diff := cmp.Diff([]LogLine{{Level: 6, Text: " ramdisk: ramdisk1 ramdisk2 ramdisk3"}}, scanLines(k)); diff != "" {
		t.Errorf("log (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"ramdisk", "ramdisk1", "ramdisk2", "ramdisk3"}, blockNodes(t, k)); diff != "" {
		t.Errorf("/dev (-want +got):\n%s", diff)
	}
}

// TestPartitionIORemapped: what is written through a partition lands on
// the disk at the partition's start, reads back through the whole disk,
// and is counted in the partition's stat (bios and sectors, by direction,
// as 2.6.18 counts them when it remaps); sizes through BLKGETSIZE and
// BLKGETSIZE64 are the partition's.
func TestPartitionIORemapped(t *testing.T) {
	for _, bioBased := range []bool{false, true} {
		k, d := bootPartitioned(t, 64, bioBased, withLogical(t))
		p := open(t, k, "/dev/ramdisk5")
		data := bytes.Repeat([]byte("part5..."), 512/8*3)
		if _, err := p.WriteDirect(data, 512); err != nil {
			t.Fatalf("write to ramdisk5: %v", err)
		}
		if got := d.data[1002*512 : 1005*512]; !bytes.Equal(got, data) {
			t.Errorf("bio-based %v: the disk does not hold the write at sector 1002", bioBased)
		}
		whole := open(t, k, "/dev/ramdisk")
		got := make([]byte, len(data))
		if _, err := whole.ReadAt(got, 1002*512); err != nil || !bytes.Equal(got, data) {
			t.Errorf("read through the disk: %v, equal %v", err, bytes.Equal(got, data))
		}
		if _, err := p.ReadDirect(got, 512); err != nil || !bytes.Equal(got, data) {
			t.Errorf("read through the partition: %v, equal %v", err, bytes.Equal(got, data))
		}
		if got := show(t, k, "/sys/block/ramdisk/ramdisk5/stat"); got != "       1        3        1        3\n" {
			t.Errorf("ramdisk5/stat = %q", got)
		}
		var sectors, bytes uint64
		if err := p.Ioctl(BLKGETSIZE, &sectors); err != nil || sectors != 500 {
			t.Errorf("BLKGETSIZE = %d, %v; want 500", sectors, err)
		}
		if err := p.Ioctl(BLKGETSIZE64, &bytes); err != nil || bytes != 500*512 {
			t.Errorf("BLKGETSIZE64 = %d, %v; want %d", bytes, err, 500*512)
		}
	}
}

// TestPartitionIOBounded: I/O through a partition stops at the
// partition's end (a write across it is short, a bio across it fails); a
// partition reaching past the end of the disk is logged when it is added,
// and I/O through it past the disk fails with EIO in the block layer,
// before any driver sees it.
func TestPartitionIOBounded(t *testing.T) {
	k, d := bootPartitioned(t, 64, false, withLogical(t))
	p := open(t, k, "/dev/ramdisk5")
	if n, err := p.WriteDirect(bytes.Repeat([]byte{7}, 1024), 499*512); n != 512 || err != nil {
		t.Errorf("write across the end of ramdisk5: %d, %v; want 512, nil", n, err)
	}
	if d.data[1500*512] != 7 || d.data[1501*512] != 0 {
		t.Errorf("the write did not stop at the end of ramdisk5 (sector 1500)")
	}
	if err := k.SubmitBioWait(nil, WRITE, pageBio(k, p, 496, make([]byte, 4096))); err != -EIO {
		t.Errorf("a bio across the end of ramdisk5: %v, want -EIO", err.Name())
	}
	if _, err := p.WriteDirect(make([]byte, 512), 500*512); err != ENOSPC {
		t.Errorf("write at the end of ramdisk5: %v, want ENOSPC", err)
	}

	img := diskImage(t, map[int64][]*mbr.Partition{0: {linuxPart(1000, 2000)}})
	k, d = bootPartitioned(t, 64, false, img)
	want := []LogLine{
		{Level: 6, Text: " ramdisk: ramdisk1"},
		{Level: 4, Text: " ramdisk: p1 exceeds device capacity"},
	}
	if diff := cmp.Diff(want, scanLines(k)); diff != "" {
		t.Errorf("log (-want +got):\n%s", diff)
	}
	p = open(t, k, "/dev/ramdisk1")
	if got := show(t, k, "/sys/block/ramdisk/ramdisk1/size"); got != "2000\n" {
		t.Errorf("ramdisk1/size = %q: 2.6.18 adds the partition as the table says", got)
	}
	seen := len(d.seen)
	if _, err := p.WriteDirect(bytes.Repeat([]byte{1}, 4096), 1048*512); err != EIO {
		t.Errorf("write past the end of the disk: %v, want EIO", err)
	}
	if len(d.seen) != seen {
		t.Errorf("the driver saw a request past the end of the disk")
	}
	if !strings.Contains(k.Dmesg(), "attempt to access beyond end of device\nramdisk: rw=17, want=2056, limit=2048\n") {
		t.Errorf("no end-of-device report in\n%s", k.Dmesg())
	}
	if _, err := p.WriteDirect(bytes.Repeat([]byte{2}, 4096), 1000*512); err != nil {
		t.Errorf("write inside the disk: %v", err)
	}
	if d.data[2000*512] != 2 {
		t.Errorf("the write inside the disk did not land at sector 2000")
	}
}

// TestBLKRRPART: the re-read finds a table written through the disk, logs
// the scan again, adds and removes nodes, directories and /proc lines;
// it is EBUSY while a partition is open and EINVAL on a partition.
func TestBLKRRPART(t *testing.T) {
	k, d := bootPartitioned(t, 64, false, nil)
	if diff := cmp.Diff([]LogLine{{Level: 6, Text: " ramdisk: unknown partition table"}}, scanLines(k)); diff != "" {
		t.Errorf("log at add_disk (-want +got):\n%s", diff)
	}
	whole := open(t, k, "/dev/ramdisk")
	img := diskImage(t, map[int64][]*mbr.Partition{0: {linuxPart(63, 1000), linuxPart(1063, 985)}})
	if _, err := whole.WriteAt(img[:512], 0); err != nil {
		t.Fatal(err)
	}
	k.ClearLog()
	if err := whole.Ioctl(BLKRRPART, nil); err != nil {
		t.Fatalf("BLKRRPART: %v", err)
	}
	if !bytes.Equal(d.data[:512], img[:512]) {
		t.Errorf("the re-read did not write the cached table back first")
	}
	if diff := cmp.Diff([]LogLine{{Level: 6, Text: " ramdisk: ramdisk1 ramdisk2"}}, scanLines(k)); diff != "" {
		t.Errorf("log at BLKRRPART (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"ramdisk", "ramdisk1", "ramdisk2"}, blockNodes(t, k)); diff != "" {
		t.Errorf("/dev (-want +got):\n%s", diff)
	}

	p1, err := k.Open("/dev/ramdisk1")
	if err != nil {
		t.Fatal(err)
	}
	if err := whole.Ioctl(BLKRRPART, nil); err != EBUSY {
		t.Errorf("BLKRRPART with ramdisk1 open: %v, want EBUSY", err)
	}
	if err := p1.Ioctl(BLKRRPART, nil); err != EINVAL {
		t.Errorf("BLKRRPART on a partition: %v, want EINVAL", err)
	}
	if err := p1.Close(); err != nil {
		t.Fatal(err)
	}

	// The driver's disk changes behind the page cache (as it would under
	// another writer): the re-read drops the cached sector 0 and sees it.
	copy(d.data, diskImage(t, map[int64][]*mbr.Partition{0: {linuxPart(63, 1000)}})[:512])
	if err := whole.Ioctl(BLKRRPART, nil); err != nil {
		t.Fatalf("BLKRRPART: %v", err)
	}
	if diff := cmp.Diff([]string{"ramdisk", "ramdisk1"}, blockNodes(t, k)); diff != "" {
		t.Errorf("/dev after removing partition 2 (-want +got):\n%s", diff)
	}
	if slices.Contains(ls(t, k, "/sys/block/ramdisk"), "ramdisk2") {
		t.Errorf("/sys/block/ramdisk/ramdisk2 is still there")
	}
	if strings.Contains(show(t, k, "/proc/partitions"), "ramdisk2") {
		t.Errorf("/proc/partitions still lists ramdisk2")
	}
	if _, err := k.OpenDev(MKDEV(240, 2)); err != ENXIO {
		t.Errorf("open of the removed partition's number: %v, want ENXIO", err)
	}
}

// TestDelGendiskRemovesPartitions: rmmod takes the partitions' nodes with
// the disk's.
func TestDelGendiskRemovesPartitions(t *testing.T) {
	k, _ := bootPartitioned(t, 64, true, withLogical(t))
	if err := k.DeleteModule("ramdisk"); err != nil {
		t.Fatal(err)
	}
	if got := blockNodes(t, k); len(got) != 0 {
		t.Errorf("/dev after rmmod: %v", got)
	}
	if got := show(t, k, "/proc/partitions"); got != "major minor  #blocks  name\n\n" {
		t.Errorf("/proc/partitions after rmmod:\n%s", got)
	}
}

// TestBLKRRPARTConcurrent: re-reads race with opens, I/O and closes of a
// partition and with readers of /proc and /sys. Each re-read either
// succeeds or is EBUSY, an open either succeeds or is ENXIO (between a
// delete and an add), nothing deadlocks, and go test -race finds no race.
func TestBLKRRPARTConcurrent(t *testing.T) {
	k, _ := bootPartitioned(t, 64, true, withLogical(t))
	whole := open(t, k, "/dev/ramdisk")
	var wg sync.WaitGroup
	run := func(f func()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				f()
			}
		}()
	}
	run(func() {
		if err := whole.Ioctl(BLKRRPART, nil); err != nil && err != EBUSY {
			t.Errorf("BLKRRPART: %v", err)
		}
	})
	run(func() {
		p, err := k.OpenDev(MKDEV(240, 5))
		if err == ENXIO {
			return
		}
		if err != nil {
			t.Errorf("open ramdisk5: %v", err)
			return
		}
		if _, err := p.WriteDirect(make([]byte, 4096), 0); err != nil {
			t.Errorf("write to ramdisk5: %v", err)
		}
		if err := p.Close(); err != nil {
			t.Errorf("close ramdisk5: %v", err)
		}
	})
	run(func() {
		n, err := k.Lstat("/proc/partitions")
		if err != nil {
			t.Error(err)
			return
		}
		n.Show()
		if n, err := k.Lstat("/sys/block/ramdisk/ramdisk5/stat"); err == nil {
			n.Show()
		}
	})
	wg.Wait()
}

// TestPartitionIoctls: HDIO_GETGEO on a partition fills start with the
// partition's first sector before the driver's getgeo runs; BLKGETSIZE is
// EFBIG on i386 when the sector count does not fit an unsigned long, where
// BLKGETSIZE64 still answers.
func TestPartitionIoctls(t *testing.T) {
	k, d := bootPartitioned(t, 64, false, withLogical(t))
	d.fops.Getgeo = func(_ *BlockDevice, geo *HdGeometry) Errno {
		geo.Heads, geo.Sectors, geo.Cylinders = 4, 16, 32
		return 0
	}
	p := open(t, k, "/dev/ramdisk6")
	var geo HdGeometry
	if err := p.Ioctl(HDIO_GETGEO, &geo); err != nil || geo != (HdGeometry{4, 16, 32, 1601}) {
		t.Errorf("HDIO_GETGEO on ramdisk6 = %+v, %v; want start 1601", geo, err)
	}
	whole := open(t, k, "/dev/ramdisk")
	SetCapacity(d.disk, 1<<32)
	var sectors, size uint64
	if err := whole.Ioctl(BLKGETSIZE, &sectors); err != EFBIG {
		t.Errorf("BLKGETSIZE of 2^32 sectors on i386 = %d, %v; want EFBIG", sectors, err)
	}
	if err := whole.Ioctl(BLKGETSIZE64, &size); err != nil || size != 1<<41 {
		t.Errorf("BLKGETSIZE64 = %d, %v; want 2^41", size, err)
	}
	if err := whole.Ioctl(BLKGETSIZE, nil); err != EFAULT {
		t.Errorf("BLKGETSIZE without a pointer = %v, want EFAULT", err)
	}
}

// TestHostileTablesThroughTheKernel: tables the parser must survive, read
// through the page cache at add_disk: an EBR that links to itself with a
// data partition fills every logical number up to minors-1 with the same
// sectors (as 2.6.18 does) and stops there; a bad boot flag is no table.
func TestHostileTablesThroughTheKernel(t *testing.T) {
	loop := diskImage(t, map[int64][]*mbr.Partition{
		0:   {{Type: mbr.ExtendedLBA, Start: 100, Size: 1000}},
		100: {linuxPart(1, 10), {Type: mbr.ExtendedLBA, Start: 0, Size: 1000}},
	})
	k, _ := bootPartitioned(t, 64, true, loop)
	if got := len(blockNodes(t, k)); got != 1+1+59 {
		t.Errorf("%d nodes in /dev, want the disk, the extended partition and 59 logical ones", got)
	}
	if got := show(t, k, "/sys/block/ramdisk/ramdisk63/start"); got != "101\n" {
		t.Errorf("ramdisk63/start = %q, want 101", got)
	}

	flag := diskImage(t, map[int64][]*mbr.Partition{0: {linuxPart(63, 100)}})
	flag[446+16] = 0x01 // the second entry's boot indicator
	k, _ = bootPartitioned(t, 64, true, flag)
	if diff := cmp.Diff([]LogLine{{Level: 6, Text: " ramdisk: unknown partition table"}}, scanLines(k)); diff != "" {
		t.Errorf("log (-want +got):\n%s", diff)
	}
}
