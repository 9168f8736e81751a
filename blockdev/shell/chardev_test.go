package shell

import "testing"

// TestCharDevices: /dev/null, zero, full and urandom are the kernel's mem
// devices, read and written through its system calls.
func TestCharDevices(t *testing.T) {
	s, out := newShell(t, "")
	mustRun(t, s, out, "insmod simp_blkdev.ko")
	for _, tt := range []struct {
		cmd, want string
		status    int
	}{
		{"dd if=/dev/urandom of=/dev/simp_blkdev bs=4096 count=4 2>/dev/null", "", 0},
		{"dd if=/dev/zero of=/dev/simp_blkdev bs=4096 count=4 2>/dev/null", "", 0},
		{"hexdump -vn16 /dev/simp_blkdev", "0000000 0000 0000 0000 0000 0000 0000 0000 0000\n0000010\n", 0},
		{"dd if=/dev/zero of=/dev/full bs=512 count=1", "dd: writing `/dev/full': No space left on device\n" +
			"1+0 records in\n0+0 records out\n0 bytes (0 B) copied, 4.4024e-05 seconds, 0 B/s\n", 1},
		{"echo lost > /dev/full", "bash: echo: write error: No space left on device\n", 1},
		{"echo kept > /dev/null; cat /dev/null", "", 0},
		{"cp /dev/null /tmp/empty; ls -l /tmp/empty", "-rw-r--r-- 1 root root 0 Nov 10 18:13 /tmp/empty\n", 0},
		{"hexdump -vn8 /dev/zero", "0000000 0000 0000 0000 0000                    \n0000008\n", 0},
		// A finite read of an endless device is never cut short.
		{"dd if=/dev/zero of=/dev/null bs=1M count=300", "300+0 records in\n300+0 records out\n" +
			"314572800 bytes (315 MB) copied, 0.630086 seconds, 499 MB/s\n", 0},
		{"head -c 300m /dev/urandom | wc -c", "314572800\n", 0},
	} {
		got, status := run(t, s, out, tt.cmd)
		if got != tt.want || status != tt.status {
			t.Errorf("%s: status %d, output\n%q\nwant status %d, output\n%q", tt.cmd, status, got, tt.status, tt.want)
		}
	}
}

// TestEndlessReadStopped: a read that never ends stops at the shell's bound
// (endlessLimit; smaller here), as Ctrl-C would stop it, with the
// simulator's own message and no errno, and the rest of the line is not run.
func TestEndlessReadStopped(t *testing.T) {
	s, out := newShell(t, "")
	s.endless = 8 << 20
	for _, tt := range []struct {
		cmd, want string
	}{
		{"dd if=/dev/zero of=/dev/null bs=1M; echo not run", "8+0 records in\n8+0 records out\n" +
			"8388608 bytes (8.4 MB) copied, 0.0168427 seconds, 498 MB/s\n" +
			"blksim: stopped dd after 8 MiB from /dev/zero: a real read never ends; press Ctrl-C at a terminal\n"},
		{"cat /dev/urandom > /dev/null", "blksim: stopped cat after 8 MiB from /dev/urandom: a real read never ends; press Ctrl-C at a terminal\n"},
		{"wc -c /dev/zero", "8388608 /dev/zero\n" +
			"blksim: stopped wc after 8 MiB from /dev/zero: a real read never ends; press Ctrl-C at a terminal\n"},
	} {
		got, status := run(t, s, out, tt.cmd)
		if got != tt.want || status != statusInterrupted {
			t.Errorf("%s: status %d, output\n%q\nwant status %d, output\n%q", tt.cmd, status, got, statusInterrupted, tt.want)
		}
	}
	if got := mustRun(t, s, out, "hexdump -vn8 /dev/zero"); got != "0000000 0000 0000 0000 0000                    \n0000008\n" {
		t.Errorf("the next command line: %q", got)
	}
}

// TestURandomSeeded: the same boot seed gives the same bytes.
func TestURandomSeeded(t *testing.T) {
	read := func() string {
		s, out := newShell(t, "")
		first, _ := run(t, s, out, "hexdump -vn16 /dev/urandom")
		second, _ := run(t, s, out, "hexdump -vn16 /dev/urandom")
		if first == second {
			t.Errorf("two reads of /dev/urandom gave the same bytes: %s", first)
		}
		return first + second
	}
	if a, b := read(), read(); a != b {
		t.Errorf("same seed, different bytes:\n%s\n%s", a, b)
	}
}
