package shell

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// The grammar is the part of bash 3.2's that the tutorial's sessions and a
// student's experiments need: words with '…', "…" and \ quoting, # comments,
// redirections (<, >, >>, N>, N>>, N>&M, &>), pipelines (|), and lists
// (;, &, &&, ||), and variable references ($NAME, ${NAME}, $?, $$; see
// vars.go). A pipeline ended by & runs in the background (jobs.go); there
// are no subshells.

// word is one word of a command line after quote removal. glob is the same
// text written as a pattern, with quoted metacharacters escaped, and hasGlob
// says whether an unquoted *, ? or [ makes it a pattern at all.
type word struct {
	text    string
	glob    string
	hasGlob bool
	tilde   bool // begins with an unquoted ~
	quoted  bool // has quotes or backslashes: "" is a word, $EMPTY is none
	plain   int  // bytes of text before the first quoted one
}

// redirect is one redirection: fd op target, or fd>&dup.
type redirect struct {
	fd     int    // 0, 1 or 2; -1 for &> (both 1 and 2)
	op     string // "<", ">", ">>", ">&"
	target word
	dup    int // for ">&": the descriptor to duplicate, -1 for none
}

type simpleCmd struct {
	assigns []word // NAME=value words before the command name
	words   []word
	redirs  []redirect
}

type pipeline struct{ cmds []*simpleCmd }

// andOr is a chain of pipelines joined by && and ||.
type andOr struct {
	pipes []*pipeline
	ops   []string
	bg    bool   // ended by &
	text  string // its words as typed, for jobs
}

// token is a word or an operator.
type token struct {
	op string // "" for a word
	w  word
	fd int // for redirection operators: the IO number, or -1 when absent
}

// errUnexpectedEOF is bash's complaint about an unfinished line.
var errUnexpectedEOF = errors.New("syntax error: unexpected end of file")

// syntaxErr is bash's "syntax error near unexpected token" message.
func syntaxErr(tok string) error {
	return fmt.Errorf("syntax error near unexpected token `%s'", tok)
}

// tokenize splits a line into words and operators.
func tokenize(line string) ([]token, error) {
	var toks []token
	var cur, glob strings.Builder
	inWord, hasGlob, tilde, anyQuote, plain := false, false, false, false, -1
	flush := func() {
		if inWord {
			if plain < 0 {
				plain = cur.Len()
			}
			toks = append(toks, token{w: word{text: cur.String(), glob: glob.String(), hasGlob: hasGlob, tilde: tilde, quoted: anyQuote, plain: plain}})
		}
		cur.Reset()
		glob.Reset()
		inWord, hasGlob, tilde, anyQuote, plain = false, false, false, false, -1
	}
	// quote notes that a quoted part of the word begins here.
	quote := func() {
		if !anyQuote {
			anyQuote, plain = true, cur.Len()
		}
		inWord = true
	}
	quoted := func(r rune) {
		if r == varOpen || r == varClose {
			return
		}
		cur.WriteRune(r)
		if strings.ContainsRune(`*?[]\`, r) {
			glob.WriteByte('\\')
		}
		glob.WriteRune(r)
		inWord = true
	}
	rs := []rune(line)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			flush()
		case r == '#' && !inWord:
			i = len(rs)
		case r == '\'':
			quote()
			j := i + 1
			for j < len(rs) && rs[j] != '\'' {
				quoted(rs[j])
				j++
			}
			if j == len(rs) {
				return nil, fmt.Errorf("unexpected EOF while looking for matching `''\nbash: %v", errUnexpectedEOF)
			}
			inWord, i = true, j
		case r == '"':
			quote()
			j := i + 1
			for ; j < len(rs) && rs[j] != '"'; j++ {
				if rs[j] == '\\' && j+1 < len(rs) && strings.ContainsRune("\\\"$`", rs[j+1]) {
					j++
				} else if n := varRef(rs[j:]); n > 0 {
					writeVarRef(&cur, &glob, rs[j:j+n])
					j += n - 1
					continue
				}
				quoted(rs[j])
			}
			if j == len(rs) {
				return nil, fmt.Errorf("unexpected EOF while looking for matching `\"'\nbash: %v", errUnexpectedEOF)
			}
			inWord, i = true, j
		case r == '\\':
			quote()
			if i+1 < len(rs) {
				i++
				quoted(rs[i])
			}
		case strings.ContainsRune("|&;<>()", r):
			fd := -1
			if (r == '<' || r == '>') && inWord && cur.Len() == 1 && glob.Len() == 1 && cur.String()[0] >= '0' && cur.String()[0] <= '2' {
				fd = int(cur.String()[0] - '0')
				cur.Reset()
				glob.Reset()
				inWord = false
			}
			flush()
			op := string(r)
			if i+1 < len(rs) {
				two := op + string(rs[i+1])
				switch two {
				case "||", "&&", ">>", "&>", ">&":
					op = two
					i++
				}
			}
			toks = append(toks, token{op: op, fd: fd})
		case varRef(rs[i:]) > 0:
			n := varRef(rs[i:])
			writeVarRef(&cur, &glob, rs[i:i+n])
			inWord = true
			i += n - 1
		case r == varOpen || r == varClose:
			// never part of a word: they mark variable references
		default:
			if r == '~' && !inWord {
				tilde = true
			}
			if r == '*' || r == '?' || r == '[' {
				hasGlob = true
			}
			cur.WriteRune(r)
			glob.WriteRune(r)
			inWord = true
		}
	}
	flush()
	return toks, nil
}

// varRef returns the length of the variable reference at the start of rs
// ($NAME, ${NAME}, $? or $$), or 0 when a $ there is only a dollar sign.
func varRef(rs []rune) int {
	if len(rs) < 2 || rs[0] != '$' {
		return 0
	}
	switch c := rs[1]; {
	case c == '?' || c == '$':
		return 2
	case c == '{':
		for j := 2; j < len(rs); j++ {
			if rs[j] == '}' {
				if isName(string(rs[2:j])) || string(rs[2:j]) == "?" {
					return j + 1
				}
				return 0
			}
		}
		return 0
	case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		j := 2
		for j < len(rs) && (rs[j] == '_' || rs[j] >= 'a' && rs[j] <= 'z' || rs[j] >= 'A' && rs[j] <= 'Z' || rs[j] >= '0' && rs[j] <= '9') {
			j++
		}
		return j
	}
	return 0
}

// writeVarRef writes the marker of a variable reference into a word's
// text and pattern.
func writeVarRef(cur, glob *strings.Builder, ref []rune) {
	name := strings.Trim(string(ref[1:]), "{}")
	m := string(varOpen) + name + string(varClose)
	cur.WriteString(m)
	glob.WriteString(m)
}

// parseLine parses a command line into a list of and-or chains.
func parseLine(line string) ([]*andOr, error) {
	toks, err := tokenize(line)
	if err != nil {
		return nil, err
	}
	var list []*andOr
	var ao *andOr
	var pl *pipeline
	var sc *simpleCmd
	// expectCmd is true where a command must begin: after |, &&, ||.
	expectCmd := false
	endCmd := func() {
		if sc == nil {
			return
		}
		if pl == nil {
			pl = &pipeline{}
		}
		pl.cmds = append(pl.cmds, sc)
		sc = nil
	}
	// endList closes the and-or list at a ';', '&' or the end of the line.
	endList := func() {
		endCmd()
		if pl != nil {
			if ao == nil {
				ao = &andOr{}
			}
			ao.pipes = append(ao.pipes, pl)
		}
		if ao != nil {
			list = append(list, ao)
		}
		ao, pl = nil, nil
	}
	start := 0 // the first token of the current list
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch t.op {
		case "":
			if sc == nil {
				sc = &simpleCmd{}
			}
			if len(sc.words) == 0 && isAssignment(t.w) {
				sc.assigns = append(sc.assigns, t.w)
			} else {
				sc.words = append(sc.words, t.w)
			}
			expectCmd = false
		case "<", ">", ">>", "&>", ">&":
			if sc == nil {
				sc = &simpleCmd{}
			}
			if i+1 >= len(toks) {
				return nil, syntaxErr("newline")
			}
			next := toks[i+1]
			if next.op != "" {
				return nil, syntaxErr(next.op)
			}
			i++
			r := redirect{fd: t.fd, op: t.op, target: next.w}
			switch t.op {
			case "<":
				if r.fd < 0 {
					r.fd = 0
				}
			case "&>":
				r.fd, r.op = -1, ">"
			case ">&":
				// N>&M duplicates M; >&file is bash's old spelling of
				// &>file; N>&file is an error found when it runs.
				r.dup = -1
				if n, err := strconv.Atoi(next.w.text); err == nil && n >= 0 {
					r.dup = n
				} else if t.fd < 0 {
					r.fd, r.op = -1, ">"
				}
				if r.op == ">&" && r.fd < 0 {
					r.fd = 1
				}
			default:
				if r.fd < 0 {
					r.fd = 1
				}
			}
			sc.redirs = append(sc.redirs, r)
			expectCmd = false
		case "|":
			if sc == nil || expectCmd {
				return nil, syntaxErr(t.op)
			}
			endCmd()
			expectCmd = true
		case "&&", "||":
			if sc == nil || expectCmd {
				return nil, syntaxErr(t.op)
			}
			endCmd()
			if ao == nil {
				ao = &andOr{}
			}
			ao.pipes = append(ao.pipes, pl)
			ao.ops = append(ao.ops, t.op)
			pl = nil
			expectCmd = true
		case ";", "&":
			if expectCmd || (sc == nil && pl == nil && ao == nil) {
				return nil, syntaxErr(t.op)
			}
			endList()
			if t.op == "&" {
				last := list[len(list)-1]
				last.bg = true
				last.text = tokensText(toks[start:i])
			}
			start = i + 1
		default: // ( and )
			return nil, syntaxErr(t.op)
		}
	}
	if expectCmd {
		return nil, errUnexpectedEOF
	}
	endList()
	return list, nil
}

// tokensText is a list's tokens as bash shows a job: words and operators
// separated by single spaces.
func tokensText(toks []token) string {
	parts := make([]string, 0, len(toks))
	for _, t := range toks {
		switch {
		case t.op == "":
			parts = append(parts, t.w.source())
		case t.fd >= 0 && (t.op[0] == '<' || t.op[0] == '>'):
			parts = append(parts, strconv.Itoa(t.fd)+t.op)
		default:
			parts = append(parts, t.op)
		}
	}
	return strings.Join(parts, " ")
}
