package shell

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
)

// proc is one running command: its arguments and its standard streams.
type proc struct {
	s     *Shell
	name  string   // argv[0]
	args  []string // argv[1:]
	stdin reader   // from a pipe or a file; the terminal gives nothing
	out   io.Writer
	err   io.Writer
	tty   bool // stdout is the terminal (ls then prints columns)
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
	run      func(p *proc) int
	builtin  bool   // a bash builtin: its write errors read "bash: echo: ..."
	synopsis string // for help
}

// commands is filled by the command files' init functions.
var commands = map[string]command{}

// redirSink is an output redirection in effect: the command writes into
// buf, which goes to the file when the command is done.
type redirSink struct {
	buf bytes.Buffer
	s   sink
}

// runSimple expands a simple command's words, sets up its redirections in
// order, runs it and delivers its redirected output.
//
// A panic anywhere in there is a bug in the simulator; it is reported as an
// error of the command rather than taking the caller down.
func (s *Shell) runSimple(c *simpleCmd, stdin reader, stdout io.Writer, last bool) (status int) {
	defer s.k.Sleep(commandTick)
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(s.stderr, "bash: internal error: %v\n", r)
			status = 1
		}
	}()
	argv := s.expandWords(c.words)
	p := &proc{s: s, stdin: stdin, out: stdout, err: s.stderr, tty: last}
	var sinks []*redirSink
	var inputs []func() // the files < opened, closed when the command is done
	defer func() {
		for _, done := range inputs {
			done()
		}
	}()
	fail := func(format string, a ...any) int {
		fmt.Fprintf(s.stderr, "bash: "+format+"\n", a...)
		for _, rs := range sinks {
			rs.s.close()
		}
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
				return fail("%s: ambiguous redirect", r.target.text)
			}
			continue
		}
		targets := s.expandWord(r.target)
		if len(targets) != 1 || targets[0] == "" {
			return fail("%s: ambiguous redirect", r.target.text)
		}
		target := targets[0]
		abs := s.abs(target)
		if r.op == "<" {
			in, done, err := s.ns.openRead(abs, false)
			if err != nil {
				return fail("%s: %s", target, errText(err))
			}
			inputs = append(inputs, done)
			p.stdin = in
			continue
		}
		mode := wTrunc
		if r.op == ">>" {
			mode = wAppend
		}
		sk, err := s.ns.create(abs, mode, false, 0666&^umask)
		if err != nil {
			return fail("%s: %s", target, errText(err))
		}
		rs := &redirSink{s: sk}
		sinks = append(sinks, rs)
		if r.fd == 1 || r.fd == -1 {
			p.out, p.tty = &rs.buf, false
		}
		if r.fd == 2 || r.fd == -1 {
			p.err = &rs.buf
		}
	}
	if len(argv) > 0 {
		p.name, p.args = argv[0], argv[1:]
		status = s.runCommand(p)
	}
	for _, rs := range sinks {
		err := error(nil)
		if rs.buf.Len() > 0 {
			err = rs.s.write(rs.buf.Bytes())
		}
		if cerr := rs.s.close(); err == nil {
			err = cerr
		}
		if err != nil {
			who := p.name
			if cmd, ok := commands[p.name]; ok && cmd.builtin {
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
	return cmd.run(p)
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
