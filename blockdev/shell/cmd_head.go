package shell

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

func init() {
	commands["head"] = command{run: head, synopsis: "head [-n N] [-c N] [-qv] [FILE...]  print the first lines or bytes"}
	commands["tail"] = command{run: tail, synopsis: "tail [-n [+]N] [-c [+]N] [-qv] [FILE...]  print the last lines or bytes (no -f)"}
}

// countArg reads head's and tail's N: digits with an optional multiplier
// suffix b (512), k (1024) or m (1048576), as 5.97's xstrtoumax with
// "bkm" takes it.
func countArg(s string) (int64, bool) {
	mult := int64(1)
	switch {
	case strings.HasSuffix(s, "b"):
		mult = 512
	case strings.HasSuffix(s, "k"):
		mult = 1 << 10
	case strings.HasSuffix(s, "m"):
		mult = 1 << 20
	}
	if mult != 1 {
		s = s[:len(s)-1]
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > (1<<62)/mult {
		return 0, false
	}
	return n * mult, true
}

// obsoleteCount turns head's and tail's old -N (and tail's +N) first
// argument into -n N.
func obsoleteCount(args []string, plus bool) []string {
	if len(args) == 0 || len(args[0]) < 2 {
		return args
	}
	a := args[0]
	if (a[0] == '-' || plus && a[0] == '+') && a[1] >= '0' && a[1] <= '9' {
		n := a[1:]
		if a[0] == '+' {
			n = "+" + n
		}
		return append([]string{"-n", n}, args[1:]...)
	}
	return args
}

// header prints head's and tail's "==> FILE <==" between files.
func header(p *proc, name string, first bool) {
	if name == "-" {
		name = "standard input"
	}
	if !first {
		fmt.Fprintln(p.out)
	}
	fmt.Fprintf(p.out, "==> %s <==\n", name)
}

// head models coreutils 5.97's head: the first 10 lines, or -n N lines, or
// -c N bytes of each file, with ==> FILE <== headers when there are several
// (-q never, -v always).
func head(p *proc) int {
	opts, files, err := getopt(obsoleteCount(p.args, false), "n:c:qv")
	if err != nil {
		p.errorf("%v", err)
		p.tryHelp()
		return 1
	}
	n, bytesMode := int64(10), false
	headers := 0 // 0: when several files, <0 never, >0 always
	for _, o := range opts {
		switch o.c {
		case 'n', 'c':
			v, ok := countArg(o.arg)
			if !ok {
				what := "lines"
				if o.c == 'c' {
					what = "bytes"
				}
				p.errorf("invalid number of %s: `%s'", what, o.arg)
				return 1
			}
			n, bytesMode = v, o.c == 'c'
		case 'q':
			headers = -1
		case 'v':
			headers = 1
		}
	}
	return eachFile(p, files, headers, func(w io.Writer, r io.Reader) error {
		var err error
		if bytesMode {
			_, err = io.CopyN(w, r, n)
		} else {
			err = copyLines(w, r, n)
		}
		if err == io.EOF {
			return nil // a short file: head prints what there is
		}
		return err
	})
}

// eachFile runs one of head's and tail's per-file jobs on every operand
// (standard input for none or "-"), with ==> FILE <== headers when there
// are several (headers 0), never (< 0) or always (> 0), as coreutils 5.97
// does; a file that cannot be opened or read is reported and the rest go
// on. Ctrl-C stops them all.
func eachFile(p *proc, files []string, headers int, job func(w io.Writer, r io.Reader) error) int {
	files = operands(files)
	show := headers > 0 || headers == 0 && len(files) > 1
	status := 0
	for i, f := range files {
		in, done, err := p.openInput(f)
		if err != nil {
			p.errorf("cannot open `%s' for reading: %s", f, errText(err))
			status = 1
			continue
		}
		if show {
			header(p, f, i == 0)
		}
		out := &errWriter{w: p.out}
		err = job(out, in.r)
		done()
		if errors.Is(err, errInterrupted) {
			return statusInterrupted
		}
		if out.err != nil {
			// error (EXIT_FAILURE, errno, "write error"), which the
			// shell prints for the output it opened (see Shell.run).
			return 1
		}
		if err == errMemoryExhausted {
			p.errorf("memory exhausted") // xalloc_die
			return 1
		}
		if err != nil {
			p.errorf("error reading `%s': %s", f, errText(err))
			status = 1
		}
	}
	return status
}

// errWriter remembers the first error of its writer, so that a failed write
// is not taken for a failed read.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(b []byte) (int, error) {
	n, err := e.w.Write(b)
	if err != nil && e.err == nil {
		e.err = err
	}
	return n, err
}

// copyLines copies the first n lines of r.
func copyLines(w io.Writer, r io.Reader, n int64) error {
	br := bufio.NewReader(r)
	for ; n > 0; n-- {
		line, err := br.ReadSlice('\n')
		w.Write(line)
		if err == bufio.ErrBufferFull {
			n++ // the line goes on
			continue
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// tail models coreutils 5.97's tail without -f: the last 10 lines, -n N
// lines or -c N bytes, or with +N everything from line or byte N on; the
// headers as head's.
func tail(p *proc) int {
	opts, files, err := getopt(obsoleteCount(p.args, true), "n:c:qv")
	if err != nil {
		p.errorf("%v", err)
		p.tryHelp()
		return 1
	}
	n, bytesMode, fromStart := int64(10), false, false
	headers := 0
	for _, o := range opts {
		switch o.c {
		case 'n', 'c':
			arg := o.arg
			from := strings.HasPrefix(arg, "+")
			v, ok := countArg(strings.TrimPrefix(strings.TrimPrefix(arg, "+"), "-"))
			if !ok {
				what := "lines"
				if o.c == 'c' {
					what = "bytes"
				}
				p.errorf("%s: invalid number of %s", arg, what)
				return 1
			}
			n, bytesMode, fromStart = v, o.c == 'c', from
		case 'q':
			headers = -1
		case 'v':
			headers = 1
		}
	}
	return eachFile(p, files, headers, func(w io.Writer, r io.Reader) error {
		return tailOne(w, r, n, bytesMode, fromStart)
	})
}

// tailOne prints the tail of one stream, keeping only the last n lines or
// bytes in memory.
func tailOne(w io.Writer, r io.Reader, n int64, bytesMode, fromStart bool) error {
	br := bufio.NewReader(r)
	if fromStart {
		// +N: skip N-1 lines or bytes (+0 is +1), print the rest.
		skip := max(n-1, 0)
		var err error
		if bytesMode {
			_, err = io.CopyN(io.Discard, br, skip)
		} else {
			err = skipLines(br, skip)
		}
		if err == nil {
			_, err = io.Copy(w, br)
		}
		if err == io.EOF {
			err = nil
		}
		return err
	}
	if bytesMode {
		var ring []byte
		buf := make([]byte, 32<<10)
		for {
			m, err := br.Read(buf)
			ring = append(ring, buf[:m]...)
			if int64(len(ring)) > n {
				ring = append(ring[:0], ring[int64(len(ring))-n:]...)
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
		}
		_, err := w.Write(ring)
		return err
	}
	var lines [][]byte
	for {
		line, err := readLine(br)
		if len(line) > 0 {
			lines = append(lines, bytes.Clone(line))
			if int64(len(lines)) > n {
				lines = lines[1:]
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
	}
	for _, l := range lines {
		w.Write(l)
	}
	return nil
}

// skipLines reads past n lines.
func skipLines(br *bufio.Reader, n int64) error {
	for ; n > 0; n-- {
		for {
			_, err := br.ReadSlice('\n')
			if err == bufio.ErrBufferFull {
				continue
			}
			if err != nil {
				return err
			}
			break
		}
	}
	return nil
}
