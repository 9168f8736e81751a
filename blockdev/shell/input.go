package shell

import (
	"errors"
	"io"
)

// The input side of the text tools (head, tail, grep, wc, od): each file
// operand in turn as a stream, "-" or no operand being standard input,
// and a read that fails once Ctrl-C is pressed, so that a tool reading a
// large device stops at its next block.

// errInterrupted is the read error after Ctrl-C.
var errInterrupted = errors.New("interrupted")

// input is one opened operand.
type input struct {
	name string // as typed; "-" for standard input
	r    io.Reader
	reg  bool  // a regular file, whose size is known before reading
	size int64 // its size when reg
}

// openInput opens an operand for a text tool; done closes it.
func (p *proc) openInput(name string) (in input, done func(), err error) {
	src, done := p.stdin, func() {}
	in = input{name: name}
	if name != "-" {
		abs := p.s.abs(name)
		fi, err := p.s.ns.stat(abs)
		if err != nil {
			return in, nil, err
		}
		r, rf, err := p.s.ns.openRead(p.files, abs, false)
		if err != nil {
			return in, nil, err
		}
		src, done = r, func() { rf.Close() }
		in.reg = fi.mode.IsRegular()
		in.size = fi.size
	}
	in.r = &intrReader{s: p.s, r: io.NewSectionReader(src, 0, src.Size())}
	return in, done, nil
}

// intrReader ends a stream with errInterrupted after Ctrl-C.
type intrReader struct {
	s *Shell
	r io.Reader
}

func (r *intrReader) Read(b []byte) (int, error) {
	if r.s.interrupted() {
		return 0, errInterrupted
	}
	return r.r.Read(b)
}

// operands is the files a text tool reads: standard input without any.
func operands(files []string) []string {
	if len(files) == 0 {
		return []string{"-"}
	}
	return files
}
