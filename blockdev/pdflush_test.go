package blockdev

import (
	"errors"
	"strings"
	"testing"
)

// The write-back tunables of /proc/sys/vm read and write as 2.6.18's
// proc handlers have them: bad first numbers and out-of-range ratios are
// EINVAL and change nothing; what follows a good number is ignored; the
// intervals are centiseconds (laptop_mode seconds) stored as jiffies.
func TestVMSysctls(t *testing.T) {
	for _, tc := range []struct {
		file, write string
		err         error
		read        string
	}{
		{"dirty_ratio", "", nil, "40\n"},
		{"dirty_background_ratio", "", nil, "10\n"},
		{"dirty_writeback_centisecs", "", nil, "500\n"},
		{"dirty_expire_centisecs", "", nil, "3000\n"},
		{"laptop_mode", "", nil, "0\n"},
		{"dirty_ratio", "20\n", nil, "20\n"},
		{"dirty_ratio", "  0x1f trailing", nil, "31\n"},
		{"dirty_ratio", "010\n", nil, "8\n"},
		{"dirty_ratio", "101\n", EINVAL, "40\n"},
		{"dirty_ratio", "-1\n", EINVAL, "40\n"},
		{"dirty_ratio", "abc\n", EINVAL, "40\n"},
		{"dirty_ratio", "5abc\n", EINVAL, "40\n"},
		{"dirty_ratio", "\n", EINVAL, "40\n"},
		{"dirty_background_ratio", "100\n", nil, "100\n"},
		{"dirty_expire_centisecs", "1000\n", nil, "1000\n"},
		{"dirty_expire_centisecs", "7\n", nil, "6\n"}, // 17 jiffies: 6.8 cs
		{"dirty_expire_centisecs", "x\n", EINVAL, "3000\n"},
		// The handler ignores the parse: no error, no change.
		{"dirty_writeback_centisecs", "junk\n", nil, "500\n"},
		{"dirty_writeback_centisecs", "0\n", nil, "0\n"},
		{"laptop_mode", "5\n", nil, "5\n"},
		{"laptop_mode", "-2\n", nil, "-2\n"},
		{"laptop_mode", "99999999\n", EINVAL, "0\n"},
	} {
		k := boot(t)
		n, err := k.Lstat("/proc/sys/vm/" + tc.file)
		if err != nil {
			t.Fatal(err)
		}
		if tc.write != "" || tc.err != nil {
			if err := n.Write(tc.write); !errors.Is(err, tc.err) && err != tc.err {
				t.Errorf("echo %q > %s: %v, want %v", tc.write, tc.file, err, tc.err)
			}
		}
		if got, _ := n.Show(); got != tc.read {
			t.Errorf("after %q, %s reads %q, want %q", tc.write, tc.file, got, tc.read)
		}
	}
}

// writesSeen counts the write requests the test driver has been handed.
func writesSeen(d *ramdisk) int {
	n := 0
	for _, req := range d.seen {
		if RqDataDir(req) == WRITE {
			n++
		}
	}
	return n
}

// A page written and left alone reaches the driver from pdflush once it
// has been dirty for dirty_expire_centisecs, at wb_timer's next run, and
// not before; /proc/meminfo's counters say Dirty, then nothing.
func TestPdflushWritesExpiredPages(t *testing.T) {
	k, d, b := loadSmallRamdisk(t)
	// wb_timer runs every 5 s from boot; dirty the page between runs.
	k.Sleep(2 * HZ)
	dirtied := k.Jiffies()
	if _, err := b.WriteAt([]byte("pdflush"), 4096); err != nil {
		t.Fatal(err)
	}
	if st := k.PageCacheStat(); st.Dirty != 1 || st.Writeback != 0 {
		t.Fatalf("after the write: %d dirty, %d under write-back; want 1, 0", st.Dirty, st.Writeback)
	}
	// 30 s after the write, the runs at 30 and 35 s since boot found the
	// page younger than 30 s.
	k.Sleep(dirtied + 30*HZ - 1 - k.Jiffies())
	if n := writesSeen(d); n != 0 {
		t.Fatalf("%d write request(s) before the page expired", n)
	}
	if string(d.data[4096:4103]) == "pdflush" {
		t.Fatal("the driver has the data before the page expired")
	}
	// The run at 35 s since boot finds it 33 s old.
	k.Sleep(35*HZ - k.Jiffies())
	if n := writesSeen(d); n != 1 {
		t.Fatalf("%d write requests once the page expired, want 1", n)
	}
	if got := string(d.data[4096:4103]); got != "pdflush" {
		t.Fatalf("the driver has %q, want the page written", got)
	}
	if st := k.PageCacheStat(); st.Dirty != 0 || st.Writeback != 0 {
		t.Fatalf("after write-back: %d dirty, %d under write-back; want 0, 0", st.Dirty, st.Writeback)
	}
	b.Close()
}

// Setting dirty_writeback_centisecs to 0 stops wb_timer: nothing is written
// on time any more; setting it again restarts it from now.
func TestPdflushStopsAtZeroInterval(t *testing.T) {
	k, d, b := loadSmallRamdisk(t)
	n, _ := k.Lstat("/proc/sys/vm/dirty_writeback_centisecs")
	n.Write("0\n")
	b.WriteAt([]byte("x"), 0)
	k.Sleep(60 * HZ)
	if n := writesSeen(d); n != 0 {
		t.Fatalf("%d write request(s) with wb_timer stopped", n)
	}
	n.Write("100\n")
	k.Sleep(HZ)
	if n := writesSeen(d); n != 1 {
		t.Fatalf("%d write requests a second after wb_timer restarted, want 1", n)
	}
	b.Close()
}

// Past dirty_background_ratio of the lowmem pages a writer hands pdflush
// background write-out, which runs at the next chance the CPU has (here the
// next sleep) and writes until the machine is back under the threshold,
// whatever the pages' age. In laptop mode it does not start.
func TestBackgroundWriteout(t *testing.T) {
	for _, laptop := range []bool{false, true} {
		k, d, b := loadSmallRamdisk(t)
		if laptop {
			n, _ := k.Lstat("/proc/sys/vm/laptop_mode")
			n.Write("5\n")
		}
		n, _ := k.Lstat("/proc/sys/vm/dirty_background_ratio")
		n.Write("1\n")
		bg, _ := k.dirtyLimits()
		if bg <= 0 || bg >= dirtyLimitPages {
			t.Fatalf("background threshold %d pages: the test needs 0 < it < %d", bg, dirtyLimitPages)
		}
		if _, err := b.WriteAt(make([]byte, (bg+1)*4096), 0); err != nil {
			t.Fatal(err)
		}
		k.Sleep(1)
		dirty := k.PageCacheStat().Dirty
		switch {
		case !laptop && (writesSeen(d) == 0 || dirty >= bg):
			t.Errorf("%d write requests, %d pages still dirty: want write-out below %d", writesSeen(d), dirty, bg)
		case laptop && writesSeen(d) != 0:
			t.Errorf("laptop mode: %d write requests, want none", writesSeen(d))
		}
		b.Close()
	}
}

// sync(2) first wakes pdflush for as many pages as are dirty then
// (wakeup_pdflush(0)); sync writes them itself, and the pdflush thread,
// run at the next sleep, writes what was dirtied since, up to that count,
// though the machine is far under the background threshold and the page
// is young.
func TestSyncWakesPdflush(t *testing.T) {
	k, d, b := loadSmallRamdisk(t)
	if _, err := b.WriteAt(make([]byte, 2*4096), 0); err != nil {
		t.Fatal(err)
	}
	if err := k.Sync(); err != nil {
		t.Fatal(err)
	}
	if n := writesSeen(d); n != 1 {
		t.Fatalf("%d write requests after sync, want 1", n)
	}
	if _, err := b.WriteAt([]byte("late"), 16*4096); err != nil {
		t.Fatal(err)
	}
	k.Sleep(1)
	if n := writesSeen(d); n != 2 {
		t.Errorf("%d write requests after the next sleep, want 2: pdflush writes the page dirtied since sync", n)
	}
	if st := k.PageCacheStat(); st.Dirty != 0 {
		t.Errorf("%d pages dirty after pdflush ran, want 0", st.Dirty)
	}
	b.Close()
}

// The files of /proc/sys/vm are there and read as numbers.
func TestProcSysVMListing(t *testing.T) {
	k := boot(t)
	n, err := k.Lstat("/proc/sys/vm")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range n.Children() {
		names = append(names, c.Name)
	}
	if got, want := strings.Join(names, " "), "dirty_background_ratio dirty_expire_centisecs dirty_ratio dirty_writeback_centisecs laptop_mode"; got != want {
		t.Errorf("/proc/sys/vm lists %q, want %q", got, want)
	}
}

func boot(t *testing.T) *Kernel {
	t.Helper()
	k, err := Boot(Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return k
}
