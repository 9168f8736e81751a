package shell

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDdOffsets: seek= and skip= as dd 5.97 takes them. Output is written as
// it is copied, so a seek far past the end costs nothing: /dev/null swallows
// it, a regular file gets a hole (up to ext3's largest file, as /tmp has),
// a block device ends where it ends, and offsets too large for a file offset
// get 5.97's own complaints.
func TestDdOffsets(t *testing.T) {
	s, out := newShell(t, "")
	mustRun(t, s, out, "insmod simp_blkdev.ko size=1M")
	const passwdStats = "2+1 records in\n2+1 records out\n1480 bytes (1.5 kB) copied, "
	for _, tt := range []struct {
		cmd, want string // want: the output's start
		status    int
	}{
		{"dd if=/etc/passwd of=/dev/null seek=99999999", passwdStats, 0},
		{"dd if=/etc/passwd of=/dev/null seek=99999999 conv=notrunc bs=1M", "0+1 records in\n0+1 records out\n", 0},
		{"dd if=/etc/passwd of=/tmp/x bs=1M seek=3000000", "dd: truncating at 3145728000000 bytes in output file `/tmp/x': File too large\n", 1},
		{"dd if=/etc/passwd of=/tmp/x bs=1M seek=99999999999999999", "dd: offset too large: cannot truncate to a length of seek=99999999999999999 (1048576-byte) blocks\n", 1},
		{"dd if=/etc/passwd of=/dev/null bs=1M seek=99999999999999999", "dd: offset too large: cannot truncate to a length of seek=99999999999999999 (1048576-byte) blocks\n", 1},
		{"dd if=/etc/passwd of=/tmp/x bs=1M seek=99999999999999999 conv=notrunc", "dd: writing to `/tmp/x': File too large\n0+0 records in\n0+0 records out\n", 1},
		{"dd if=/etc/passwd of=/tmp/x skip=99999999999999999", "0+0 records in\n0+0 records out\n", 0},
		{"dd if=/etc/passwd of=/tmp/x skip=18446744073709551615", "0+0 records in\n0+0 records out\n", 0},
		{"dd if=/etc/passwd of=/tmp/x skip=18446744073709551616", "dd: invalid number `18446744073709551616'\n", 1},
		{"dd if=/etc/passwd of=/tmp/x seek=9999999999x9999999999", "dd: invalid number `9999999999x9999999999'\n", 1},
		{"dd if=/etc/passwd of=/tmp/x bs=9E", "dd: invalid number `9E'\n", 1},
		{"dd if=/etc/passwd of=/dev/simp_blkdev seek=99999999", "dd: writing to `/dev/simp_blkdev': No space left on device\n0+0 records in\n0+0 records out\n", 1},
		{"dd if=/etc/passwd of=/dev/simp_blkdev bs=1M seek=1", "dd: writing `/dev/simp_blkdev': No space left on device\n0+1 records in\n0+0 records out\n", 1},
		{"dd if=/etc/passwd seek=1", "dd: `standard output': cannot seek: Illegal seek\n0+0 records in\n0+0 records out\n", 1},
		{"dd if= of=/tmp/x", "dd: opening `': No such file or directory\n", 1},
		{"dd if=/etc/passwd of=", "dd: opening `': No such file or directory\n", 1},
		{"dd if=/etc/passwd of=/", "dd: opening `/': Is a directory\n", 1},
		{"dd if=/etc/passwd of=/tmp/..", "dd: opening `/tmp/..': Is a directory\n", 1},
	} {
		got, status := run(t, s, out, tt.cmd)
		if !strings.HasPrefix(got, tt.want) || status != tt.status {
			t.Errorf("%s: status %d, output\n%q\nwant status %d, output starting\n%q", tt.cmd, status, got, tt.status, tt.want)
		}
	}
	// A terabyte-sized sparse file in /tmp holds one page.
	before := s.ns.mounts[0].fs.(*memfs).used
	mustRun(t, s, out, "dd if=/etc/passwd of=/tmp/sparse bs=1M seek=1000000 2>/dev/null")
	if used := s.ns.mounts[0].fs.(*memfs).used - before; used != memPage {
		t.Errorf("the sparse file takes %d bytes of memory", used)
	}
	if got := mustRun(t, s, out, "ls -l /tmp/sparse"); !strings.Contains(got, " 1048576001480 ") {
		t.Errorf("ls -l of the sparse file: %q", got)
	}
	got := mustRun(t, s, out, "hexdump -C -s 1048575999984 -n 20 /tmp/sparse")
	if want := "f423fffff0  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n" +
		"f424000000  72 6f 6f 74                                       |root|\nf424000004\n"; got != want {
		t.Errorf("the hole and the data after it:\n%s", got)
	}
	// Nothing went wrong on the way: the shell still works.
	if got := mustRun(t, s, out, "echo ok"); got != "ok\n" {
		t.Errorf("after the offsets: %q", got)
	}
}

// TestHostStreams: host files are read as the reader goes and written as
// the writer goes: a hexdump of a terabyte-sized sparse host file reads 16
// bytes, and dd seek= past the end of a host file leaves a hole there.
func TestHostStreams(t *testing.T) {
	host := t.TempDir()
	big := filepath.Join(host, "big")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 40); err != nil {
		f.Close()
		t.Skipf("the host cannot make a 1 TiB sparse file: %v", err)
	}
	f.WriteAt([]byte("end"), 1<<40-3)
	f.Close()
	s, out := newShell(t, host)
	if got := mustRun(t, s, out, "hexdump -C -n 16 /host/big"); got != "00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n00000010\n" {
		t.Errorf("hexdump -n 16 of a big host file: %q", got)
	}
	if got := mustRun(t, s, out, "dd if=/host/big bs=1 skip=1099511627773 2>/dev/null"); got != "end" {
		t.Errorf("dd skip= near the end of a big host file: %q", got)
	}
	// cp streams: it fills /tmp (a 256 MiB tmpfs) and stops there.
	if got, status := run(t, s, out, "cp /host/big /tmp/big"); status != 1 || got != "cp: writing `/tmp/big': No space left on device\n" {
		t.Errorf("cp of a file bigger than memory: status %d, %q", status, got)
	}
	mustRun(t, s, out, "dd if=/etc/passwd of=/host/sparse bs=1M seek=1024 2>/dev/null")
	if fi, err := os.Stat(filepath.Join(host, "sparse")); err != nil || fi.Size() != 1<<30+1480 {
		t.Errorf("dd seek= into a host file: %v, %v", fi, err)
	}
}
