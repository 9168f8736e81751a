package blockdev

import (
	"errors"
	"sync"
	"sync/atomic"
)

// The task an oops kills. In 2.6.18, die() ends with do_exit(SIGSEGV): the
// process whose system call oopsed never returns from it, and its parent's
// wait() sees it killed by SIGSEGV (the shell's "Segmentation fault").
// Here the task is the goroutine that made the system call (oops_notify.go
// says why), and the kill happens where the call returns to user space,
// after the kernel has undone what it was doing (oops.go): the call
// returns a *Killed instead of an errno, or, on a goroutine that
// ExitOnKill made a process, panics with it so that none of the caller's
// code after the call runs, and the caller's runner recovers it (the
// shell's wait for its child).
//
// An oops kills the user task when driver code runs on its behalf: module
// init and exit (insmod, rmmod), open, getgeo and ioctl, and the request or
// make_request function the task's own I/O ran (its submit, its unplug as
// it waits). A request function run by the kernel's own threads (kblockd
// after the unplug timer, pdflush's write-back) oopses in their context:
// in 2.6.18 that kills kblockd or pdflush and leaves the box in trouble;
// here no user task dies, and the task waiting for the I/O gives up with
// -EIO (oops.go). A release that oopses, and an oops in a sysfs write (an
// elevator switch), are the log alone.

// SIGSEGV is the signal die() kills the oopsing task with (asm-i386/signal.h).
const SIGSEGV = 11

// Killed is how a system call ends when an oops killed the calling task in
// it: not an errno (errors.Is(err, EFAULT) is false), so that user space
// cannot take it for one; errors.Is(err, ErrKilled) is true.
type Killed struct {
	Signal int   // SIGSEGV
	Oops   *Oops // the oops that killed the task
}

// ErrKilled matches every *Killed under errors.Is.
var ErrKilled = errors.New("task killed by an oops")

func (e *Killed) Error() string { return "killed by signal 11 (Segmentation fault)" }

// Is makes errors.Is(err, ErrKilled) hold for a *Killed.
func (e *Killed) Is(target error) bool { return target == ErrKilled }

// processes are the goroutines ExitOnKill made processes, with how many
// times each asked.
var processes struct {
	mu sync.Mutex
	m  map[uint64]int
	n  atomic.Int32 // len(m), read without the lock on every kill
}

// ExitOnKill makes the calling goroutine a process until stop is called: a
// system call an oops killed it in does not return, it panics with the
// *Killed, which the caller recovers where the process ends (do_exit). Its
// deferred functions run as the panic unwinds, as the kernel closes what a
// dead process left open.
func ExitOnKill() (stop func()) {
	id := goroutineID()
	processes.mu.Lock()
	defer processes.mu.Unlock()
	if processes.m == nil {
		processes.m = map[uint64]int{}
	}
	processes.m[id]++
	processes.n.Store(int32(len(processes.m)))
	return func() {
		processes.mu.Lock()
		defer processes.mu.Unlock()
		if processes.m[id]--; processes.m[id] == 0 {
			delete(processes.m, id)
		}
		processes.n.Store(int32(len(processes.m)))
	}
}

func isProcess(id uint64) bool {
	if processes.n.Load() == 0 {
		return false
	}
	processes.mu.Lock()
	defer processes.mu.Unlock()
	return processes.m[id] > 0
}

// isKernelThread reports whether t is one of the kernel's own threads,
// whose oopses kill no user task.
func (t *Task) isKernelThread() bool {
	return t == TaskSwapper || t == TaskKblockd || t == TaskPdflush
}

// killCaller records that oops killed the task driver code ran for on the
// calling goroutine: its system call ends with *Killed.
func (k *Kernel) killCaller(oops *Oops) {
	id := goroutineID()
	k.oops.mu.Lock()
	defer k.oops.mu.Unlock()
	if k.oops.killed == nil {
		k.oops.killed = map[uint64]*Oops{}
	}
	k.oops.killed[id] = oops
	k.oops.nKilled.Store(int32(len(k.oops.killed)))
}

// callerKilled reports whether an oops killed the calling goroutine's task
// and its system call has not returned yet: what it still waits for, it
// no longer waits for.
func (k *Kernel) callerKilled() bool {
	if k.oops.nKilled.Load() == 0 {
		return false
	}
	id := goroutineID()
	k.oops.mu.Lock()
	defer k.oops.mu.Unlock()
	_, ok := k.oops.killed[id]
	return ok
}

// syscallEnter is the machine's oops count as a system call starts; the
// call's deferred syscallExit is given it. A kill recorded for the calling
// goroutine outside any system call (driver code run from a sysfs write,
// or by a test calling the kernel's functions directly) is forgotten: the
// new call has not been killed.
func (k *Kernel) syscallEnter() int {
	if k.oops.nKilled.Load() != 0 {
		id := goroutineID()
		k.oops.mu.Lock()
		delete(k.oops.killed, id)
		k.oops.nKilled.Store(int32(len(k.oops.killed)))
		k.oops.mu.Unlock()
	}
	return k.Oopses()
}

// syscallExit is deferred by every system call that can reach driver code
// or the data a driver gave the kernel (its gendisk, fops and queue). A
// panic in the kernel's own code there is the kernel's oops, as a NULL
// disk->fops oopses in 2.6.18's do_open(), and kills the caller; so does an
// oops in driver code on its behalf since the call began (entered, the
// oops count then). The call then ends with a *Killed in *err, or does not
// return on a process (ExitOnKill). A *Killed panic from a system call the
// call made goes on to the process's end.
func (k *Kernel) syscallExit(entered int, err *error) {
	if r := recover(); r != nil {
		if kl, ok := r.(*Killed); ok {
			panic(kl)
		}
		k.killCaller(k.die(nil, r))
	}
	if k.Oopses() == entered {
		return
	}
	id := goroutineID()
	k.oops.mu.Lock()
	oops, ok := k.oops.killed[id]
	delete(k.oops.killed, id)
	k.oops.nKilled.Store(int32(len(k.oops.killed)))
	k.oops.mu.Unlock()
	if !ok {
		return
	}
	kl := &Killed{Signal: SIGSEGV, Oops: oops}
	*err = kl
	if isProcess(id) {
		panic(kl)
	}
}
