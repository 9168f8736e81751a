package blockdev

import (
	"strings"
	"testing"

	"simpblkdev/blockdev/mm"
)

// TestElvIoschedName: what elv_iosched_store (2.6.18) looks up for the
// bytes written to queue/scheduler: at most ELV_NAME_MAX-1 (15) of them, up
// to a NUL, with one trailing newline cut and all other white space kept.
func TestElvIoschedName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"deadline\n", "deadline"},
		{"deadline\n\n", "deadline\n"},
		{"deadline \t\r\n", "deadline \t\r"},
		{"cfq            x\n", "cfq            "},       // 16 bytes: the x and the newline are cut
		{"anticipatoryanticipatory", "anticipatoryant"}, // 15 bytes kept
		{"0123456789abcdef", "0123456789abcde"},
		{" deadline\n", " deadline"},
		{"noop\x00cfq", "noop"},
		{"noop ", "noop "},
		{"\n", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := elvIoschedName(tt.in); got != tt.want {
			t.Errorf("elvIoschedName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestBootWithoutSchedulers: a program that links no scheduler boots
// kernels that say so, and whose request queues fail to get one with
// -EINVAL and a log line, rather than a nil scheduler.
func TestBootWithoutSchedulers(t *testing.T) {
	elvMu.Lock()
	saved := elvList
	elvList = nil
	elvMu.Unlock()
	t.Cleanup(func() {
		elvMu.Lock()
		elvList = saved
		elvMu.Unlock()
	})
	k, err := Boot(Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := k.Dmesg(), elvNoneRegistered+"\n"; !strings.HasSuffix(got, want) || strings.Contains(got, "io scheduler") {
		t.Errorf("boot log %q, want it to end in %q and register no scheduler", got, want)
	}
	k.ClearLog()
	if q := k.BlkInitQueue(func(*RequestQueue) {}, nil); q != nil {
		t.Error("blk_init_queue made a queue without a scheduler")
	}
	if got, want := k.Dmesg(), "Default I/O scheduler not found. Using noop.\nelevator: type noop not found\n"; got != want {
		t.Errorf("blk_init_queue logged %q, want %q", got, want)
	}
	q := k.BlkAllocQueue(mm.GFP_KERNEL)
	if errno := ElevatorInit(q, ""); errno != -EINVAL {
		t.Errorf("elevator_init = %v, want -EINVAL", errno)
	}
	if q.Elevator != nil {
		t.Error("elevator_init failed but left a scheduler")
	}
}
