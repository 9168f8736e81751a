package shell

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestFillFileSystem fills a mounted file system: cp reports ENOSPC in
// 5.97's words, df shows it full, and the files copied before are intact,
// also after a remount.
func TestFillFileSystem(t *testing.T) {
	for _, fstype := range []string{"ext4", "vfat"} {
		t.Run(fstype, func(t *testing.T) {
			s, out := newShell(t, "")
			mustRun(t, s, out, "insmod simp_blkdev.ko size=8M")
			mustRun(t, s, out, "mkfs."+fstype+" /dev/simp_blkdev")
			mustRun(t, s, out, "mkdir /mnt/temp1 && mount /dev/simp_blkdev /mnt/temp1")
			mustRun(t, s, out, "cp /etc/init.d/* /mnt/temp1")
			dfBefore := mustRun(t, s, out, "df")
			mustRun(t, s, out, "dd if=/dev/simp_blkdev of=/tmp/big bs=1M 2>/dev/null")
			got, status := run(t, s, out, "cp /tmp/big /mnt/temp1/big")
			if want := "cp: writing `/mnt/temp1/big': No space left on device\n"; got != want || status != 1 {
				t.Errorf("cp of a file too big: status %d, %q, want %q", status, got, want)
			}
			// What was written of the big file stays (how much is the file
			// system's business); removing it gives the space back.
			if got := mustRun(t, s, out, "ls /mnt/temp1/big"); got != "/mnt/temp1/big\n" {
				t.Errorf("ls of the partial file: %q", got)
			}
			// One cat of all the scripts, compared with the scripts.
			var paths, want []string
			for _, name := range initdNames {
				paths = append(paths, "/mnt/temp1/"+name)
				want = append(want, string(initdScript(name)))
			}
			check := func(when string) {
				t.Helper()
				got, status := run(t, s, out, "cat "+strings.Join(paths, " "))
				if status != 0 || got != strings.Join(want, "") {
					t.Fatalf("%s: the copies differ from /etc/init.d (status %d, %d bytes)", when, status, len(got))
				}
			}
			check("after ENOSPC")
			mustRun(t, s, out, "rm /mnt/temp1/big")
			if df := mustRun(t, s, out, "df"); df != dfBefore {
				t.Errorf("df after rm:\n%s\nwant as before:\n%s", df, dfBefore)
			}
			mustRun(t, s, out, "umount /mnt/temp1 && mount /dev/simp_blkdev /mnt/temp1")
			check("after remount")
			if got := mustRun(t, s, out, "echo more > /mnt/temp1/more; cat /mnt/temp1/more"); got != "more\n" {
				t.Errorf("writing after the big file went: %q", got)
			}
		})
	}
}

// TestWriteThatDoesNotFitKeepsWhatFits fills a mounted file system with
// dd, cp and a redirection: each reports ENOSPC at the write that does not
// fit, in its own words (dd with its statistics, as 5.97 always prints
// them), and the file keeps what fitted, also after a remount. The image
// then passes e2fsck -fn or fsck.fat -n.
func TestWriteThatDoesNotFitKeepsWhatFits(t *testing.T) {
	for _, fstype := range []string{"vfat", "ext4"} {
		t.Run(fstype, func(t *testing.T) {
			host := t.TempDir()
			s, out := newShell(t, host)
			mustRun(t, s, out, "insmod simp_blkdev.ko && mkfs."+fstype+" /dev/simp_blkdev && mount /dev/simp_blkdev /mnt")
			mustRun(t, s, out, "cp /etc/init.d/* /mnt")
			mustRun(t, s, out, "dd if=/dev/zero of=/mnt/a bs=1M count=5 2>/dev/null")
			size := func(name string) int64 {
				t.Helper()
				fi, err := s.ns.stat("/mnt/" + name)
				if err != nil {
					t.Fatalf("stat /mnt/%s: %v", name, err)
				}
				return fi.size
			}
			avail := func() int64 {
				t.Helper()
				df := strings.Fields(strings.Split(mustRun(t, s, out, "df /mnt"), "\n")[1])
				n, err := strconv.ParseInt(df[3], 10, 64)
				if err != nil {
					t.Fatalf("df: %q", df)
				}
				return n
			}

			got, status := run(t, s, out, "dd if=/dev/zero of=/mnt/b bs=1M count=20")
			lines := strings.Split(got, "\n")
			b := size("b")
			want := regexp.MustCompile(`^dd: writing ` + "`/mnt/b'" + `: No space left on device
(\d+)\+0 records in
(\d+)\+1 records out
(\d+) bytes \([0-9.]+ MB\) copied, [0-9.]+ seconds, [0-9.]+ MB/s
$`)
			m := want.FindStringSubmatch(got)
			if status != 1 || m == nil || len(lines) != 5 {
				t.Fatalf("dd past the end of the file system: status %d\n%s", status, got)
			}
			if in, outs, _ := m[1], m[2], m[3]; in != strconv.FormatInt(b>>20+1, 10) || outs != strconv.FormatInt(b>>20, 10) || m[3] != strconv.FormatInt(b, 10) {
				t.Errorf("dd's figures %v for a file of %d bytes", m[1:], b)
			}
			if b < 5<<20 || avail() != 0 {
				t.Errorf("after dd: b has %d bytes, %d KiB left", b, avail())
			}
			mustRun(t, s, out, "rm /mnt/b")

			mustRun(t, s, out, "dd if=/dev/zero of=/tmp/c bs=1M count=12 2>/dev/null")
			if got, status := run(t, s, out, "cp /tmp/c /mnt/c"); status != 1 || got != "cp: writing `/mnt/c': No space left on device\n" {
				t.Errorf("cp: status %d, %q", status, got)
			}
			c := size("c")
			if c < 5<<20 || avail() != 0 {
				t.Errorf("after cp: c has %d bytes, %d KiB left", c, avail())
			}
			mustRun(t, s, out, "rm /mnt/c")

			if got, status := run(t, s, out, "cat /dev/zero > /mnt/z"); status != 1 || got != "cat: write error: No space left on device\n" {
				t.Errorf("cat: status %d, %q", status, got)
			}
			if got, status := run(t, s, out, "echo more >> /mnt/z"); status != 1 || got != "bash: echo: write error: No space left on device\n" {
				t.Errorf("echo: status %d, %q", status, got)
			}
			z := size("z")
			if z < 5<<20 || avail() != 0 {
				t.Errorf("after cat: z has %d bytes, %d KiB left", z, avail())
			}
			mustRun(t, s, out, "umount /mnt && mount /dev/simp_blkdev /mnt")
			if size("z") != z || size("a") != 5<<20 {
				t.Errorf("after a remount: a %d, z %d bytes (want %d, %d)", size("a"), size("z"), 5<<20, z)
			}
			mustRun(t, s, out, "umount /mnt")
			mustRun(t, s, out, "dd if=/dev/simp_blkdev of=/host/disk.img bs=1M 2>/dev/null")
			checkFullImage(t, fstype, filepath.Join(host, "disk.img"))
		})
	}
}

// checkFullImage has the real fsck judge an image exported from a session,
// or skips saying which tool is missing.
func checkFullImage(t *testing.T, fstype, img string) {
	t.Helper()
	name, args := "e2fsck", []string{"-fn", img}
	if fstype == "vfat" {
		name, args = "fsck.fat", []string{"-n", img}
	}
	prog, err := exec.LookPath(name)
	if err != nil {
		for _, dir := range []string{"/sbin", "/usr/sbin"} {
			if p, err2 := exec.LookPath(filepath.Join(dir, name)); err2 == nil {
				prog, err = p, nil
			}
		}
	}
	if err != nil {
		t.Skipf("%s not installed: the full image is not checked by the real tool", name)
	}
	got, err := exec.Command(prog, args...).CombinedOutput()
	if err != nil || strings.Contains(string(got), "Fix?") || strings.Contains(string(got), "Reclaimed") || strings.Contains(string(got), "Truncating") {
		t.Errorf("%s %v: %v\n%s", name, args, err, got)
	}
}
