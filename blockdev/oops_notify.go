package blockdev

import (
	"bytes"
	"runtime"
	"strconv"
	"sync"
)

// oopsWatchers are OnOops's callbacks by goroutine: the simulated kernel
// runs driver code on the goroutine of the task that entered it (a system
// call, or the timers and write-back it runs while it waits), so the
// goroutine is the task, and its watcher is the parent that learns how
// its child died.
var oopsWatchers struct {
	mu sync.Mutex
	m  map[uint64]func(*Oops)
}

// OnOops calls fn with every oops that driver code called on the calling
// goroutine causes, on any machine, until stop is called. It is how a
// checker that boots its own machines (package blkdevtest) reports the
// oops its check caused: the oops text is in the machine's log, and the
// checker need not know the machine.
func OnOops(fn func(*Oops)) (stop func()) {
	id := goroutineID()
	oopsWatchers.mu.Lock()
	defer oopsWatchers.mu.Unlock()
	if oopsWatchers.m == nil {
		oopsWatchers.m = map[uint64]func(*Oops){}
	}
	oopsWatchers.m[id] = fn
	return func() {
		oopsWatchers.mu.Lock()
		defer oopsWatchers.mu.Unlock()
		delete(oopsWatchers.m, id)
	}
}

// notifyOops tells the calling goroutine's watcher of oops.
func notifyOops(oops *Oops) {
	id := goroutineID()
	oopsWatchers.mu.Lock()
	fn := oopsWatchers.m[id]
	oopsWatchers.mu.Unlock()
	if fn != nil {
		fn(oops)
	}
}

// goroutineID is the calling goroutine's number, from the first line of
// its stack trace ("goroutine 18 [running]:"); Go has no other way to name
// the current goroutine.
func goroutineID() uint64 {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	buf = bytes.TrimPrefix(buf, []byte("goroutine "))
	if i := bytes.IndexByte(buf, ' '); i > 0 {
		buf = buf[:i]
	}
	id, _ := strconv.ParseUint(string(buf), 10, 64)
	return id
}
