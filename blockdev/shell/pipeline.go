package shell

import (
	"fmt"
	"io"
	"sync"

	"simpblkdev/blockdev"
)

// runPipeline runs the commands of a pipeline as bash does: all at once,
// each in a goroutine of its own, the standard output of each one the
// standard input of the next through a pipe that holds at most pipeBuf
// bytes. The shell waits for all of them; the pipeline's status is the last
// command's. A command that writes into a pipe whose reader has exited is
// killed by SIGPIPE, and bash says nothing about that.
//
// The commands take turns on one processor (see cpu), so a pipeline prints
// the same transcript every time it runs: a command runs until it waits for
// a pipe or exits, and then the first command that can go on runs. Output
// smaller than a pipe therefore appears as if the commands ran one after
// the other (the first command's errors before the last command's output),
// as they do on the tutorial's one-CPU machine.
func (s *Shell) runPipeline(pl *pipeline) int {
	n := len(pl.cmds)
	if n == 1 {
		task := s.bash
		if !isBuiltin(pl.cmds[0]) {
			task = s.newTask()
		}
		p := &proc{task: task}
		status := s.runSimple(pl.cmds[0], s.terminalInput(), s.stdout, true, p)
		s.reportSignal(p.termsig)
		return status
	}
	c := s.newPipelineCPU(n)
	statuses := make([]int, n)
	var wg sync.WaitGroup
	s.startPipeline(pl, c, statuses, &wg)
	wg.Wait()
	c.mu.Lock()
	sig := c.tasks[n-1].termsig
	c.mu.Unlock()
	s.reportSignal(sig)
	return statuses[n-1]
}

// newPipelineCPU is the processor of a pipeline of n commands, each with
// a process of its own; the kernel hears which one is on it.
func (s *Shell) newPipelineCPU(n int) *cpu {
	c := newCPU(n)
	for i := range c.tasks {
		c.tasks[i].task = s.newTask()
	}
	c.onRun = func(i int) { s.k.SetCurrent(c.tasks[i].task) }
	return c
}

// startPipeline starts the commands of pl on c, each in a goroutine that
// wg counts, its status going to statuses.
func (s *Shell) startPipeline(pl *pipeline, c *cpu, statuses []int, wg *sync.WaitGroup) {
	n := len(pl.cmds)
	pipes := make([]*pipe, n-1)
	for i := range pipes {
		pipes[i] = &pipe{c: c, writer: i, reader: i + 1}
	}
	for i, cmd := range pl.cmds {
		var in reader = s.terminalInput()
		var out io.Writer = s.stdout
		if i > 0 {
			in = &pipeReader{p: pipes[i-1]}
		}
		if i < n-1 {
			out = pipeWriter{pipes[i]}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.start(i)
			p := &proc{task: c.tasks[i].task, bg: c.job, idx: i}
			statuses[i] = s.runSimple(cmd, in, out, i == n-1, p)
			// The command has exited: its ends of the pipes close,
			// which tells the writer before it that nobody reads
			// (EPIPE) and the reader after it that the data ends.
			if i > 0 {
				pipes[i-1].closeRead()
			}
			if i < n-1 {
				pipes[i].closeWrite()
			}
			c.exit(i, p.termsig)
		}()
	}
}

// cpu is the processor the commands of a pipeline share. One command runs
// at a time; it gives the processor up only when it must wait for a pipe
// (block) or when it exits, and the processor then goes to the first
// command, in pipeline order, that can go on. The switches happen at the
// same points on every run, which keeps the machine deterministic; and
// what the commands share (the namespace, the working directory, the
// kernel) is used by one goroutine at a time, as on a uniprocessor.
type cpu struct {
	mu      sync.Mutex
	cond    sync.Cond
	running int       // the command on the processor
	tasks   []cpuTask // by position in the pipeline
	onRun   func(i int)

	// job is the background job the pipeline is (jobs.go), nil in the
	// foreground. A background pipeline whose commands all wait is idle:
	// it waits for the shell to resume it, instead of being deadlocked.
	job  *job
	idle bool
}

type cpuTask struct {
	done  bool
	ready func() bool // what a blocked command waits for; nil when it can run
	task  *blockdev.Task
	// In a background job: the signal sent and not yet taken (kill),
	// whether the command handles signals itself, and the jiffy its wait
	// ends at (0: it waits for input only).
	sig    int
	traps  bool
	wakeAt uint64
	// termsig is the signal that killed the command, once it is done
	// (0: it exited).
	termsig int
}

func newCPU(n int) *cpu {
	c := &cpu{tasks: make([]cpuTask, n)}
	c.cond.L = &c.mu
	return c
}

// start waits until command i is given the processor; the first command
// has it from the beginning.
func (c *cpu) start(i int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for c.running != i {
		c.cond.Wait()
	}
	c.resumed(i)
}

// resumed is what command i does when it gets the processor back: the
// kernel hears who runs, and a signal it does not handle kills it.
func (c *cpu) resumed(i int) {
	if c.onRun != nil {
		c.onRun(i)
	}
	if t := &c.tasks[i]; t.sig != 0 && (!t.traps || t.sig == 9) {
		panic(killedBy{t.sig})
	}
}

// block gives the processor up until ready holds. It is called on the
// processor, and ready is evaluated there too (by whichever command gives
// the processor up next), so the pipe state it reads needs no lock of its
// own. If no command can go on, the pipeline is deadlocked, which the
// pipes cannot bring about; the command that finds it is stopped with an
// internal error, and exiting it frees the others.
func (c *cpu) block(i int, ready func() bool) { c.blockUntil(i, ready, 0) }

// blockUntil is block for a command of a background job that also wakes
// at jiffy wakeAt (0: never), which a timer of its own makes ready; wait
// lets the clock run to it.
func (c *cpu) blockUntil(i int, ready func() bool, wakeAt uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &c.tasks[i]
	t.ready, t.wakeAt = ready, wakeAt
	if c.job != nil {
		t.ready = func() bool { return t.sig != 0 || ready() }
	}
	if !c.dispatch() {
		if c.job == nil {
			t.ready = nil
			panic(fmt.Sprintf("pipeline deadlocked in command %d", i+1))
		}
		c.park()
	}
	for c.running != i {
		c.cond.Wait()
	}
	t.ready, t.wakeAt = nil, 0
	c.resumed(i)
}

// park makes a background pipeline idle: no command can go on until the
// shell resumes it.
func (c *cpu) park() {
	c.idle = true
	c.running = -1
	c.cond.Broadcast()
}

// exit gives the processor up for good; termsig is the signal that killed
// the command, or 0.
func (c *cpu) exit(i, termsig int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tasks[i].done, c.tasks[i].termsig = true, termsig
	if !c.dispatch() && c.job != nil {
		c.park()
	}
	c.cond.Broadcast()
}

// dispatch hands the processor to the first command that can run, and
// reports whether there was one (or nothing left to run).
func (c *cpu) dispatch() bool {
	left := false
	for j := range c.tasks {
		t := &c.tasks[j]
		if t.done {
			continue
		}
		left = true
		if t.ready == nil || t.ready() {
			c.running = j
			c.cond.Broadcast()
			return true
		}
	}
	return !left
}
