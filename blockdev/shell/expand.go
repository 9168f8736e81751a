package shell

import (
	"path"
	"strings"
)

// expandWords does what bash does to a command's words after splitting:
// tilde expansion, then pathname expansion, then quote removal (already done
// by the tokenizer).
func (s *Shell) expandWords(ws []word) []string {
	var out []string
	for _, w := range ws {
		out = append(out, s.expandWord(w)...)
	}
	return out
}

// expandWord expands one word. A pattern that matches nothing stays as it
// was typed, as bash leaves it without nullglob.
//
// Variable references are replaced first (as bash's parameter expansion
// comes before pathname expansion); one that leaves an unquoted word empty
// removes it, as `echo $UNSET x` prints "x". A leading ~ is $HOME.
func (s *Shell) expandWord(w word) []string {
	text, pat := s.expandVars(w.text), s.expandGlobVars(w.glob)
	if text == "" && w.text != "" && !w.quoted {
		return nil
	}
	if w.tilde && (text == "~" || strings.HasPrefix(text, "~/")) {
		home, _ := s.getVar("HOME")
		text, pat = home+text[1:], escapeGlob(home)+pat[1:]
	}
	if !w.hasGlob {
		return []string{text}
	}
	if m := s.glob(pat); len(m) > 0 {
		return m
	}
	return []string{text}
}

// glob expands a pattern component by component against the namespace, and
// sorts the matches in the locale's order. A * or ? matches a leading dot
// only when the pattern's component starts with one. A pattern that ends in
// a slash matches directories only, and the matches keep the slash.
func (s *Shell) glob(pat string) []string {
	absolute := strings.HasPrefix(pat, "/")
	dirsOnly := strings.HasSuffix(pat, "/") && strings.Trim(pat, "/") != ""
	prefixes := []string{""}
	if absolute {
		prefixes = []string{"/"}
	}
	parts := strings.Split(strings.Trim(pat, "/"), "/")
	for i, part := range parts {
		var next []string
		for _, pre := range prefixes {
			if !hasMeta(part) {
				next = append(next, join(pre, unescape(part)))
				continue
			}
			dir := s.abs(pre)
			if pre == "" {
				dir = s.cwd
			}
			fis, err := s.ns.readDir(dir)
			if err != nil {
				continue
			}
			var names []string
			for _, fi := range fis {
				if strings.HasPrefix(fi.name, ".") && !strings.HasPrefix(part, ".") {
					continue
				}
				if ok, _ := path.Match(bashBrackets(part), fi.name); ok {
					names = append(names, fi.name)
				}
			}
			sortNames(names, s.collation())
			for _, n := range names {
				next = append(next, join(pre, n))
			}
		}
		// Matches must exist; the last component was checked by readDir,
		// the literal ones in between must be directories.
		if i < len(parts)-1 || !hasMeta(part) {
			kept := next[:0]
			for _, n := range next {
				if fi, err := s.ns.stat(s.abs(n)); err == nil && (i == len(parts)-1 || fi.isDir()) {
					kept = append(kept, n)
				}
			}
			next = kept
		}
		prefixes = next
	}
	if dirsOnly {
		var dirs []string
		for _, m := range prefixes {
			if fi, err := s.ns.stat(s.abs(m)); err == nil && fi.isDir() {
				dirs = append(dirs, m+"/")
			}
		}
		return dirs
	}
	return prefixes
}

// bashBrackets turns bash's negated bracket expression [!...] into the [^...]
// that path.Match knows (bash takes both).
func bashBrackets(p string) string {
	b := []byte(p)
	for i := 0; i < len(b); i++ {
		switch {
		case b[i] == '\\':
			i++
		case b[i] == '[' && i+1 < len(b) && b[i+1] == '!':
			b[i+1] = '^'
		}
	}
	return string(b)
}

func join(pre, name string) string {
	switch pre {
	case "":
		return name
	case "/":
		return "/" + name
	}
	return pre + "/" + name
}

// hasMeta reports whether a pattern component has an unescaped *, ? or [.
func hasMeta(p string) bool {
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '\\':
			i++
		case '*', '?', '[':
			return true
		}
	}
	return false
}

// unescape removes the backslashes that protect quoted metacharacters.
func unescape(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == '\\' && i+1 < len(p) {
			i++
		}
		b.WriteByte(p[i])
	}
	return b.String()
}

// escapeGlob protects a literal string's metacharacters in a pattern.
func escapeGlob(lit string) string {
	var b strings.Builder
	for _, r := range lit {
		if strings.ContainsRune(`*?[]\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// source is a word as it was typed, near enough for an error message:
// its variable references written back as $NAME.
func (w word) source() string {
	r := strings.NewReplacer(string(varOpen), "$", string(varClose), "")
	return r.Replace(w.text)
}
