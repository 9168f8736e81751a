package shell

import (
	"strings"
	"testing"
)

// writeCount is the "writes completed" field of /sys/block/<disk>/stat.
func writeCount(t *testing.T, stat string) string {
	t.Helper()
	f := strings.Fields(stat)
	if len(f) != 11 {
		t.Fatalf("stat has %d fields: %q", len(f), stat)
	}
	return f[4]
}

// Files copied onto a mounted file system reach the disk without sync:
// pdflush writes them once they have been dirty for 30 s, so after sleep
// 35 the disk's write counter has moved, and not before.
func TestCopiedFilesReachTheDiskWithoutSync(t *testing.T) {
	s, out := newShell(t, "")
	for _, c := range []string{"insmod simp_blkdev.ko", "mkfs.ext4 /dev/simp_blkdev", "mount /dev/simp_blkdev /mnt", "sync"} {
		mustRun(t, s, out, c)
	}
	mustRun(t, s, out, "cp /etc/init.d/* /mnt")
	before := writeCount(t, mustRun(t, s, out, "cat /sys/block/simp_blkdev/stat"))
	mustRun(t, s, out, "sleep 20")
	if mid := writeCount(t, mustRun(t, s, out, "cat /sys/block/simp_blkdev/stat")); mid != before {
		t.Errorf("writes went from %s to %s within 20 s: pdflush wrote pages younger than 30 s", before, mid)
	}
	mustRun(t, s, out, "sleep 15")
	if after := writeCount(t, mustRun(t, s, out, "cat /sys/block/simp_blkdev/stat")); after == before {
		t.Errorf("writes still %s after sleep 35: the copied files did not reach the disk", before)
	}
}

// The user trial's script: while blktrace holds the device open, dd's
// close is not the last and writes nothing back; sync then writes the
// pages (2.6.18's sync_inodes walks the bdev pseudo file system too), the
// disk's stat file counts the write, and the piped blkparse shows it.
func TestSyncWritesADeviceAnotherProcessHoldsOpen(t *testing.T) {
	s, out := newShell(t, "")
	var all strings.Builder
	for _, c := range []string{"insmod simp_blkdev.ko", "blktrace -d /dev/simp_blkdev -o - | blkparse -i - &",
		"dd if=/dev/zero of=/dev/simp_blkdev bs=4k count=2"} {
		all.WriteString(mustRun(t, s, out, c))
	}
	stat := "cat /sys/block/simp_blkdev/stat"
	if w := writeCount(t, mustRun(t, s, out, stat)); w != "0" {
		t.Fatalf("%s writes before sync: dd's close wrote back though blktrace holds the device", w)
	}
	all.WriteString(mustRun(t, s, out, "sync"))
	if w := writeCount(t, mustRun(t, s, out, stat)); w != "1" {
		t.Errorf("%s writes after sync, want 1 (the two pages merged)", w)
	}
	all.WriteString(mustRun(t, s, out, "kill %1"))
	for _, ev := range []string{"  Q   W 0 + 8 [pdflush]", "  D   W 0 + 16 [pdflush]", "  C   W 0 + 16 [0]", "Writes Completed:"} {
		if !strings.Contains(all.String(), ev) {
			t.Errorf("the trace has no %q:\n%s", ev, all.String())
		}
	}
}

func TestSleep(t *testing.T) {
	s, out := newShell(t, "")
	for _, tc := range []struct {
		cmd, want string
		status    int
		jiffies   uint64 // at least this much virtual time passed
	}{
		{"sleep 1", "", 0, 250},
		{"sleep 0.5 1m", "", 0, 60*250 + 125},
		{"sleep 2s 1h", "", 0, 3602 * 250},
		{"sleep", "sleep: missing operand\nTry `sleep --help' for more information.\n", 1, 0},
		{"sleep x", "sleep: invalid time interval `x'\nTry `sleep --help' for more information.\n", 1, 0},
		{"sleep -1", "sleep: invalid time interval `-1'\nTry `sleep --help' for more information.\n", 1, 0},
		{"sleep 1q", "sleep: invalid time interval `1q'\nTry `sleep --help' for more information.\n", 1, 0},
		{"sleep 8d", "sleep: invalid time interval `8d'\nTry `sleep --help' for more information.\n", 1, 0},
	} {
		start := s.k.Jiffies()
		got, status := run(t, s, out, tc.cmd)
		if got != tc.want || status != tc.status {
			t.Errorf("%s: %q, status %d; want %q, %d", tc.cmd, got, status, tc.want, tc.status)
		}
		if d := s.k.Jiffies() - start; d < tc.jiffies || d > tc.jiffies+commandTick {
			t.Errorf("%s: %d jiffies passed, want %d and one command's tick", tc.cmd, d, tc.jiffies)
		}
	}
}
