package shell

import "testing"

// blkparse 0.99.3 prints a device's summary for every device it knows: -i
// NAME makes one (resize_devices) before any file is read, so an empty or
// missing trace still gets its Throughput, Events and Skips lines, while a
// pipe learns its devices from the events (get_dev_info in read_events),
// so a piped blkparse that saw none prints nothing when it is killed.
func TestBlkparseWithoutEvents(t *testing.T) {
	summary := func(name string) string {
		return "\nThroughput (R/W): 0KiB/s / 0KiB/s\nEvents (" + name + "): 0 entries\nSkips: 0 forward (0 -   0.0%)\n"
	}
	s, out := newShell(t, "")
	for _, c := range []string{"insmod simp_blkdev.ko", "blktrace -d /dev/simp_blkdev -o - | blkparse -i - &"} {
		mustRun(t, s, out, c)
	}
	if got, want := mustRun(t, s, out, "kill %1"), "[1]+  Done                    blktrace -d /dev/simp_blkdev -o - | blkparse -i -\n"; got != want {
		t.Errorf("kill of a piped blkparse that saw no events: %q, want only the job's end %q", got, want)
	}
	mustRun(t, s, out, "blktrace -d /dev/simp_blkdev -o empty &")
	mustRun(t, s, out, "kill %1")
	for _, tc := range []struct{ cmd, want string }{
		{"blkparse -i empty", summary("empty")},
		{"blkparse -i empty.blktrace.0", summary("empty")},
		{"blkparse -i missing", summary("missing")},
		{"blkparse -q -i empty", ""},
	} {
		if got := mustRun(t, s, out, tc.cmd); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.cmd, got, tc.want)
		}
	}
}

// TestBlktraceStopwatchBound: -w takes at most a virtual week, as sleep
// does; longer would only spend the host's time running the machine's
// timers (pdflush's every five seconds), and the week itself ends at once.
func TestBlktraceStopwatchBound(t *testing.T) {
	s, out := newShell(t, "")
	mustRun(t, s, out, "insmod simp_blkdev.ko")
	out.Reset()
	if status := s.Exec("blktrace -d /dev/simp_blkdev -w 99999999999 -o t"); status != 1 {
		t.Errorf("blktrace -w 99999999999: status %d, want 1", status)
	}
	if want := "blksim: blktrace -w 99999999999: more than a virtual week (604800 secs) is refused here\n"; out.String() != want {
		t.Errorf("blktrace -w 99999999999 printed %q, want %q", out.String(), want)
	}
	out.Reset()
	if status := s.Exec("blktrace -d /dev/simp_blkdev -w 604800 -o t"); status != 0 {
		t.Errorf("blktrace -w 604800: status %d, want 0:\n%s", status, out.String())
	}
}
