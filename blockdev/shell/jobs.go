package shell

import (
	"fmt"
	"path"
	"strconv"
	"strings"
	"sync"

	"simpblkdev/blockdev"
)

// Background jobs: a pipeline ended by & runs while the shell reads the
// next commands, as bash 3.2 runs it, with the builtins jobs, kill and
// wait, and bash's notices ([1] PID when it starts, [1]+  Done ... at the
// prompt after it ended).
//
// The transcript stays the same on every run and under -race because a job
// never runs at the same time as anything else: the machine has one CPU.
// A job runs when it starts and after every command the shell runs, until
// each of its commands has ended or waits (for a pipe, for a trace buffer
// to fill, for the virtual clock), and only then does the shell go on;
// what the job printed in that time appears right after that command's
// output. Time passes for a job only as the foreground lets the virtual
// clock run (each command's tick, sleep, wait), and a job waiting for the
// clock is woken by a kernel timer at its jiffy, so that blktrace -w stops
// its trace at the right virtual moment whoever is running then. kill
// delivers its signal to the job's commands and runs the job at once: a
// command that does not handle the signal ends with 128 + its number, one
// that does (blktrace, blkparse) sees it at its next wait. A command that
// never waits (a dd in the background) runs to its end when it starts.
//
// Jobs never outlive the shell: at the end of a transcript and at Close,
// jobs still running are killed (SIGKILL) without notice, as if the
// terminal went away; a script that forgets kill %1 loses what a trace
// would have printed at its end, and never hangs.

// job is a background pipeline.
type job struct {
	id       int
	text     string // the command as jobs shows it
	c        *cpu
	wg       sync.WaitGroup
	statuses []int
}

// killedBy is the panic that ends a command killed by a signal it does not
// handle; runSimple ends the command with status 128 + sig.
type killedBy struct{ sig int }

// The signals kill knows (asm-i386/signal.h).
var signals = []struct {
	name string
	num  int
	text string // how bash reports a job it killed
}{
	{"HUP", 1, "Hangup"}, {"INT", 2, "Interrupt"}, {"QUIT", 3, "Quit"}, {"KILL", 9, "Killed"},
	{"USR1", 10, "User defined signal 1"}, {"SEGV", 11, "Segmentation fault"}, {"USR2", 12, "User defined signal 2"},
	{"ALRM", 14, "Alarm clock"}, {"TERM", 15, "Terminated"},
}

// reportSignal prints what bash prints when the last command of a
// foreground pipeline was killed by sig (notify_of_job_status, jobs.c):
// the signal's text on a line of its own ("Segmentation fault"; no "(core
// dumped)" under the box's core size limit of 0), nothing for SIGINT and
// SIGPIPE (bash is built with DONT_REPORT_SIGPIPE), nothing when it exited.
// A command killed before the last one of its pipeline goes unreported, as
// bash looks at the last one's status.
func (s *Shell) reportSignal(sig int) {
	if sig == 0 || sig == 2 || sig == sigpipeStatus-128 {
		return
	}
	for _, sg := range signals {
		if sg.num == sig {
			fmt.Fprintln(s.stderr, sg.text)
			return
		}
	}
	fmt.Fprintf(s.stderr, "Unknown signal %d\n", sig)
}

// newTask is the next process the shell forks, as the kernel sees it.
func (s *Shell) newTask() *blockdev.Task {
	s.lastPid++
	return &blockdev.Task{Pid: s.lastPid}
}

// comm is what the kernel keeps of a program's name: the base name, at
// most TASK_COMM_LEN-1 bytes.
func comm(name string) string {
	name = path.Base(name)
	if len(name) > 15 {
		name = name[:15]
	}
	return name
}

// isBuiltin reports whether c runs in the shell itself (no fork).
func isBuiltin(c *simpleCmd) bool {
	if len(c.words) == 0 {
		return true
	}
	cmd, ok := commands[c.words[0].text]
	return ok && cmd.builtin
}

// startJob runs pl in the background, prints bash's "[N] PID" (the last
// process's pid) and lets the job run until it waits.
func (s *Shell) startJob(pl *pipeline, text string) {
	n := len(pl.cmds)
	id := 1
	for _, j := range s.jobs {
		id = max(id, j.id+1)
	}
	j := &job{id: id, text: text, statuses: make([]int, n)}
	j.c = s.newPipelineCPU(n)
	j.c.job = j
	s.jobs = append(s.jobs, j)
	fmt.Fprintf(s.stderr, "[%d] %d\n", id, j.c.tasks[n-1].task.Pid)
	s.startPipeline(pl, j.c, j.statuses, &j.wg)
	j.resume()
}

// resume lets j run until each of its commands has ended or waits.
func (j *job) resume() {
	c := j.c
	c.mu.Lock()
	if c.idle && !c.allDone() {
		if c.dispatch() {
			c.idle = false
		}
	}
	for !c.idle && !c.allDone() {
		c.cond.Wait()
	}
	c.mu.Unlock()
	if j.done() {
		j.wg.Wait()
	}
}

func (c *cpu) allDone() bool {
	for _, t := range c.tasks {
		if !t.done {
			return false
		}
	}
	return true
}

func (j *job) done() bool {
	j.c.mu.Lock()
	defer j.c.mu.Unlock()
	return j.c.allDone()
}

// signal sends sig to every command of j still there.
func (j *job) signal(sig int) {
	j.c.mu.Lock()
	for i := range j.c.tasks {
		if !j.c.tasks[i].done {
			j.c.tasks[i].sig = sig
		}
	}
	j.c.mu.Unlock()
}

// runJobs lets every job run until it waits: after each command.
func (s *Shell) runJobs() {
	for _, j := range s.jobs {
		j.resume()
	}
}

// state is how jobs and the notices describe j.
func (j *job) state() string {
	if !j.done() {
		return "Running"
	}
	st := j.statuses[len(j.statuses)-1]
	switch {
	case st == 0:
		return "Done"
	case st > 128:
		for _, sg := range signals {
			if sg.num == st-128 {
				return sg.text
			}
		}
	}
	return "Exit " + strconv.Itoa(st)
}

// mark is '+' for the current job (the newest), '-' for the one before.
func (s *Shell) mark(j *job) byte {
	switch {
	case len(s.jobs) > 0 && s.jobs[len(s.jobs)-1] == j:
		return '+'
	case len(s.jobs) > 1 && s.jobs[len(s.jobs)-2] == j:
		return '-'
	}
	return ' '
}

// jobLine is bash's line for j: "[1]+  Running                 cmd &".
func (s *Shell) jobLine(j *job) string {
	st := j.state()
	text := j.text
	if st == "Running" {
		text += " &"
	}
	return fmt.Sprintf("[%d]%c  %-24s%s\n", j.id, s.mark(j), st, text)
}

// notifyJobs prints, as bash does before the next prompt, the jobs that
// ended, and forgets them.
func (s *Shell) notifyJobs() {
	var left []*job
	var lines []string
	for _, j := range s.jobs {
		if j.done() {
			lines = append(lines, s.jobLine(j))
			continue
		}
		left = append(left, j)
	}
	s.jobs = left
	for _, l := range lines {
		fmt.Fprint(s.stderr, l)
	}
}

// killJobs ends every job with SIGKILL, saying nothing: the shell goes.
func (s *Shell) killJobs() {
	for _, j := range s.jobs {
		j.signal(9)
		j.resume()
	}
	s.jobs = nil
}

// findJob finds a job by jobspec (%N, %%, %+, %-) or by a pid of one of
// its processes.
func (s *Shell) findJob(spec string) (*job, bool) {
	if rest, ok := strings.CutPrefix(spec, "%"); ok {
		switch rest {
		case "", "%", "+":
			if len(s.jobs) > 0 {
				return s.jobs[len(s.jobs)-1], true
			}
			return nil, false
		case "-":
			if len(s.jobs) > 1 {
				return s.jobs[len(s.jobs)-2], true
			}
			return nil, false
		}
		n, err := strconv.Atoi(rest)
		for _, j := range s.jobs {
			if err == nil && j.id == n {
				return j, true
			}
		}
		return nil, false
	}
	pid, _ := strconv.Atoi(spec)
	for _, j := range s.jobs {
		for _, t := range j.c.tasks {
			if t.task.Pid == pid {
				return j, true
			}
		}
	}
	return nil, false
}

func init() {
	commands["jobs"] = command{run: jobsCmd, builtin: true, synopsis: "jobs  list the background jobs"}
	commands["kill"] = command{run: killCmd, builtin: true, synopsis: "kill [-s SIG | -SIG] %N|PID...  send a signal (TERM) to a job"}
	commands["wait"] = command{run: waitCmd, builtin: true, synopsis: "wait [%N|PID...]  wait for background jobs to end"}
}

// jobsCmd models bash's jobs without options: every job, finished ones
// too (which it then forgets, as their notice is given).
func jobsCmd(p *proc) int {
	s := p.s
	for _, j := range s.jobs {
		j.resume()
	}
	var left []*job
	for _, j := range s.jobs {
		fmt.Fprint(p.out, s.jobLine(j))
		if !j.done() {
			left = append(left, j)
		}
	}
	s.jobs = left
	return 0
}

// killCmd models bash's kill builtin: -s NAME, -NAME or -N, then jobspecs
// or pids of the shell's jobs.
func killCmd(p *proc) int {
	s := p.s
	args := p.args
	sig := 15
	if len(args) > 0 && strings.HasPrefix(args[0], "-") && args[0] != "-" {
		name := args[0][1:]
		args = args[1:]
		if name == "s" || name == "n" {
			if len(args) == 0 {
				fmt.Fprintf(p.err, "bash: kill: -%s: option requires an argument\n", name)
				return 1
			}
			name, args = args[0], args[1:]
		}
		n, ok := signalNumber(name)
		if !ok {
			fmt.Fprintf(p.err, "bash: kill: %s: invalid signal specification\n", name)
			return 1
		}
		sig = n
	}
	if len(args) == 0 {
		fmt.Fprintln(p.err, "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]")
		return 2
	}
	status := 0
	for _, a := range args {
		j, ok := s.findJob(a)
		switch {
		case ok:
			j.signal(sig)
			j.resume()
		case strings.HasPrefix(a, "%"):
			fmt.Fprintf(p.err, "bash: kill: %s: no such job\n", a)
			status = 1
		default:
			if _, err := strconv.Atoi(a); err != nil {
				fmt.Fprintf(p.err, "bash: kill: %s: arguments must be process or job IDs\n", a)
			} else {
				fmt.Fprintf(p.err, "bash: kill: (%s) - No such process\n", a)
			}
			status = 1
		}
	}
	return status
}

// signalNumber reads a signal as kill does: a number, or a name with or
// without SIG.
func signalNumber(name string) (int, bool) {
	if n, err := strconv.Atoi(name); err == nil {
		return n, n >= 0 && n < 65
	}
	name = strings.TrimPrefix(strings.ToUpper(name), "SIG")
	for _, sg := range signals {
		if sg.name == name {
			return sg.num, true
		}
	}
	return 0, false
}

// waitCmd models bash's wait: it lets the virtual clock run, timer by
// timer, until the jobs named (all without arguments) have ended, and
// returns the last one's status (0 for all). Jobs it waited for are not
// announced. A job that waits for input nothing will give (blktrace
// without -w) would make a real wait hang: the simulator says so and
// stops, as after Ctrl-C.
func waitCmd(p *proc) int {
	s := p.s
	var want []*job
	for _, a := range p.args {
		j, ok := s.findJob(a)
		if !ok {
			if strings.HasPrefix(a, "%") {
				fmt.Fprintf(p.err, "bash: wait: %s: no such job\n", a)
			} else {
				fmt.Fprintf(p.err, "bash: wait: pid %s is not a child of this shell\n", a)
			}
			return 127
		}
		want = append(want, j)
	}
	if len(p.args) == 0 {
		want = append(want, s.jobs...)
	}
	for {
		s.runJobs()
		var wake uint64
		pending := false
		for _, j := range want {
			if j.done() {
				continue
			}
			pending = true
			if w := j.wakeAt(); w != 0 && (wake == 0 || w < wake) {
				wake = w
			}
		}
		if !pending {
			break
		}
		if s.interrupted() {
			return statusInterrupted
		}
		if wake == 0 {
			fmt.Fprintf(p.err, "blksim: wait: a job waits for input that never comes; a real wait hangs here: kill it (kill %%N)\n")
			return statusInterrupted
		}
		if now := s.k.Jiffies(); wake > now {
			s.k.Sleep(wake - now)
		} else {
			s.k.Sleep(1)
		}
	}
	status := 0
	var left []*job
	for _, j := range s.jobs {
		waited := false
		for _, w := range want {
			waited = waited || w == j
		}
		if waited && j.done() {
			status = j.statuses[len(j.statuses)-1]
			continue
		}
		left = append(left, j)
	}
	s.jobs = left
	return status
}

// wakeAt is the earliest jiffy a command of j waits for, 0 for none.
func (j *job) wakeAt() uint64 {
	j.c.mu.Lock()
	defer j.c.mu.Unlock()
	var w uint64
	for _, t := range j.c.tasks {
		if !t.done && t.wakeAt != 0 && (w == 0 || t.wakeAt < w) {
			w = t.wakeAt
		}
	}
	return w
}

// wait is how a command waits for ready: in a background job it gives the
// processor up until ready holds, a signal comes, or the clock reaches
// wakeAt (0: no time limit; a timer must make ready true then). It reports
// false when the command must stop waiting (a foreground command cannot
// wait for what only later commands would do).
func (p *proc) wait(ready func() bool, wakeAt uint64) bool {
	if p.bg == nil {
		return false
	}
	p.bg.c.blockUntil(p.idx, ready, wakeAt)
	return true
}

// trapSignals says the command handles the signals kill sends (as
// blktrace and blkparse catch SIGINT, SIGHUP and SIGTERM): they do not end
// it, it asks with signalled.
func (p *proc) trapSignals() {
	if p.bg != nil {
		p.bg.c.mu.Lock()
		p.bg.c.tasks[p.idx].traps = true
		p.bg.c.mu.Unlock()
	}
}

// signalled returns the signal sent to the command (0: none); Ctrl-C is
// SIGINT for a foreground one.
func (p *proc) signalled() int {
	if p.bg == nil {
		if p.s.interrupted() {
			return 2
		}
		return 0
	}
	p.bg.c.mu.Lock()
	defer p.bg.c.mu.Unlock()
	return p.bg.c.tasks[p.idx].sig
}
