package fs

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"simpblkdev/blockdev/errno"
)

// tool finds a program of the real tools, or skips the test saying which is
// missing.
func tool(t *testing.T, name string, where ...string) string {
	t.Helper()
	for _, p := range where {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	t.Skipf("%s not installed (looked in %v and $PATH): skipping the check with the real tool", name, where)
	return ""
}

func run(t *testing.T, prog string, args ...string) (string, error) {
	t.Helper()
	out, err := exec.Command(prog, args...).CombinedOutput()
	return string(out), err
}

// copyInitd mounts dev, copies the first n init.d scripts to the root, and
// unmounts.
func copyInitd(t *testing.T, dev Device, n int) map[string][]byte {
	t.Helper()
	f, err := Mount(dev)
	if err != nil {
		t.Fatalf("Mount: %v", err)
	}
	files := map[string][]byte{}
	for _, name := range initdNames[:n] {
		data := initdScript(name)
		if err := f.WriteFile("/"+name, data, 0o755); err != nil {
			t.Fatalf("WriteFile %s: %v", name, err)
		}
		files[name] = data
	}
	if err := f.Unmount(); err != nil {
		t.Fatalf("Unmount: %v", err)
	}
	return files
}

// e2fsckClean runs e2fsck -fn on the image and fails unless it finds
// nothing to fix.
func e2fsckClean(t *testing.T, img string) {
	t.Helper()
	e2fsck := tool(t, "e2fsck", "/usr/sbin/e2fsck", "/sbin/e2fsck")
	out, err := run(t, e2fsck, "-fn", img)
	if err != nil || strings.Contains(out, "Fix?") || strings.Contains(out, "WARNING") {
		t.Fatalf("e2fsck -fn %s: %v\n%s", img, err, out)
	}
	t.Logf("e2fsck -fn:\n%s", out)
}

// debugfsList checks that `debugfs -R 'ls -l /'` lists every file with its size.
func debugfsList(t *testing.T, img string, files map[string][]byte) {
	t.Helper()
	debugfs := tool(t, "debugfs", "/usr/sbin/debugfs", "/sbin/debugfs")
	out, err := run(t, debugfs, "-R", "ls -l /", img)
	if err != nil {
		t.Fatalf("debugfs: %v\n%s", err, out)
	}
	for name, data := range files {
		// "  12  100755 (1)      0      0    5437 10-Nov-2008 18:13 acpid"
		re := regexp.MustCompile(`(?m)^\s*\d+\s+100755 \(1\)\s+0\s+0\s+` + fmt.Sprint(len(data)) + `\s.*\s` + regexp.QuoteMeta(name) + `\s*$`)
		if !re.MatchString(out) {
			t.Errorf("debugfs ls -l / does not list %s (%d bytes)", name, len(data))
		}
	}
	if t.Failed() {
		t.Logf("debugfs -R 'ls -l /':\n%s", out)
	}
}

func TestExt4ImageChecksWithE2fsprogs(t *testing.T) {
	tool(t, "e2fsck", "/usr/sbin/e2fsck", "/sbin/e2fsck")
	dev, img := newFileDevice(t, 16<<20)
	if _, err := Mkfs(dev, Ext4, MkfsOptions{Seed: 1}); err != nil {
		t.Fatal(err)
	}
	e2fsckClean(t, img)

	files := copyInitd(t, dev, 40)
	e2fsckClean(t, img)
	debugfsList(t, img, files)

	// The whole of the tutorial's init.d: the root directory grows past one block.
	files = copyInitdFrom(t, dev, 40)
	e2fsckClean(t, img)
	debugfsList(t, img, files)

	// Removing goes through compaction; the result must be as clean.
	f, err := Mount(dev)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range initdNames[:30] {
		if err := f.Remove("/" + name); err != nil {
			t.Fatal(err)
		}
		delete(files, name)
	}
	if err := f.Mkdir("/sub"); err != nil {
		t.Fatal(err)
	}
	if err := f.WriteFile("/sub/passwd", []byte("root:x:0:0:root:/root:/bin/bash\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := f.Unmount(); err != nil {
		t.Fatal(err)
	}
	e2fsckClean(t, img)
	debugfsList(t, img, files)

	// rm -rf /mnt/temp1/* takes lost+found too, as in the tutorial.
	f, err = Mount(dev)
	if err != nil {
		t.Fatal(err)
	}
	ents, err := f.ReadDir("/")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if err := f.RemoveAll("/" + e.Name); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Unmount(); err != nil {
		t.Fatal(err)
	}
	e2fsckClean(t, img)
}

// copyInitdFrom copies the init.d scripts from index i on into dev, and
// returns all of them.
func copyInitdFrom(t *testing.T, dev Device, from int) map[string][]byte {
	t.Helper()
	f, err := Mount(dev)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range initdNames[from:] {
		if err := f.WriteFile("/"+name, initdScript(name), 0o755); err != nil {
			t.Fatalf("WriteFile %s: %v", name, err)
		}
	}
	if err := f.Unmount(); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, name := range initdNames {
		files[name] = initdScript(name)
	}
	return files
}

func TestVfatImageChecksWithMtools(t *testing.T) {
	mdir := tool(t, "mdir", "/usr/bin/mdir")
	mtype := tool(t, "mtype", "/usr/bin/mtype")
	dev, img := newFileDevice(t, 16<<20)
	if _, err := Mkfs(dev, Vfat, MkfsOptions{Seed: 1}); err != nil {
		t.Fatal(err)
	}
	files := copyInitd(t, dev, 40)
	out, err := run(t, mdir, "-i", img, "::")
	if err != nil {
		t.Fatalf("mdir: %v\n%s", err, out)
	}
	for name, data := range files {
		// mdir prints the 8.3 name, the size, the date, then the long name.
		re := regexp.MustCompile(`(?mi)\s` + fmt.Sprint(len(data)) + ` \d{4}-\d\d-\d\d\s+\d+:\d\d\s*(` + regexp.QuoteMeta(name) + `)?\s*$`)
		if !strings.Contains(strings.ToLower(out), strings.ToLower(name)) || !re.MatchString(out) {
			t.Errorf("mdir does not list %s with %d bytes", name, len(data))
		}
	}
	if t.Failed() {
		t.Logf("mdir -i IMG :::\n%s", out)
	}
	for _, name := range []string{"acpid", "avahi-dnsconfd", "cups-config-daemon", initdNames[39]} {
		out, err := exec.Command(mtype, "-i", img, "::/"+name).Output()
		if err != nil {
			t.Fatalf("mtype %s: %v", name, err)
		}
		if !bytes.Equal(out, files[name]) {
			t.Errorf("mtype ::/%s printed %d bytes, want the %d bytes written", name, len(out), len(files[name]))
		}
	}
	if fsck, err := exec.LookPath("fsck.fat"); err == nil || fileExists("/usr/sbin/fsck.fat") {
		if err != nil {
			fsck = "/usr/sbin/fsck.fat"
		}
		out, err := run(t, fsck, "-n", img)
		if err != nil || strings.Contains(out, "Reclaimed") || strings.Contains(out, "Truncating") {
			t.Errorf("fsck.fat -n: %v\n%s", err, out)
		}
	} else {
		t.Log("fsck.fat not installed: not checking the FAT with it")
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func TestFullImagesStayConsistent(t *testing.T) {
	for _, typ := range mountable {
		t.Run(string(typ), func(t *testing.T) {
			dev, img := newFileDevice(t, 8<<20)
			if _, err := Mkfs(dev, typ, MkfsOptions{}); err != nil {
				t.Fatal(err)
			}
			f, err := Mount(dev)
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; ; i++ {
				err = f.WriteFile(fmt.Sprintf("/file%03d", i), bytes.Repeat([]byte{byte(i)}, 150_000), 0o644)
				if err != nil {
					break
				}
			}
			if !errors.Is(err, errno.ENOSPC) {
				t.Fatalf("filling up: %v", err)
			}
			if err := f.Unmount(); err != nil {
				t.Fatal(err)
			}
			switch typ {
			case Ext4:
				e2fsckClean(t, img)
			case Vfat:
				fsck := tool(t, "fsck.fat", "/usr/sbin/fsck.fat", "/sbin/fsck.fat")
				out, err := run(t, fsck, "-n", img)
				if err != nil || strings.Contains(out, "Reclaimed") || strings.Contains(out, "Truncating") {
					t.Errorf("fsck.fat -n: %v\n%s", err, out)
				}
			}
		})
	}
}

// fillGarbage fills (the first 40 MiB of) the image with the kind of stale
// bytes the simulated machine's pages hold before their first use.
func fillGarbage(t *testing.T, dev *fileDevice) {
	t.Helper()
	buf := make([]byte, 1<<20)
	x := uint32(88172645)
	for off := int64(0); off < min(dev.size, 40<<20); off += int64(len(buf)) {
		for i := range buf {
			x ^= x << 13
			x ^= x >> 17
			x ^= x << 5
			buf[i] = byte(x)
		}
		n := min(int64(len(buf)), dev.size-off)
		if _, err := dev.WriteAt(buf[:n], off); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSizesOnStaleDevicesWithRealTools(t *testing.T) {
	for _, tc := range []struct {
		typ  Type
		size int64
	}{
		{Ext4, 1 << 20},   // no journal
		{Ext4, 8225280},   // one cylinder of 255*63 sectors: step 4's partitions
		{Ext4, 20 << 20},  // step 8's size=20M: a short last group
		{Ext4, 100 << 20}, // 13 groups
		{Ext4, 600 << 20}, // 4 KiB blocks
		{Vfat, 1 << 20},   // FAT12
		{Vfat, 8225280},   // FAT12
		{Vfat, 20 << 20},  // FAT16
		{Vfat, 600 << 20}, // FAT32
	} {
		t.Run(fmt.Sprintf("%s-%d", tc.typ, tc.size), func(t *testing.T) {
			if testing.Short() && tc.size > 100<<20 {
				t.Skip("large device; not in -short mode")
			}
			dev, img := newFileDevice(t, tc.size)
			fillGarbage(t, dev)
			if _, err := Mkfs(dev, tc.typ, MkfsOptions{}); err != nil {
				t.Fatal(err)
			}
			f, err := Mount(dev)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.Mkdir("/etc"); err != nil {
				t.Fatal(err)
			}
			for _, n := range initdNames[:12] {
				if err := f.WriteFile("/etc/"+n, initdScript(n), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			if err := f.Remove("/etc/" + initdNames[3]); err != nil {
				t.Fatal(err)
			}
			// a file written in pieces is appended to
			pieces := initdScript("pieces")
			for i := 0; i < len(pieces); i += 700 {
				if err := f.WriteFile("/etc/pieces", pieces[:min(i+700, len(pieces))], 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := f.Unmount(); err != nil {
				t.Fatal(err)
			}
			switch tc.typ {
			case Ext4:
				e2fsckClean(t, img)
			case Vfat:
				fsck := tool(t, "fsck.fat", "/usr/sbin/fsck.fat", "/sbin/fsck.fat")
				out, err := run(t, fsck, "-n", img)
				if tc.size > 520<<20 {
					// FAT32: go-diskfs points a subdirectory's ".." at the
					// root's cluster (2) instead of 0 and leaves the FSInfo
					// free count unset; fsck.fat says so and finds nothing
					// else (see doc.go).
					out = strings.Replace(out, "/etc\n  Invalid '..' entry in the second slot. Fixing.\n", "", 1)
					if strings.Contains(out, "Fixing") || strings.Contains(out, "Reclaimed") {
						t.Errorf("fsck.fat -n:\n%s", out)
					}
				} else if err != nil || strings.Contains(out, "Reclaimed") || strings.Contains(out, "Truncating") {
					t.Errorf("fsck.fat -n: %v\n%s", err, out)
				}
				mtype := tool(t, "mtype", "/usr/bin/mtype")
				got, err := exec.Command(mtype, "-i", img, "::/etc/"+initdNames[5]).Output()
				if err != nil || !bytes.Equal(got, initdScript(initdNames[5])) {
					t.Errorf("mtype: %v, %d bytes", err, len(got))
				}
			}
		})
	}
}

// TestWriteThatDoesNotFitKeepsWhatFits: a file bigger than the free space
// gets all of it (ext4 too, where go-diskfs refuses the whole and the volume
// finds what fits), appending to the full file fails with ENOSPC, a file
// bigger than one ext4 extent may hold is written in pieces, and the real
// fsck finds the image clean.
func TestWriteThatDoesNotFitKeepsWhatFits(t *testing.T) {
	for _, size := range []int64{16 << 20, 100 << 20} {
		for _, typ := range mountable {
			t.Run(fmt.Sprintf("%s/%dM", typ, size>>20), func(t *testing.T) {
				dev, img := newFileDevice(t, size)
				if _, err := Mkfs(dev, typ, MkfsOptions{}); err != nil {
					t.Fatal(err)
				}
				f, err := Mount(dev)
				if err != nil {
					t.Fatal(err)
				}
				if err := f.WriteFile("/a", bytes.Repeat([]byte{'a'}, 5<<20), 0o644); err != nil {
					t.Fatal(err)
				}
				before, _ := f.Statfs()
				big := bytes.Repeat([]byte("0123456789abcdef"), int(size/16))
				if err := f.WriteFile("/b", big, 0o644); !errors.Is(err, errno.ENOSPC) {
					t.Fatalf("WriteFile of %d bytes: %v, want ENOSPC", len(big), err)
				}
				s, _ := f.Statfs()
				e, _ := f.Stat("/b")
				// All free blocks but a few for the extent tree.
				if s.Bfree > 1 || e.Size < int64(before.Bfree-8)*before.Bsize {
					t.Errorf("b kept %d bytes, %d blocks free", e.Size, s.Bfree)
				}
				if n, err := f.AppendFile("/b", []byte("more"), 0o644); n != 0 || !errors.Is(err, errno.ENOSPC) {
					t.Errorf("AppendFile to a full file system: %d, %v", n, err)
				}
				if err := f.Unmount(); err != nil {
					t.Fatal(err)
				}
				if f, err = Mount(dev); err != nil {
					t.Fatal(err)
				}
				got, err := f.ReadFile("/b")
				if err != nil || !bytes.Equal(got, big[:e.Size]) {
					t.Errorf("b after a remount: %d bytes, %v", len(got), err)
				}
				f.Unmount()
				switch typ {
				case Ext4:
					e2fsckClean(t, img)
				case Vfat:
					fsck := tool(t, "fsck.fat", "/usr/sbin/fsck.fat", "/sbin/fsck.fat")
					out, err := run(t, fsck, "-n", img)
					if err != nil || strings.Contains(out, "Reclaimed") || strings.Contains(out, "Truncating") {
						t.Errorf("fsck.fat -n: %v\n%s", err, out)
					}
				}
			})
		}
	}
}
