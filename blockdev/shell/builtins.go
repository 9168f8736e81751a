package shell

import (
	"fmt"
	"strings"

	"simpblkdev/blockdev/errno"
)

// The bash 3.2 builtins the sessions use: echo, cd, pwd and help.

func init() {
	commands["echo"] = command{run: echo, builtin: true, synopsis: "echo [-neE] [ARG...]  print the arguments"}
	commands["cd"] = command{run: cd, builtin: true, synopsis: "cd [DIR]  change the working directory"}
	commands["pwd"] = command{run: pwd, builtin: true, synopsis: "pwd  print the working directory"}
	commands["help"] = command{run: help, builtin: true, synopsis: "help  list the commands of this shell"}
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

// cd models bash's cd: no argument is root's home.
func cd(p *proc) int {
	dir := "/root"
	if len(p.args) > 0 {
		dir = p.args[0]
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
	p.s.cwd = abs
	return 0
}

// pwd models bash's pwd.
func pwd(p *proc) int {
	fmt.Fprintln(p.out, p.s.cwd)
	return 0
}

// help lists the commands; bash's own help lists its builtins, and here the
// commands are what a student needs to know about.
func help(p *proc) int {
	fmt.Fprintln(p.out, "Commands of the simulated shell (bash 3.2 and the RHEL5 tools):")
	for _, name := range commandNames() {
		fmt.Fprintf(p.out, "  %s\n", commands[name].synopsis)
	}
	fmt.Fprintln(p.out, "Redirections < > >> 2> 2>&1 &>, pipes |, lists ; && || and globs * ? [...] work as in bash.")
	return 0
}
