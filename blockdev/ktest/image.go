package ktest

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"simpblkdev/blockdev/shell"
)

// CheckImage lets real tools that nobody here wrote judge a disk image a
// session exported through the driver (dd if=/dev/simp_blkdev
// of=/host/tmp/NAME.img): an image whose name says ext is checked with
// e2fsck -fn and listed with debugfs, one that says fat with mdir; every
// file found is read back with debugfs or mtype and compared with the file
// of the same name in the simulator's /etc/init.d, where the sessions copy
// from. A missing tool skips its check with a message saying which.
func CheckImage(t *testing.T, img string) {
	name := filepath.Base(img)
	switch {
	case strings.Contains(name, "ext"):
		t.Run("e2fsck "+name, func(t *testing.T) { checkExt(t, img) })
	case strings.Contains(name, "fat"):
		t.Run("mtools "+name, func(t *testing.T) { checkFat(t, img) })
	}
}

func tool(t *testing.T, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		for _, dir := range []string{"/sbin", "/usr/sbin"} {
			if p, err2 := exec.LookPath(filepath.Join(dir, name)); err2 == nil {
				return p
			}
		}
		t.Skipf("%s not installed (apt-get install %s): image not checked by the real tool", name, pkg)
	}
	return path
}

// run returns what cmd prints on stdout (debugfs prints its version banner
// on stderr, which must not mix with a file it cats).
func run(t *testing.T, cmd string, args ...string) string {
	t.Helper()
	var stderr bytes.Buffer
	c := exec.Command(cmd, args...)
	c.Stderr = &stderr
	out, err := c.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s%s", filepath.Base(cmd), strings.Join(args, " "), err, out, stderr.Bytes())
	}
	return string(out)
}

// debugfsLs matches a row of `debugfs -R 'ls -l /'`:
// " 12  100755 (1)      0      0    1234 10-Nov-2008 18:13 name".
var debugfsLs = regexp.MustCompile(`^\s*\d+\s+(\d+)\s+\(\d+\)\s+\d+\s+\d+\s+(\d+)\s+\S+\s+\S+\s+(.+)$`)

func checkExt(t *testing.T, img string) {
	e2fsck := tool(t, "e2fsck", "e2fsprogs")
	debugfs := tool(t, "debugfs", "e2fsprogs")
	run(t, e2fsck, "-fn", img)
	listing := run(t, debugfs, "-R", "ls -l /", img)
	files := 0
	for _, line := range strings.Split(listing, "\n") {
		m := debugfsLs.FindStringSubmatch(line)
		if m == nil || !strings.HasPrefix(m[1], "100") { // regular files only
			continue
		}
		fname := m[3]
		want, ok := shell.EtcFile("/etc/init.d/" + fname)
		if !ok {
			continue
		}
		files++
		got := run(t, debugfs, "-R", "cat /"+fname, img)
		if !bytes.Equal([]byte(got), want) {
			t.Errorf("%s: /%s differs from /etc/init.d/%s (%d bytes, want %d)", filepath.Base(img), fname, fname, len(got), len(want))
		}
	}
	t.Logf("e2fsck -fn passed; debugfs read back %d files", files)
}

// mdirRow matches a row of mdir: "functions        15012 2008-11-10  18:13  functions"
// or, for a short name, "halt           6004 2008-11-10  18:13".
var mdirRow = regexp.MustCompile(`^(\S+)\s+(\S*)\s+(\d+)\s+\d{4}-\d\d-\d\d\s+\d+:\d\d\s*(\S*)$`)

func checkFat(t *testing.T, img string) {
	mdir := tool(t, "mdir", "mtools")
	mtype := tool(t, "mtype", "mtools")
	listing := run(t, mdir, "-i", img, "::")
	files := 0
	for _, line := range strings.Split(listing, "\n") {
		m := mdirRow.FindStringSubmatch(strings.TrimRight(line, " "))
		if m == nil {
			continue
		}
		fname := m[4] // the long name, when mdir shows one
		if fname == "" {
			fname = strings.ToLower(m[1])
			if m[2] != "" {
				fname += "." + strings.ToLower(m[2])
			}
		}
		want, ok := shell.EtcFile("/etc/init.d/" + fname)
		if !ok {
			continue
		}
		files++
		got := run(t, mtype, "-i", img, "::/"+fname)
		if !bytes.Equal([]byte(got), want) {
			t.Errorf("%s: %s differs from /etc/init.d/%s (%d bytes, want %d)", filepath.Base(img), fname, fname, len(got), len(want))
		}
	}
	if files == 0 {
		t.Errorf("mdir listed none of the copied files:\n%s", listing)
	}
	t.Logf("mdir listed and mtype read back %d files", files)
}
