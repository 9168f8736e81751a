package shell

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Shell variables, as bash 3.2 keeps them: a name, a value, and whether it
// is exported, that is part of the environment every command sees. The
// tokenizer leaves a reference to one ($NAME, ${NAME}, $?) in a word as a
// marker, varOpen NAME varClose, which expandWord replaces when the command
// runs, so that `false; echo $?` sees the status of false. A value is not
// split into words nor expanded as a pattern (bash would do both for an
// unquoted reference; the sessions never rely on it).

// varOpen and varClose delimit a variable reference inside a word's text:
// two code points of Unicode's private use area, which nothing a user
// types can contain (the tokenizer drops them from input).
const (
	varOpen  = '\uE000'
	varClose = '\uE001'
)

type variable struct {
	value    string
	exported bool
}

// loginEnv is root's environment after logging in on the tutorial's box.
// LANG is en_US.UTF-8, what RHEL5's installer writes for English: ls sorts
// and globs expand in the order the tutorial shows, and the tools speak
// English. export LANG=zh_CN.UTF-8 prints what the tutorial's box printed.
var loginEnv = []struct{ name, value string }{
	{"HOME", "/root"},
	{"LANG", "en_US.UTF-8"},
	{"LOGNAME", "root"},
	{"PATH", "/usr/kerberos/sbin:/usr/kerberos/bin:/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin:/root/bin"},
	{"SHELL", "/bin/bash"},
	{"TERM", "xterm"},
	{"USER", "root"},
}

// initVars sets the login environment.
func (s *Shell) initVars() {
	s.vars = map[string]*variable{}
	for _, e := range loginEnv {
		s.vars[e.name] = &variable{value: e.value, exported: true}
	}
}

// shellPID is what $$ expands to: a plausible pid for a login shell.
const shellPID = 3567

// getVar returns a variable's value; $? and $$ are bash's special
// parameters, and PWD is always the working directory (cd keeps it so).
func (s *Shell) getVar(name string) (string, bool) {
	switch name {
	case "?":
		return strconv.Itoa(s.status), true
	case "$":
		return strconv.Itoa(shellPID), true
	case "PWD":
		return s.cwd, true
	}
	if v, ok := s.vars[name]; ok {
		return v.value, true
	}
	return "", false
}

// setVar assigns a shell variable, keeping whether it is exported.
func (s *Shell) setVar(name, value string) {
	if v, ok := s.vars[name]; ok {
		v.value = value
		return
	}
	s.vars[name] = &variable{value: value}
}

// getenv is the environment variable name as the command sees it: a
// VAR=value written before the command, or an exported variable.
func (p *proc) getenv(name string) (string, bool) {
	if v, ok := p.env[name]; ok {
		return v, true
	}
	if v, ok := p.s.vars[name]; ok && v.exported {
		return v.value, true
	}
	if name == "PWD" {
		return p.s.cwd, true
	}
	return "", false
}

// isName reports whether s is a valid variable name.
func isName(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		if c != '_' && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// isAssignment reports whether a word is NAME=value: the name unquoted, as
// bash sees an assignment before a command.
func isAssignment(w word) bool {
	i := strings.IndexByte(w.text, '=')
	return i > 0 && i < w.plain && isName(w.text[:i])
}

// expandAssigns expands the values of a command's NAME=value words.
func (s *Shell) expandAssigns(ws []word) map[string]string {
	if len(ws) == 0 {
		return nil
	}
	env := map[string]string{}
	for _, w := range ws {
		name, value, _ := strings.Cut(s.expandVars(w.text), "=")
		env[name] = value
	}
	return env
}

// assign makes NAME=value words written without a command shell variables.
func (s *Shell) assign(env map[string]string) {
	for name, value := range env {
		s.setVar(name, value)
	}
}

// expandVars replaces the variable references in a word's text by their
// values; an unset variable is empty.
func (s *Shell) expandVars(text string) string {
	if !strings.ContainsRune(text, varOpen) {
		return text
	}
	var b strings.Builder
	for {
		i := strings.IndexRune(text, varOpen)
		if i < 0 {
			b.WriteString(text)
			return b.String()
		}
		b.WriteString(text[:i])
		text = text[i+len(string(varOpen)):]
		j := strings.IndexRune(text, varClose)
		v, _ := s.getVar(text[:j])
		b.WriteString(v)
		text = text[j+len(string(varClose)):]
	}
}

// expandGlobVars is expandVars for a word's pattern: the values are
// literal text there, their metacharacters escaped.
func (s *Shell) expandGlobVars(pat string) string {
	if !strings.ContainsRune(pat, varOpen) {
		return pat
	}
	var b strings.Builder
	for {
		i := strings.IndexRune(pat, varOpen)
		if i < 0 {
			b.WriteString(pat)
			return b.String()
		}
		b.WriteString(pat[:i])
		pat = pat[i+len(string(varOpen)):]
		j := strings.IndexRune(pat, varClose)
		v, _ := s.getVar(pat[:j])
		b.WriteString(escapeGlob(v))
		pat = pat[j+len(string(varClose)):]
	}
}

func init() {
	commands["export"] = command{run: export, builtin: true, synopsis: "export [NAME[=VALUE]...]  put variables into the environment of commands"}
	commands["unset"] = command{run: unset, builtin: true, synopsis: "unset NAME...  remove variables"}
}

// export models bash's export: each NAME (with =VALUE, assigned first)
// becomes part of the environment; without arguments it lists the
// environment as declare -x lines.
func export(p *proc) int {
	args := p.args
	if len(args) > 0 && args[0] == "-p" {
		args = args[1:]
	}
	if len(args) == 0 {
		names := make([]string, 0, len(p.s.vars))
		for name, v := range p.s.vars {
			if v.exported {
				names = append(names, name)
			}
		}
		sort.Strings(names)
		for _, name := range names {
			fmt.Fprintf(p.out, "declare -x %s=%q\n", name, p.s.vars[name].value)
		}
		return 0
	}
	status := 0
	for _, a := range args {
		name, value, hasValue := strings.Cut(a, "=")
		if !isName(name) {
			fmt.Fprintf(p.err, "bash: export: `%s': not a valid identifier\n", a)
			status = 1
			continue
		}
		if hasValue {
			p.s.setVar(name, value)
		}
		if v, ok := p.s.vars[name]; ok {
			v.exported = true
		} else {
			p.s.vars[name] = &variable{exported: true}
		}
	}
	return status
}

// unset models bash's unset of variables.
func unset(p *proc) int {
	status := 0
	for _, name := range p.args {
		if !isName(name) {
			fmt.Fprintf(p.err, "bash: unset: `%s': not a valid identifier\n", name)
			status = 1
			continue
		}
		delete(p.s.vars, name)
	}
	return status
}
