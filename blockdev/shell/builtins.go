package shell

import (
	"fmt"
	"strings"

	"simpblkdev/blockdev/errno"
)

// The bash 3.2 builtins the sessions use: echo, cd, pwd and help (exit is in
// interrupt.go, export and unset in vars.go).

func init() {
	commands["echo"] = command{run: echo, builtin: true, synopsis: "echo [-neE] [ARG...]  print the arguments"}
	commands["cd"] = command{run: cd, builtin: true, synopsis: "cd [DIR|-]  change the working directory ($HOME without DIR, the previous one for -)"}
	commands["pwd"] = command{run: pwd, builtin: true, synopsis: "pwd  print the working directory"}
	commands["help"] = command{run: help, builtin: true, synopsis: "help [CMD]  list the commands of this shell, or show one"}
}

// echo models bash's echo builtin: leading -n, -e and -E words (and only
// words made of those letters) are options; -e interprets backslash escapes.
func echo(p *proc) int {
	args := p.args
	newline, escapes := true, false
	for len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' && strings.Trim(args[0][1:], "neE") == "" {
		for _, c := range args[0][1:] {
			switch c {
			case 'n':
				newline = false
			case 'e':
				escapes = true
			case 'E':
				escapes = false
			}
		}
		args = args[1:]
	}
	s := strings.Join(args, " ")
	if escapes {
		var stop bool
		s, stop = echoEscapes(s)
		if stop {
			newline = false
		}
	}
	if newline {
		s += "\n"
	}
	fmt.Fprint(p.out, s)
	return 0
}

// echoEscapes interprets echo -e's escapes; \c stops the output there.
func echoEscapes(s string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch c := s[i]; c {
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'c':
			return b.String(), true
		case 'e':
			b.WriteByte(0x1b)
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case '\\':
			b.WriteByte('\\')
		case '0':
			n, j := 0, i+1
			for ; j < len(s) && j < i+4 && s[j] >= '0' && s[j] <= '7'; j++ {
				n = n*8 + int(s[j]-'0')
			}
			b.WriteByte(byte(n))
			i = j - 1
		default:
			b.WriteByte('\\')
			b.WriteByte(c)
		}
	}
	return b.String(), false
}

// cd models bash's cd: no argument is $HOME, - is $OLDPWD (printed, as
// bash prints it); PWD and OLDPWD follow.
func cd(p *proc) int {
	dir, ok := p.s.getVar("HOME")
	if len(p.args) > 0 {
		dir = p.args[0]
	} else if !ok {
		fmt.Fprintln(p.err, "bash: cd: HOME not set")
		return 1
	}
	if dir == "-" {
		old, ok := p.s.getVar("OLDPWD")
		if !ok {
			fmt.Fprintln(p.err, "bash: cd: OLDPWD not set")
			return 1
		}
		dir = old
	}
	abs := p.s.abs(dir)
	fi, err := p.s.ns.stat(abs)
	if err == nil && !fi.isDir() {
		err = errno.ENOTDIR
	}
	if err != nil {
		fmt.Fprintf(p.err, "bash: cd: %s: %s\n", dir, errText(err))
		return 1
	}
	p.s.setVar("OLDPWD", p.s.cwd)
	p.s.cwd = abs
	if len(p.args) > 0 && p.args[0] == "-" {
		fmt.Fprintln(p.out, abs)
	}
	return 0
}

// pwd models bash's pwd.
func pwd(p *proc) int {
	fmt.Fprintln(p.out, p.s.cwd)
	return 0
}

// help lists the commands; bash's own help lists its builtins, and here the
// commands are what a student needs to know about. help CMD shows the
// commands named, or bash's complaint when none matches.
func help(p *proc) int {
	if len(p.args) > 0 {
		status := 1
		for _, name := range p.args {
			if cmd, ok := commands[name]; ok {
				fmt.Fprintf(p.out, "%s: %s\n", name, cmd.synopsis)
				status = 0
			}
		}
		if status != 0 {
			fmt.Fprintf(p.err, "bash: help: no help topics match `%s'.  Try `help help' or `man -k %s' or `info %s'.\n", p.args[len(p.args)-1], p.args[len(p.args)-1], p.args[len(p.args)-1])
		}
		return status
	}
	fmt.Fprintln(p.out, "Commands of the simulated shell (bash 3.2 and the RHEL5 tools):")
	for _, name := range commandNames() {
		fmt.Fprintf(p.out, "  %s\n", commands[name].synopsis)
	}
	fmt.Fprintln(p.out, "Redirections < > >> 2> 2>&1 &>, pipes |, lists ; && || and globs * ? [...] work as in bash,")
	fmt.Fprintln(p.out, "and so do variables: $NAME, ${NAME}, $?, NAME=value, export NAME=value, and ~ for $HOME.")
	fmt.Fprintln(p.out, "help CMD shows one command.")
	return 0
}
