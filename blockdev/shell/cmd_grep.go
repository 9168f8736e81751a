package shell

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"regexp/syntax"
	"strings"
)

func init() {
	commands["grep"] = command{run: grep, synopsis: "grep [-vinclqHhE] [-e] PATTERN [FILE...]  print lines matching a pattern"}
}

// grep models GNU grep 2.5.1: basic regular expressions, or extended with
// -E (egrep); -v, -i, -n, -c, -l, -q, -H and -h; file names before the
// lines when there are several files. Exit status 0 when a line matched, 1
// when none did, 2 on trouble. A file with a NUL byte in its first 32 KiB
// is binary: grep says it matches instead of printing lines. Go's regexp
// (RE2) stands in for the matcher, so back-references are refused.
func grep(p *proc) int {
	opts, args, err := getopt(p.args, "vinclqHhEe:")
	if err != nil {
		p.errorf("%v", err)
		fmt.Fprintln(p.err, "Usage: grep [OPTION]... PATTERN [FILE]...")
		fmt.Fprintln(p.err, "Try `grep --help' for more information.")
		return 2
	}
	var g grepper
	extended := false
	var patterns []string
	for _, o := range opts {
		switch o.c {
		case 'v':
			g.invert = true
		case 'i':
			g.fold = true
		case 'n':
			g.number = true
		case 'c':
			g.count = true
		case 'l':
			g.list = true
		case 'q':
			g.quiet = true
		case 'H':
			g.names = 1
		case 'h':
			g.names = -1
		case 'E':
			extended = true
		case 'e':
			patterns = append(patterns, o.arg)
		}
	}
	if patterns == nil {
		if len(args) == 0 {
			fmt.Fprintln(p.err, "Usage: grep [OPTION]... PATTERN [FILE]...")
			fmt.Fprintln(p.err, "Try `grep --help' for more information.")
			return 2
		}
		patterns, args = strings.Split(args[0], "\n"), args[1:]
	}
	var alts []string
	for _, pat := range patterns {
		if !extended {
			pat = breToERE(pat)
		}
		alts = append(alts, "(?:"+pat+")")
	}
	expr := strings.Join(alts, "|")
	if g.fold {
		expr = "(?i)" + expr
	}
	if g.re, err = regexp.Compile(expr); err != nil {
		p.errorf("%s", regexpError(err))
		return 2
	}
	files := operands(args)
	if g.names == 0 && len(files) > 1 {
		g.names = 1
	}
	status := 1
	for _, f := range files {
		in, done, err := p.openInput(f)
		if err != nil {
			p.errorf("%s: %s", f, errText(err))
			status = 2
			continue
		}
		name := f
		if f == "-" {
			name = "(standard input)"
		}
		matched, err := g.file(p.out, in.r, name)
		done()
		if errors.Is(err, errInterrupted) {
			return statusInterrupted
		}
		if err == errMemoryExhausted {
			p.errorf("memory exhausted") // xalloc_die
			return 2
		}
		if err != nil {
			p.errorf("%s: %s", f, errText(err))
			status = 2
		} else if matched && status != 2 {
			status = 0
		}
		if matched && g.quiet {
			return 0
		}
	}
	return status
}

type grepper struct {
	re                                *regexp.Regexp
	invert, fold, number, count, list bool
	quiet                             bool
	names                             int // >0 prefix lines with the file name, <0 never
}

// file greps one stream and reports whether a line was selected.
func (g *grepper) file(w io.Writer, r io.Reader, name string) (bool, error) {
	br := bufio.NewReaderSize(r, 32<<10)
	head, _ := br.Peek(32 << 10)
	binary := bytes.IndexByte(head, 0) >= 0
	prefix := ""
	if g.names > 0 {
		prefix = name + ":"
	}
	selected, lineNo := 0, 0
	for {
		line, err := readLine(br)
		if err == errMemoryExhausted {
			return selected > 0, err
		}
		if len(line) > 0 {
			lineNo++
			text := bytes.TrimSuffix(line, []byte("\n"))
			if g.re.Match(text) != g.invert {
				selected++
				if g.quiet || g.list {
					break
				}
				if !g.count && !binary {
					out := prefix
					if g.number {
						out += fmt.Sprintf("%d:", lineNo)
					}
					fmt.Fprintf(w, "%s%s\n", out, text)
				}
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return selected > 0, err
		}
	}
	switch {
	case g.quiet:
	case g.list:
		if selected > 0 {
			fmt.Fprintln(w, name)
		}
	case g.count:
		fmt.Fprintf(w, "%s%d\n", prefix, selected)
	case binary && selected > 0:
		fmt.Fprintf(w, "Binary file %s matches\n", name)
	}
	return selected > 0, nil
}

// maxLine is the longest line grep and tail hold. GNU grep 2.5.1 and
// coreutils 5.97's tail keep a whole line in memory, however long (a file
// without a newline is one line), and die with "memory exhausted" when they
// cannot have more; here that happens at 32 MiB, so that grep or tail of
// /dev/zero or a disk costs bounded memory.
const maxLine = 32 << 20

var errMemoryExhausted = errors.New("memory exhausted")

// readLine reads one line, with its newline, of at most maxLine bytes.
// A short line is the reader's buffer, valid until the next read.
func readLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		frag, err := br.ReadSlice('\n')
		if len(line)+len(frag) > maxLine {
			return nil, errMemoryExhausted
		}
		if err == bufio.ErrBufferFull {
			if len(line)+len(frag) > cap(line) {
				// Grow by doubling, but never past the bound.
				grown := make([]byte, len(line), min(max(2*cap(line), len(frag)), maxLine))
				copy(grown, line)
				line = grown
			}
			line = append(line, frag...)
			continue
		}
		if line == nil {
			return frag, err
		}
		return append(line, frag...), err
	}
}

// breToERE rewrites a POSIX basic regular expression, with GNU's \+, \?
// and \| extensions, as the extended syntax regexp compiles: \( \) \{ \}
// become groups and intervals, and the bare ( ) { } | + ? literals. A * at
// the start of the expression or of a group is a literal star.
func breToERE(bre string) string {
	var b strings.Builder
	atStart := true
	inBracket := false
	for i := 0; i < len(bre); i++ {
		c := bre[i]
		if inBracket {
			b.WriteByte(c)
			if c == ']' {
				inBracket = false
			}
			continue
		}
		switch {
		case c == '\\' && i+1 < len(bre):
			i++
			switch n := bre[i]; n {
			case '(', ')', '{', '}', '|', '+', '?':
				b.WriteByte(n)
				atStart = n == '(' || n == '|'
				continue
			default:
				b.WriteByte('\\')
				b.WriteByte(n)
			}
		case c == '[':
			inBracket = true
			b.WriteByte(c)
			if i+1 < len(bre) && bre[i+1] == '^' {
				i++
				b.WriteByte('^')
			}
			if i+1 < len(bre) && bre[i+1] == ']' {
				i++
				b.WriteByte(']')
			}
		case c == '*' && atStart:
			b.WriteString(`\*`)
		case strings.IndexByte("(){}|+?", c) >= 0:
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
		atStart = c == '^' && b.Len() == 1
	}
	return b.String()
}

// regexpError words a pattern the matcher refuses as grep 2.5.1 words the
// common cases.
func regexpError(err error) string {
	var re *syntax.Error
	if errors.As(err, &re) {
		switch re.Code {
		case syntax.ErrMissingBracket:
			return "Unmatched [ or [^"
		case syntax.ErrMissingParen, syntax.ErrUnexpectedParen:
			return "Unmatched ( or \\("
		case syntax.ErrInvalidEscape:
			return "Invalid back reference"
		}
	}
	return "Invalid regular expression"
}
