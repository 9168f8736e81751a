package blockdev

// Task models the little of struct task_struct (include/linux/sched.h) that
// the block layer looks at: the process that submitted a bio. cfq keeps one
// queue per process and anticipatory waits for the same process's next read,
// so a bio remembers who submitted it.
type Task struct {
	Pid  int
	Comm string
}

// The tasks the simulated kernel itself runs as.
var (
	// TaskInit is what submits I/O when no task is named.
	TaskInit = &Task{Pid: 1, Comm: "init"}
	// TaskPdflush writes dirty pages back (mm/pdflush.c).
	TaskPdflush = &Task{Pid: 171, Comm: "pdflush"}
)

// The kernel's own threads, as the trace names them: the idle task, which
// the unplug timer interrupts, and kblockd, which runs the queue after it.
// (kblockd/0's pid is a plausible one for the box; boot order puts it
// before pdflush.)
var (
	TaskSwapper = &Task{Pid: 0, Comm: "swapper"}
	TaskKblockd = &Task{Pid: 62, Comm: "kblockd/0"}
)

// SetCurrent tells the kernel which user process is on the CPU (current):
// the simulated user space runs one process at a time, as the shell does,
// and says which before the process enters the kernel. nil is init. Only
// the block trace names it; the I/O schedulers still see user I/O as
// init's.
func (k *Kernel) SetCurrent(t *Task) { k.current.Store(t) }

// currentTask is current, or init when user space named none.
func (k *Kernel) currentTask() *Task {
	if t := k.current.Load(); t != nil {
		return t
	}
	return TaskInit
}
