package shell

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"simpblkdev/blockdev"
)

// proc is one running command: its arguments and its standard streams.
type proc struct {
	s     *Shell
	name  string   // argv[0]
	args  []string // argv[1:]
	stdin reader   // from a pipe or a file; the terminal gives nothing
	out   io.Writer
	err   io.Writer
	tty   bool              // stdout is the terminal (ls then prints columns)
	env   map[string]string // the NAME=value words before the command
	task  *blockdev.Task    // the process, as the kernel sees it
	files *files            // the files it has open (files.go)
	bg    *job              // the background job it runs in, or nil
	idx   int               // its place in its pipeline
	// termsig is the signal that killed it (0: it exited), for bash's
	// "Segmentation fault" and the jobs' states.
	termsig int
}

// errorf prints "name: message" on standard error.
func (p *proc) errorf(format string, a ...any) {
	fmt.Fprintf(p.err, p.name+": "+format+"\n", a...)
}

// tryHelp prints coreutils' pointer to --help after a usage error.
func (p *proc) tryHelp() {
	fmt.Fprintf(p.err, "Try `%s --help' for more information.\n", p.name)
}

// command is the code of one command; it returns the exit status.
type command struct {
	run     func(p *proc) int
	builtin bool // a bash builtin: its write errors read "bash: echo: ..."
	// reportsWrites: the tool reports a failed write of its standard
	// output itself, in its own words (dd's "writing `standard output'").
	reportsWrites bool
	synopsis      string // for help
}

// commands is filled by the command files' init functions.
var commands = map[string]command{}

// runSimple expands a simple command's words, sets up its redirections in
// order and runs it. The files it has open when it exits, however it
// exits, are closed then, as do_exit closes what a process leaves open: its
// redirections, and what the command opened and did not close (files.go).
//
// A panic anywhere in there is a bug in the simulator; it is reported as an
// error of the command rather than taking the caller down. The panics that
// are no bug are the signals that kill the command: SIGPIPE's (see
// pipeWriter), after which bash says nothing, kill's (killedBy), and
// SIGSEGV's when a system call oopsed in driver code (the kernel's
// *blockdev.Killed; the command is a process, blockdev.ExitOnKill, until it
// exits). The caller reports a signal's death as bash does (reportSignal).
func (s *Shell) runSimple(c *simpleCmd, stdin reader, stdout io.Writer, last bool, p *proc) (status int) {
	if p.bg == nil {
		defer s.k.Sleep(commandTick)
	}
	var outs []*redirOut
	p.files = &files{}
	defer func() {
		r := recover()
		switch r := r.(type) {
		case nil:
		case sigpipe:
			status, p.termsig = sigpipeStatus, sigpipeStatus-128
		case killedBy:
			status, p.termsig = 128+r.sig, r.sig
		case *blockdev.Killed:
			status, p.termsig = 128+r.Signal, r.Signal
		default:
			fmt.Fprintf(s.stderr, "bash: internal error: %v\n", r)
			status = 1
		}
		p.files.exit()
	}()
	// Deferred last, so that the closes above, done after the command
	// is dead, cannot kill it again.
	defer blockdev.ExitOnKill()()
	argv := s.expandWords(c.words)
	p.s, p.stdin, p.out, p.err, p.tty, p.env = s, stdin, stdout, s.stderr, last, s.expandAssigns(c.assigns)
	fail := func(format string, a ...any) int {
		fmt.Fprintf(s.stderr, "bash: "+format+"\n", a...)
		return 1
	}
	for _, r := range c.redirs {
		if r.op == ">&" {
			switch {
			case r.fd == 2 && r.dup == 1:
				p.err = p.out
			case r.fd == 1 && r.dup == 2:
				p.out, p.tty = p.err, false
			case r.dup >= 0 && r.dup != r.fd:
				return fail("%d: Bad file descriptor", r.dup)
			case r.dup < 0:
				return fail("%s: ambiguous redirect", r.target.source())
			}
			continue
		}
		targets := s.expandWord(r.target)
		if len(targets) != 1 || targets[0] == "" {
			return fail("%s: ambiguous redirect", r.target.source())
		}
		target := targets[0]
		abs := s.abs(target)
		if r.op == "<" {
			in, f, err := s.ns.openRead(p.files, abs, false)
			if err != nil {
				return fail("%s: %s", target, errText(err))
			}
			p.files.redirect(r.fd, f)
			p.stdin = in
			continue
		}
		mode := wTrunc
		if r.op == ">>" {
			mode = wAppend
		}
		sk, err := s.ns.create(p.files, abs, mode, false, 0666&^umask)
		if err != nil {
			return fail("%s: %s", target, errText(err))
		}
		p.files.redirect(max(r.fd, 1), fileOf(sk))
		ro := &redirOut{sk: sk, app: mode == wAppend}
		outs = append(outs, ro)
		if r.fd == 1 || r.fd == -1 {
			p.out, p.tty = ro, false
		}
		if r.fd == 2 || r.fd == -1 {
			p.err = ro
		}
	}
	if len(argv) > 0 {
		p.name, p.args = argv[0], argv[1:]
		status = s.runCommand(p)
	} else {
		s.assign(p.env)
	}
	// A write that failed and a close that fails are reported as
	// coreutils' close_stdout and bash's builtins report them, unless
	// the tool reported its write errors itself.
	cmd, known := commands[p.name]
	for _, ro := range outs {
		err := ro.close()
		if ro.err != nil && !cmd.reportsWrites {
			err = ro.err
		}
		if err != nil {
			who := p.name
			if known && cmd.builtin {
				who = "bash: " + p.name
			}
			fmt.Fprintf(s.stderr, "%s: write error: %s\n", who, errText(err))
			status = 1
		}
	}
	return status
}

// runCommand finds and runs p's command.
func (s *Shell) runCommand(p *proc) int {
	cmd, ok := commands[p.name]
	if !ok {
		if strings.Contains(p.name, "/") {
			if _, err := s.ns.stat(s.abs(p.name)); err != nil {
				fmt.Fprintf(s.stderr, "bash: %s: %s\n", p.name, errText(err))
				return 127
			}
			fmt.Fprintf(s.stderr, "bash: %s: Permission denied\n", p.name)
			return 126
		}
		fmt.Fprintf(s.stderr, "bash: %s: command not found\n", p.name)
		return 127
	}
	if p.task != s.bash {
		p.task.Comm = comm(p.name)
	}
	s.k.SetCurrent(p.task)
	status := cmd.run(p)
	s.k.SetCurrent(s.bash)
	if dev := s.endlessHit.Swap(nil); dev != nil {
		fmt.Fprintf(s.stderr, "blksim: stopped %s after %s from %s: a real read never ends; press Ctrl-C at a terminal\n",
			p.name, binarySize(s.endless), *dev)
		status = statusInterrupted
	}
	return status
}

// commandNames lists the commands for help.
func commandNames() []string {
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
