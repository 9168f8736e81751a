// Package fault injects allocation failures into the simulated kernel.
//
// It models the kernel's fault-injection framework (lib/fault-inject.c,
// mm/page_alloc.c fail_page_alloc, Documentation/fault-injection): instead of
// a probability, a test names one kind of allocation and the ordinal of the
// call that must fail, so that "fail the Nth page allocation during insmod"
// is reproducible for every N.
package fault

import "sync"

// Kind names a class of allocation that can be made to fail.
type Kind string

// The kinds of allocation the simulated kernel counts.
const (
	Page     Kind = "page"     // alloc_pages() and friends (mm/page_alloc.c)
	Vmalloc  Kind = "vmalloc"  // vmalloc address space (mm/vmalloc.c)
	Queue    Kind = "queue"    // blk_alloc_queue()/blk_init_queue() (block/blk-core.c)
	Disk     Kind = "disk"     // alloc_disk() (block/genhd.c)
	Radix    Kind = "radix"    // radix_tree_node_alloc() (lib/radix-tree.c)
	Request  Kind = "request"  // get_request() from the request mempool
	Elevator Kind = "elevator" // elevator_alloc() in elevator_init()
)

// Injector counts allocations per kind and fails the ones it was told to.
// The zero value injects nothing. It is safe for concurrent use.
type Injector struct {
	mu     sync.Mutex
	calls  map[Kind]int
	failAt map[Kind]int
}

// FailNth arms the injector so that the nth allocation of kind, counted from
// now (1 is the next one), fails. n <= 0 disarms that kind.
func (in *Injector) FailNth(kind Kind, n int) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.calls == nil {
		in.calls = map[Kind]int{}
		in.failAt = map[Kind]int{}
	}
	in.calls[kind] = 0
	if n <= 0 {
		delete(in.failAt, kind)
		return
	}
	in.failAt[kind] = n
}

// ShouldFail counts one allocation of kind and reports whether it must fail.
// A nil Injector never fails.
func (in *Injector) ShouldFail(kind Kind) bool {
	if in == nil {
		return false
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.calls == nil {
		in.calls = map[Kind]int{}
		in.failAt = map[Kind]int{}
	}
	in.calls[kind]++
	n, armed := in.failAt[kind]
	if armed && in.calls[kind] == n {
		delete(in.failAt, kind)
		return true
	}
	return false
}

// Calls reports how many allocations of kind were counted since the last
// FailNth for that kind (or since the start). A test uses it to learn how
// many allocations an operation makes, then fails each one in turn.
func (in *Injector) Calls(kind Kind) int {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.calls[kind]
}

// Reset forgets every count and disarms every kind.
func (in *Injector) Reset() {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.calls, in.failAt = nil, nil
}
