package blockdev

import (
	"container/heap"
	"runtime"
	"sync"
)

// HZ is the timer frequency the simulated kernel is built with
// (CONFIG_HZ=250, the 2.6 default).
const HZ = 250

// MsecsToJiffies models msecs_to_jiffies() (include/linux/jiffies.h): it
// rounds up, so 3 ms is one jiffy at HZ=250.
func MsecsToJiffies(ms uint64) uint64 { return (ms*HZ + 999) / 1000 }

// JiffiesToMsecs models jiffies_to_msecs().
func JiffiesToMsecs(j uint64) uint64 { return j * 1000 / HZ }

// TimerList models struct timer_list (include/linux/timer.h): a function to
// run when the virtual clock reaches Expires. Timers run on the kernel's
// virtual clock only; nothing in the simulated kernel reads the wall clock, so
// the same commands always give the same transcript.
type TimerList struct {
	Expires  uint64
	Function func()

	clock *clock
	index int // position in the heap, -1 when not pending
	seq   uint64
}

// clock models jiffies and the timer wheel (kernel/timer.c) as a heap of
// pending timers ordered by expiry, then by the order they were armed.
type clock struct {
	mu      sync.Mutex
	jiffies uint64
	seq     uint64
	pending timerHeap
	running int // timer functions running now, on any goroutine
}

type timerHeap []*TimerList

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if h[i].Expires != h[j].Expires {
		return h[i].Expires < h[j].Expires
	}
	return h[i].seq < h[j].seq
}
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *timerHeap) Push(x any) {
	t := x.(*TimerList)
	t.index = len(*h)
	*h = append(*h, t)
}
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	t.index = -1
	return t
}

// Jiffies returns the virtual clock (the kernel's jiffies variable).
func (k *Kernel) Jiffies() uint64 {
	k.clock.mu.Lock()
	defer k.clock.mu.Unlock()
	return k.clock.jiffies
}

// NewTimer models init_timer() + setup_timer(): a timer that runs fn.
func (k *Kernel) NewTimer(fn func()) *TimerList {
	return &TimerList{Function: fn, clock: &k.clock, index: -1}
}

// ModTimer models mod_timer() (kernel/timer.c): (re)arms t to fire at
// expires. It reports whether the timer was pending before.
func ModTimer(t *TimerList, expires uint64) bool {
	c := t.clock
	c.mu.Lock()
	defer c.mu.Unlock()
	wasPending := t.index >= 0
	if wasPending {
		heap.Remove(&c.pending, t.index)
	}
	t.Expires = expires
	c.seq++
	t.seq = c.seq
	heap.Push(&c.pending, t)
	return wasPending
}

// DelTimer models del_timer(): it disarms t and reports whether it was pending.
func DelTimer(t *TimerList) bool {
	c := t.clock
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.index < 0 {
		return false
	}
	heap.Remove(&c.pending, t.index)
	return true
}

// TimerPending models timer_pending().
func TimerPending(t *TimerList) bool {
	c := t.clock
	c.mu.Lock()
	defer c.mu.Unlock()
	return t.index >= 0
}

// runNextTimer advances jiffies to the earliest pending timer and runs it,
// reporting false when nothing is left that could make progress: no timer
// pending and none running on another goroutine (whose end may complete
// what the caller waits for, so then the caller yields and reports true).
// Timer functions run without the clock's lock, so they may arm timers.
func (k *Kernel) runNextTimer() bool {
	c := &k.clock
	c.mu.Lock()
	if len(c.pending) == 0 {
		busy := c.running > 0
		c.mu.Unlock()
		if busy {
			runtime.Gosched()
		}
		return busy
	}
	t := heap.Pop(&c.pending).(*TimerList)
	if t.Expires > c.jiffies {
		c.jiffies = t.Expires
	}
	c.running++
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.running--
		c.mu.Unlock()
	}()
	t.Function()
	return true
}

// Sleep lets n jiffies of virtual time pass, running every timer that falls
// due on the way, in order, and after each the pdflush work it queued
// (schedule_timeout() of a task with nothing else to do: the kernel's
// threads get the CPU). The shell uses it to let time pass between
// commands. Call it with no lock held.
func (k *Kernel) Sleep(n uint64) {
	k.clock.mu.Lock()
	until := k.clock.jiffies + n
	k.clock.mu.Unlock()
	for {
		k.runPdflush()
		c := &k.clock
		c.mu.Lock()
		if len(c.pending) == 0 || c.pending[0].Expires > until {
			if c.jiffies < until {
				c.jiffies = until
			}
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()
		k.runNextTimer()
	}
}

// KblockdScheduleWork models kblockd_schedule_work() (block/blk-core.c): the
// queue is run from the kblockd thread soon after, here by a timer that is
// due at once. It may be called with the queue lock held.
func KblockdScheduleWork(q *RequestQueue) {
	ModTimer(q.unplugWork, q.k.Jiffies())
}
