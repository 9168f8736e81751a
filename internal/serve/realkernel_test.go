//go:build linux

package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"simpblkdev/blockdev/ktest"
	"simpblkdev/internal/chapters"
)

// TestExt3OnTheRealKernel is the tutorial's proof of each chapter done by
// the real kernel: the chapter's disk served through FUSE, attached with
// losetup, a real mkfs.ext3 and mount, a few MiB of files copied in; then,
// detached and with the page cache dropped, attached again with
// --direct-io=on, e2fsck -fn finds it clean and every file reads back equal
// to its source.
func TestExt3OnTheRealKernel(t *testing.T) {
	needRealKernel(t, "mkfs.ext3", "e2fsck", "cp")
	for _, ch := range chapters.All {
		t.Run(ch.Package, func(t *testing.T) {
			m := startMachine(t, ch.Module)
			f := mountFUSE(t, m)
			ext3RoundTrip(t, filepath.Join(f.Dir, m.Disk.DiskName))
		})
	}
}

// ext3RoundTrip makes an ext3 file system on the device file, fills it
// and checks it as TestExt3OnTheRealKernel says.
func ext3RoundTrip(t *testing.T, file string) {
	src := sourceFiles(t)
	loop, detach := losetup(t, file)
	mustRun(t, "mkfs.ext3", "-q", "-F", loop)
	dir, umount := mountDev(t, loop)
	mustRun(t, "cp", "-r", src+"/.", dir)
	umount.Do(t)
	detach.Do(t)
	dropCaches(t)

	loop, detach = losetup(t, file, "--direct-io=on")
	if out, err := run("e2fsck", "-fn", loop); err != nil {
		t.Fatalf("e2fsck -fn %s: %v\n%s", loop, err, out)
	}
	dir, umount = mountDev(t, loop, "-o", "ro")
	compareTrees(t, src, dir)
	umount.Do(t)
	detach.Do(t)
}

// sourceFiles writes the files to copy, 3 MiB in all, from empty to 1.5
// MiB, some not a multiple of a block, in a directory and a subdirectory.
func sourceFiles(t *testing.T) string {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	for i, size := range []int{0, 1, 333, 4096, 70000, 1 << 20, 1<<20 + 1<<19 + 7} {
		name := filepath.Join(dir, fmt.Sprintf("f%d", i))
		if i%2 == 1 {
			name = filepath.Join(dir, "sub", fmt.Sprintf("f%d", i))
		}
		if err := os.WriteFile(name, ktest.Pattern(size, byte(i)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// compareTrees checks that every file under src is under dst, equal.
func compareTrees(t *testing.T, src, dst string) {
	t.Helper()
	n := 0
	filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		want, _ := os.ReadFile(path)
		got, err := os.ReadFile(filepath.Join(dst, rel))
		if err != nil {
			t.Errorf("read back: %v", err)
		} else if !bytes.Equal(got, want) {
			t.Errorf("%s read back through the real kernel differs from its source:\n%s", rel, ktest.DiffBytes(want, got))
		}
		n++
		return nil
	})
	if n == 0 {
		t.Fatal("no files compared")
	}
}

// dropCaches drops the real kernel's page cache, so that what is read
// back comes from the driver (a container may refuse: then the loop
// device's cache went with losetup -d all the same).
func dropCaches(t *testing.T) {
	if err := os.WriteFile("/proc/sys/vm/drop_caches", []byte("3\n"), 0); err != nil {
		t.Logf("drop_caches: %v (the detached loop device's cache is gone anyway)", err)
	}
}

// TestPartitionsOnTheRealKernel is the partition session on the real
// kernel, for every chapter whose disk has room for partitions (alloc_disk
// with more than one minor), and for the tests' own driver until such a
// chapter exists: real sfdisk writes two partitions through the loop
// device, partx -a adds them, each gets an ext3 file system and files;
// losetup -d closes the whole disk after writing, and the simulated
// kernel's re-read, once that close has reached serve, agrees with
// sfdisk --json; each partition's own
// file, attached alone, holds its file system, clean and intact.
func TestPartitionsOnTheRealKernel(t *testing.T) {
	needRealKernel(t, "sfdisk", "partx", "mkfs.ext3", "e2fsck", "cp")
	for _, ch := range chapters.All {
		t.Run(ch.Package, func(t *testing.T) {
			m := startMachine(t, ch.Module)
			if m.Disk.Minors <= 1 {
				t.Skipf("step %d's disk has alloc_disk(%d): no partitions (the chapters with partitions join this test)", ch.Step, m.Disk.Minors)
			}
			partitionSession(t, m)
		})
	}
	t.Run("testdisk", func(t *testing.T) { partitionSession(t, startMachine(t, testdiskModule(16, 0, 0))) })
}

// partitionSession is TestPartitionsOnTheRealKernel on one machine.
func partitionSession(t *testing.T, m *Machine) {
	f := mountFUSE(t, m)
	src := sourceFiles(t)
	loop, detach := losetup(t, filepath.Join(f.Dir, m.Disk.DiskName))
	size := m.Whole().Size() >> 20
	table := fmt.Sprintf("label: dos\n,%dMiB,L\n,,L\n", size/2)
	if out, err := runStdin(table, "sfdisk", "-q", loop); err != nil {
		t.Fatalf("sfdisk: %v\n%s", err, out)
	}
	mustRun(t, "partx", "-a", loop)
	t.Cleanup(func() { run("partx", "-d", loop) })
	for _, part := range loopPartitions(loop, 2) {
		mustRun(t, "mkfs.ext3", "-q", "-F", part)
		dir, umount := mountDev(t, part)
		mustRun(t, "cp", "-r", src+"/.", dir)
		umount.Do(t)
	}
	want := realPartitionTable(t, loop)
	mustRun(t, "partx", "-d", loop)
	detach.Do(t)
	// losetup -d returns before the real kernel's RELEASE of the file
	// reaches serve, and so before the re-read that close asks for.
	if err := f.WaitClosed(toolTimeout); err != nil {
		t.Fatalf("after losetup -d: %v", err)
	}

	if got := simulatedPartitionTable(m); got != want {
		t.Fatalf("after losetup -d the simulated kernel's partitions (start and size in sectors) are\n%s\nsfdisk --json says\n%s\n/proc/partitions:\n%s\ndmesg:\n%s",
			got, want, m.procFile("/proc/partitions"), m.K.Dmesg())
	}
	for _, n := range m.Nodes()[1:] {
		file := filepath.Join(f.Dir, n.Name)
		fi, err := os.Stat(file)
		if err != nil || fi.Size() != n.Size {
			t.Fatalf("%s: %v, size %d; want the partition's %d bytes", file, err, fi.Size(), n.Size)
		}
		ploop, pdetach := losetup(t, file)
		if out, err := run("e2fsck", "-fn", ploop); err != nil {
			t.Fatalf("e2fsck -fn of %s: %v\n%s", file, err, out)
		}
		dir, umount := mountDev(t, ploop, "-o", "ro")
		compareTrees(t, src, dir)
		umount.Do(t)
		pdetach.Do(t)
	}
}

// simulatedPartitionTable is the simulated kernel's partitions of m's
// disk, start and size in sectors, one a line; /proc/partitions shows the
// same sizes, in KiB.
func simulatedPartitionTable(m *Machine) string {
	var b strings.Builder
	for _, p := range m.Disk.Partitions() {
		fmt.Fprintf(&b, "%d %d\n", p.StartSect, p.NrSects)
	}
	return b.String()
}

// loopPartitions is the real kernel's partitions of a loop device, as
// partx -a made them: /dev/loop0p1 ...
func loopPartitions(loop string, n int) []string {
	var parts []string
	for i := 1; i <= n; i++ {
		parts = append(parts, fmt.Sprintf("%sp%d", loop, i))
	}
	return parts
}

// realPartitionTable is sfdisk --json's view of dev: start and size in
// sectors per partition, one a line.
func realPartitionTable(t *testing.T, dev string) string {
	var table struct {
		PartitionTable struct {
			Partitions []struct{ Start, Size int64 }
		}
	}
	out := mustRun(t, "sfdisk", "--json", dev)
	if err := json.Unmarshal([]byte(out), &table); err != nil {
		t.Fatalf("sfdisk --json: %v\n%s", err, out)
	}
	var b strings.Builder
	for _, p := range table.PartitionTable.Partitions {
		fmt.Fprintf(&b, "%d %d\n", p.Start, p.Size)
	}
	return b.String()
}
