package shell

import (
	"strings"
)

// Complete is Tab pressed at byte offset pos of line, as bash's readline
// completes: the word before the cursor, when it is a command's first word
// and has no slash, is completed from the commands, otherwise as a path in
// the shell's file tree (/sys and /proc included), a leading ~ being
// $HOME. One match is written out whole, followed by a slash for a
// directory and a space otherwise; several matches are completed as far as
// they agree, and when that adds nothing they are returned, sorted, for the
// caller to list. Dot files are offered only for a word whose last
// component starts with a dot. Quoting in the word is not understood.
func (s *Shell) Complete(line string, pos int) (newLine string, newPos int, matches []string) {
	if pos < 0 || pos > len(line) {
		return line, pos, nil
	}
	start := strings.LastIndexAny(line[:pos], " \t;|&<>()") + 1
	word := line[start:pos]
	var candidates []string // the completed words, each with what follows it
	if isCommandPosition(line[:start]) && !strings.Contains(word, "/") {
		for _, name := range commandNames() {
			if strings.HasPrefix(name, word) {
				candidates = append(candidates, name+" ")
			}
		}
	} else {
		candidates = s.completePath(word)
	}
	if len(candidates) == 0 {
		return line, pos, nil
	}
	insert := candidates[0]
	if len(candidates) > 1 {
		insert = commonPrefix(candidates)
		if len(insert) <= len(word) {
			for _, c := range candidates {
				matches = append(matches, lastComponent(c))
			}
			return line, pos, matches
		}
	}
	return line[:start] + insert + line[pos:], start + len(insert), nil
}

// isCommandPosition reports whether a word after text would be a command
// name: the first word, or the first after |, ;, & or (.
func isCommandPosition(text string) bool {
	t := strings.TrimRight(text, " \t")
	return t == "" || strings.ContainsAny(t[len(t)-1:], ";|&(")
}

// completePath lists the files whose path starts with word, each with a
// slash after a directory and a space after anything else.
func (s *Shell) completePath(word string) []string {
	dir, base := "", word
	if i := strings.LastIndexByte(word, '/'); i >= 0 {
		dir, base = word[:i+1], word[i+1:]
	}
	lookup := dir
	if home, _ := s.getVar("HOME"); lookup == "~/" || strings.HasPrefix(lookup, "~/") {
		lookup = home + lookup[1:]
	}
	abs := s.cwd
	if lookup != "" {
		abs = s.abs(lookup)
	}
	fis, err := s.ns.readDir(abs)
	if err != nil {
		return nil
	}
	var names []string
	for _, fi := range fis {
		if strings.HasPrefix(fi.name, base) && (!strings.HasPrefix(fi.name, ".") || strings.HasPrefix(base, ".")) {
			names = append(names, fi.name)
		}
	}
	sortNames(names, s.collation())
	out := make([]string, 0, len(names))
	for _, name := range names {
		suffix := " "
		if fi, err := s.ns.stat(join(abs, name)); err == nil && fi.isDir() {
			suffix = "/"
		}
		out = append(out, dir+name+suffix)
	}
	return out
}

// commonPrefix is the longest string all of ss start with, in whole runes.
func commonPrefix(ss []string) string {
	p := ss[0]
	for _, s := range ss[1:] {
		for !strings.HasPrefix(s, p) {
			r := []rune(p)
			p = string(r[:len(r)-1])
		}
	}
	return p
}

// lastComponent is what bash lists for a path match: its last component,
// with the slash of a directory.
func lastComponent(c string) string {
	c = strings.TrimSuffix(c, " ")
	trimmed := strings.TrimSuffix(c, "/")
	if i := strings.LastIndexByte(trimmed, '/'); i >= 0 {
		return c[i+1:]
	}
	return c
}
