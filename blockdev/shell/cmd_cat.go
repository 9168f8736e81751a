package shell

import (
	"bytes"
	"fmt"
	"io"
)

func init() {
	commands["cat"] = command{run: cat, synopsis: "cat [-nEu] [FILE...]  print files"}
}

// catChunk is how much cat reads at a time.
const catChunk = 64 << 10

// cat models coreutils 5.97's cat with its -n (number lines), -E (show
// line ends) and -u (ignored) options; "-" or no file is standard input.
func cat(p *proc) int {
	opts, files, err := getopt(p.args, "nEu")
	if err != nil {
		p.errorf("%v", err)
		p.tryHelp()
		return 1
	}
	number, ends := false, false
	for _, o := range opts {
		switch o.c {
		case 'n':
			number = true
		case 'E':
			ends = true
		}
	}
	if len(files) == 0 {
		files = []string{"-"}
	}
	w := &catWriter{w: p.out, number: number, ends: ends, bol: true}
	status := 0
	for _, f := range files {
		r, done := p.stdin, func() {}
		if f != "-" {
			fr, rf, err := p.s.ns.openRead(p.files, p.s.abs(f), false)
			if err != nil {
				p.errorf("%s: %s", f, errText(err))
				status = 1
				continue
			}
			r, done = fr, func() { rf.Close() }
		}
		buf := make([]byte, catChunk)
		for off := int64(0); off < r.Size(); {
			if p.s.interrupted() {
				done()
				return statusInterrupted
			}
			n, err := r.ReadAt(buf, off)
			if _, werr := w.Write(buf[:n]); werr != nil {
				// cat stops at its first write error; the
				// redirection that failed reports it
				// ("cat: write error: ...").
				done()
				return 1
			}
			off += int64(n)
			if err != nil && err != io.EOF {
				p.errorf("%s: %s", f, errText(err))
				status = 1
				break
			}
			if n == 0 {
				break
			}
		}
		done()
	}
	return status
}

// catWriter adds cat's line numbers and line-end marks.
type catWriter struct {
	w            io.Writer
	number, ends bool
	line         int
	bol          bool // at the beginning of a line
}

func (c *catWriter) Write(b []byte) (int, error) {
	if !c.number && !c.ends {
		return c.w.Write(b)
	}
	var out bytes.Buffer
	for _, ch := range b {
		if c.bol && c.number {
			c.line++
			fmt.Fprintf(&out, "%6d\t", c.line)
		}
		if ch == '\n' && c.ends {
			out.WriteByte('$')
		}
		out.WriteByte(ch)
		c.bol = ch == '\n'
	}
	if _, err := c.w.Write(out.Bytes()); err != nil {
		return 0, err
	}
	return len(b), nil
}
