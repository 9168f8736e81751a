package blockdev

import (
	"errors"
	"strings"
	"testing"

	"simpblkdev/blockdev/fault"
	"simpblkdev/blockdev/mm"
)

// TestQueuesAllocated: a queue counts from blk_alloc_queue or
// blk_init_queue until blk_cleanup_queue gives it back, once however often
// it is cleaned up; a blk_init_queue whose scheduler cannot be had gives
// its queue back itself.
func TestQueuesAllocated(t *testing.T) {
	k, err := Boot(Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	bare := k.BlkAllocQueue(mm.GFP_KERNEL)
	withRequestFn := k.BlkInitQueue(func(*RequestQueue) {}, nil)
	if bare == nil || withRequestFn == nil {
		t.Fatalf("blk_alloc_queue = %v, blk_init_queue = %v", bare, withRequestFn)
	}
	if n := k.QueuesAllocated(); n != 2 {
		t.Fatalf("after blk_alloc_queue and blk_init_queue: %d queues allocated, want 2", n)
	}
	BlkCleanupQueue(bare)
	BlkCleanupQueue(withRequestFn)
	BlkCleanupQueue(withRequestFn)
	if n := k.QueuesAllocated(); n != 0 {
		t.Fatalf("after blk_cleanup_queue of both, one twice: %d queues allocated, want 0", n)
	}
	k.Fault.FailNth(fault.Elevator, 1)
	if q := k.BlkInitQueue(func(*RequestQueue) {}, nil); q != nil {
		t.Fatal("blk_init_queue with its scheduler failing returned a queue")
	}
	if n := k.QueuesAllocated(); n != 0 {
		t.Errorf("after a failed blk_init_queue: %d queues allocated, want 0", n)
	}
}

// nullQueueCleanup is a module whose init runs its error path's
// blk_cleanup_queue on a queue it never got, as an init whose error labels
// are in the wrong order does when blk_init_queue fails.
type nullQueueCleanup struct{ q *RequestQueue }

func (d *nullQueueCleanup) Init() Errno {
	BlkCleanupQueue(d.q)
	return -ENOMEM
}

func (d *nullQueueCleanup) Exit() {}

// TestBlkCleanupQueueNULL: blk_cleanup_queue(NULL) is the kernel's NULL
// pointer dereference, an oops with BlkCleanupQueue on the stack, which
// kills insmod.
func TestBlkCleanupQueueNULL(t *testing.T) {
	k, err := Boot(Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	m := &ModuleInfo{Name: "nullq", License: "GPL", CoreSize: 4096,
		New: func(*Kernel, *Module) ModuleCode { return &nullQueueCleanup{} }}
	if _, err := k.InitModule(m, ""); !errors.Is(err, ErrKilled) {
		t.Errorf("insmod = %v, want it killed by the oops", err)
	}
	for _, want := range []string{"BUG: unable to handle kernel NULL pointer dereference", " BlkCleanupQueue+"} {
		if !strings.Contains(k.Dmesg(), want) {
			t.Errorf("dmesg lacks %q:\n%s", want, k.Dmesg())
		}
	}
}
