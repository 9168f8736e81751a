package shell

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// pattern is n bytes that differ from sector to sector.
func pattern(n int, seed byte) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i/512)*7 + byte(i)*13 + seed
	}
	return b
}

var ddStats = regexp.MustCompile(`^\d+\+\d+ records in\n\d+\+\d+ records out\n\d+ bytes? \(\d+(\.\d)? [kMG]?B\) copied, [0-9.e-]+ seconds, \d+(\.\d)? [kMG]?B/s\n$`)

// TestDdRoundTrip copies a host file onto the disk and back, buffered and
// with O_DIRECT, and checks the bytes.
func TestDdRoundTrip(t *testing.T) {
	host := t.TempDir()
	in := pattern(1<<20+512*3, 1)
	if err := os.WriteFile(filepath.Join(host, "in"), in, 0644); err != nil {
		t.Fatal(err)
	}
	s, out := newShell(t, host)
	mustRun(t, s, out, "insmod simp_blkdev.ko")
	for _, tt := range []struct {
		write, read string
	}{
		{"dd if=/host/in of=/dev/simp_blkdev bs=4k", "dd if=/dev/simp_blkdev of=/host/out bs=4k count=257"},
		{"dd if=/host/in of=/dev/simp_blkdev bs=512 oflag=direct", "dd if=/dev/simp_blkdev of=/host/out bs=1536 count=684 iflag=direct"},
		{"dd if=/host/in of=/dev/simp_blkdev ibs=1000 obs=3000", "dd if=/dev/simp_blkdev of=/host/out bs=1M count=2 && dd if=/host/out of=/host/out2 bs=1051136 count=1 && cp /host/out2 /host/out"},
	} {
		os.Remove(filepath.Join(host, "out"))
		mustRun(t, s, out, "dd if=/dev/null of=/dev/simp_blkdev 2>/dev/null") // nothing: keeps the old bytes
		got := mustRun(t, s, out, tt.write)
		if !ddStats.MatchString(got) {
			t.Errorf("%s: statistics\n%s", tt.write, got)
		}
		got = mustRun(t, s, out, tt.read)
		if !ddStats.MatchString(got) && tt.read[len(tt.read)-3:] != "out" {
			t.Errorf("%s: statistics\n%s", tt.read, got)
		}
		back, err := os.ReadFile(filepath.Join(host, "out"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(back[:len(in)], in) {
			t.Errorf("%s; %s: the bytes came back different", tt.write, tt.read)
		}
	}
}

func TestDdOutput(t *testing.T) {
	host := t.TempDir()
	os.WriteFile(filepath.Join(host, "odd"), pattern(1000, 2), 0644)
	s, out := newShell(t, host)
	mustRun(t, s, out, "insmod simp_blkdev.ko size=1M")
	// The times are the virtual clock's: the same on every run. Writing
	// through the page cache waits for the write-back on close (the unplug
	// timer: two jiffies of 4 ms); O_DIRECT and reads do not.
	for _, tt := range []struct {
		cmd, want string
		status    int
	}{
		{"dd if=/host/odd of=/dev/simp_blkdev", "1+1 records in\n1+1 records out\n1000 bytes (1.0 kB) copied, 0.0080495 seconds, 124 kB/s\n", 0},
		{"dd if=/host/odd of=/dev/simp_blkdev bs=1000 oflag=direct", "dd: writing `/dev/simp_blkdev': Invalid argument\n1+0 records in\n0+0 records out\n0 bytes (0 B) copied, 6.4e-05 seconds, 0 B/s\n", 1},
		{"dd if=/dev/simp_blkdev of=/dev/null bs=512k seek=1 count=4", "2+0 records in\n2+0 records out\n1048576 bytes (1.0 MB) copied, 0.00214465 seconds, 489 MB/s\n", 0},
		{"dd if=/host/odd of=/dev/simp_blkdev bs=512 seek=2047", "dd: writing `/dev/simp_blkdev': No space left on device\n1+1 records in\n1+0 records out\n512 bytes (512 B) copied, 4.8e-05 seconds, 11 MB/s\n", 1},
		{"dd if=/dev/simp_blkdev of=/tmp/x bs=1 count=1", "1+0 records in\n1+0 records out\n1 byte (1 B) copied, 4.3002e-05 seconds, 23 kB/s\n", 0},
		{"dd if=/nothere of=/tmp/x", "dd: opening `/nothere': No such file or directory\n", 1},
		{"dd if=/etc/passwd of=/nodir/x", "dd: opening `/nodir/x': No such file or directory\n", 1},
		{"dd if=/etc/passwd of=/etc", "dd: opening `/etc': Is a directory\n", 1},
		{"dd bs=abc", "dd: invalid number `abc'\nTry `dd --help' for more information.\n", 1},
		{"dd bs=0", "dd: invalid number `0'\nTry `dd --help' for more information.\n", 1},
		{"dd foo", "dd: unrecognized operand `foo'\nTry `dd --help' for more information.\n", 1},
		{"dd foo=bar", "dd: unrecognized operand `foo=bar'\nTry `dd --help' for more information.\n", 1},
		{"dd conv=swab", "dd: invalid conversion: `swab'\n", 1},
		{"dd iflag=bogus", "dd: invalid input flag: `bogus'\n", 1},
		{"dd bs=1G", "dd: memory exhausted\n", 1},
		{"echo abc | dd 2>/dev/null", "abc\n", 0},
	} {
		got, status := run(t, s, out, tt.cmd)
		if got != tt.want || status != tt.status {
			t.Errorf("%s: status %d, output\n%q\nwant status %d, output\n%q", tt.cmd, status, got, tt.status, tt.want)
		}
	}
	// seek and conv=notrunc on a regular file.
	mustRun(t, s, out, "echo 0123456789 > /tmp/f")
	mustRun(t, s, out, "echo -n AB | dd of=/tmp/f bs=1 seek=3 conv=notrunc 2>/dev/null")
	if got := mustRun(t, s, out, "cat /tmp/f"); got != "012AB56789\n" {
		t.Errorf("notrunc: %q", got)
	}
	mustRun(t, s, out, "echo -n AB | dd of=/tmp/f bs=1 seek=3 2>/dev/null")
	if got := mustRun(t, s, out, "cat /tmp/f"); got != "012AB" {
		t.Errorf("truncating dd: %q", got)
	}
}

// TestHostWrittenOnlyByDdAndCp checks that nothing but dd of= and cp with a
// destination under /host changes the host directory.
func TestHostWrittenOnlyByDdAndCp(t *testing.T) {
	host := t.TempDir()
	os.WriteFile(filepath.Join(host, "keep"), []byte("precious\n"), 0644)
	os.Mkdir(filepath.Join(host, "dir"), 0755)
	s, out := newShell(t, host)
	mustRun(t, s, out, "insmod simp_blkdev.ko")
	for _, tt := range []struct{ cmd, want string }{
		{"echo x > /host/new", "bash: /host/new: Read-only file system\n"},
		{"echo x >> /host/keep", "bash: /host/keep: Read-only file system\n"},
		{"mkdir /host/d", "mkdir: cannot create directory `/host/d': Read-only file system\n"},
		{"rm /host/keep", "rm: cannot remove `/host/keep': Read-only file system\n"},
		{"rm -rf /host/dir", "rm: cannot remove directory `/host/dir': Read-only file system\n"},
		{"mknod /host/sb b 72 0", "mknod: `/host/sb': Read-only file system\n"},
		{"cp /host/keep /tmp/keep", ""},
		{"cat /host/keep /host/../host/keep", "precious\nprecious\n"},
		{"mkfs.vfat /host/keep", "mkfs.vfat 2.11 (12 Mar 2005)\nmkfs.vfat: /host/keep is not a block device\n"},
		{"hexdump -C /host/keep", "00000000  70 72 65 63 69 6f 75 73  0a                       |precious.|\n00000009\n"},
	} {
		got, _ := run(t, s, out, tt.cmd)
		if got != tt.want {
			t.Errorf("%s:\n%q\nwant\n%q", tt.cmd, got, tt.want)
		}
	}
	entries, _ := os.ReadDir(host)
	if len(entries) != 2 {
		t.Errorf("host directory has %d entries, want 2", len(entries))
	}
	if b, _ := os.ReadFile(filepath.Join(host, "keep")); string(b) != "precious\n" {
		t.Errorf("host file changed: %q", b)
	}
	// The two commands that may write there.
	mustRun(t, s, out, "cp /etc/passwd /host/dir && cp -r /etc/init.d /host/dir/scripts")
	mustRun(t, s, out, "dd if=/dev/simp_blkdev of=/host/disk.img bs=1M count=1 2>/dev/null")
	if fi, err := os.Stat(filepath.Join(host, "disk.img")); err != nil || fi.Size() != 1<<20 {
		t.Errorf("dd of=/host/disk.img: %v, %v", fi, err)
	}
	if b, err := os.ReadFile(filepath.Join(host, "dir", "scripts", "halt")); err != nil || !bytes.Equal(b, initdScript("halt")) {
		t.Errorf("cp -r into /host: %v", err)
	}
}
