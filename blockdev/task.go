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
