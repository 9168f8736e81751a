package shell

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

func init() {
	commands["wc"] = command{run: wc, synopsis: "wc [-lwc] [FILE...]  count lines, words and bytes"}
}

// wcCounts are one file's counts.
type wcCounts struct{ lines, words, bytes int64 }

// wc models coreutils 5.97's wc with -l, -w and -c: the counts asked for
// (all three without options) in that order, and a total line for several
// files. The numbers are as wide as the total size of the regular files
// needs, at least 7 when a pipe or device is among them, and 1 when one
// file is counted one way (5.97's compute_number_width).
func wc(p *proc) int {
	opts, args, err := getopt(p.args, "lwc")
	if err != nil {
		p.errorf("%v", err)
		p.tryHelp()
		return 1
	}
	var lines, words, bytesWanted bool
	for _, o := range opts {
		switch o.c {
		case 'l':
			lines = true
		case 'w':
			words = true
		case 'c':
			bytesWanted = true
		}
	}
	if !lines && !words && !bytesWanted {
		lines, words, bytesWanted = true, true, true
	}
	files := operands(args)
	type result struct {
		name   string
		counts wcCounts
	}
	var results []result
	var total wcCounts
	status := 0
	var regularTotal int64
	minWidth := 1
	single := len(files) == 1 && countTrue(lines, words, bytesWanted) == 1
	for _, f := range files {
		in, done, err := p.openInput(f)
		if err != nil {
			p.errorf("%s: %s", f, errText(err))
			status = 1
			continue
		}
		if in.reg {
			regularTotal += in.size
		} else {
			minWidth = 7
		}
		c, err := count(in.r)
		done()
		if errors.Is(err, errInterrupted) {
			return statusInterrupted
		}
		if err != nil {
			p.errorf("%s: %s", f, errText(err))
			status = 1
		}
		name := f
		if len(args) == 0 {
			name = ""
		}
		results = append(results, result{name, c})
		total.lines += c.lines
		total.words += c.words
		total.bytes += c.bytes
	}
	width := max(len(strconv.FormatInt(regularTotal, 10)), minWidth)
	if single {
		width = 1
	}
	print := func(c wcCounts, name string) {
		var fields []string
		for _, f := range []struct {
			want bool
			n    int64
		}{{lines, c.lines}, {words, c.words}, {bytesWanted, c.bytes}} {
			if f.want {
				fields = append(fields, fmt.Sprintf("%*d", width, f.n))
			}
		}
		line := strings.Join(fields, " ")
		if name != "" {
			line += " " + name
		}
		fmt.Fprintln(p.out, line)
	}
	for _, r := range results {
		print(r.counts, r.name)
	}
	if len(files) > 1 {
		print(total, "total")
	}
	return status
}

func countTrue(bs ...bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

// count counts a stream: newlines, words (runs of bytes other than the
// ASCII white space, so that UTF-8 text counts as 5.97 counts it) and
// bytes.
func count(r io.Reader) (wcCounts, error) {
	var c wcCounts
	buf := make([]byte, 32<<10)
	inWord := false
	for {
		n, err := r.Read(buf)
		for _, b := range buf[:n] {
			if b == '\n' {
				c.lines++
			}
			if b == ' ' || b >= '\t' && b <= '\r' {
				inWord = false
			} else if !inWord {
				inWord = true
				c.words++
			}
		}
		c.bytes += int64(n)
		if err == io.EOF {
			return c, nil
		}
		if err != nil {
			return c, err
		}
	}
}
