package shell

import "fmt"

// Ctrl-C and exit: how a command line stops early.

// Interrupt is Ctrl-C while a command runs, as the terminal's SIGINT: the
// running command stops at its next block or line (dd, hexdump, cat, head,
// tail, grep, wc and od look between them), the rest of the command line is
// not run, and $? is 130, as bash reports a command killed by SIGINT. The
// machine and everything loaded on it stay as they are. Interrupt may be
// called from any goroutine; the next command line starts afresh.
func (s *Shell) Interrupt() { s.intr.Store(true) }

// Interrupted reports whether Ctrl-C stopped the last command line.
func (s *Shell) Interrupted() bool { return s.intr.Load() }

func (s *Shell) interrupted() bool { return s.intr.Load() }

// statusInterrupted is the exit status of a command stopped by SIGINT:
// 128 + 2.
const statusInterrupted = 130

// Exited reports whether exit ran, and the status it asked for: the caller
// reads no more commands and leaves with it.
func (s *Shell) Exited() (bool, int) { return s.exited, s.status }

func init() {
	commands["exit"] = command{run: exit, builtin: true, synopsis: "exit [N]  leave the shell with status N (default: $?)"}
	commands["logout"] = command{run: exit, builtin: true, synopsis: "logout [N]  leave the login shell, as exit"}
}

// exit models bash's exit: the status is N modulo 256, or $? without N.
func exit(p *proc) int {
	status := p.s.status
	if len(p.args) > 0 {
		n, ok := parseExitStatus(p.args[0])
		if !ok {
			fmt.Fprintf(p.err, "bash: %s: %s: numeric argument required\n", p.name, p.args[0])
			n = 255
		}
		status = n
	}
	p.s.exited = true
	return status
}

// parseExitStatus reads exit's argument as bash does: a decimal integer,
// possibly signed, taken modulo 256.
func parseExitStatus(a string) (int, bool) {
	neg := false
	switch {
	case a == "":
		return 0, false
	case a[0] == '-' || a[0] == '+':
		neg = a[0] == '-'
		a = a[1:]
	}
	if a == "" {
		return 0, false
	}
	n := 0
	for _, c := range a {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = (n*10 + int(c-'0')) & 0xff
	}
	if neg {
		n = (256 - n) & 0xff
	}
	return n, true
}
