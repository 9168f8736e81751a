package shell

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode"
)

func init() {
	commands["hexdump"] = command{run: hexdump, synopsis: "hexdump [-bcCdovx] [-n LENGTH] [-s SKIP] [FILE...]  dump bytes"}
}

// hexFormat is one of hexdump's canned formats: a line per 16-byte block,
// the address in addrDigits hex digits, then the block as items of unit
// bytes, each formatted to a fixed width and separated by a space.
type hexFormat struct {
	addrDigits int
	unit       int
	width      int
	item       func(block []byte) string // the item at the start of block
	canonical  bool                      // -C: bytes, then the characters between bars
}

var hexFormats = map[byte]hexFormat{
	// The default: "%07.7_ax " 8/2 "%04x ".
	0:   {addrDigits: 7, unit: 2, width: 4, item: func(b []byte) string { return fmt.Sprintf("%04x", le16(b)) }},
	'x': {addrDigits: 7, unit: 2, width: 7, item: func(b []byte) string { return fmt.Sprintf("   %04x", le16(b)) }},
	'd': {addrDigits: 7, unit: 2, width: 7, item: func(b []byte) string { return fmt.Sprintf("  %05d", le16(b)) }},
	'o': {addrDigits: 7, unit: 2, width: 7, item: func(b []byte) string { return fmt.Sprintf(" %06o", le16(b)) }},
	'b': {addrDigits: 7, unit: 1, width: 3, item: func(b []byte) string { return fmt.Sprintf("%03o", b[0]) }},
	'c': {addrDigits: 7, unit: 1, width: 3, item: func(b []byte) string { return fmt.Sprintf("%3s", charItem(b[0])) }},
	'C': {addrDigits: 8, canonical: true},
}

// le16 reads a 16-bit little-endian unit; a unit cut short by the end of
// the data is padded with zeros.
func le16(b []byte) uint16 {
	v := uint16(b[0])
	if len(b) > 1 {
		v |= uint16(b[1]) << 8
	}
	return v
}

// charItem is -c's rendering of a byte: itself, a C escape, or octal.
func charItem(c byte) string {
	if esc, ok := map[byte]string{0: `\0`, '\a': `\a`, '\b': `\b`, '\f': `\f`, '\n': `\n`, '\r': `\r`, '\t': `\t`, '\v': `\v`}[c]; ok {
		return esc
	}
	if c < 0x80 && unicode.IsPrint(rune(c)) {
		return string(c)
	}
	return fmt.Sprintf("%03o", c)
}

// line formats one block (16 bytes, fewer at the end) at address addr.
func (f hexFormat) line(addr int64, block []byte) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%0*x", f.addrDigits, addr)
	if f.canonical {
		b.WriteString("  ")
		for i := 0; i < 16; i++ {
			if i == 8 {
				b.WriteByte(' ')
			}
			if i < len(block) {
				fmt.Fprintf(&b, "%02x ", block[i])
			} else {
				b.WriteString("   ")
			}
		}
		b.WriteString(" |")
		for _, c := range block {
			if c >= 0x20 && c < 0x7f {
				b.WriteByte(c)
			} else {
				b.WriteByte('.')
			}
		}
		b.WriteString("|\n")
		return b.String()
	}
	for i := 0; i < 16; i += f.unit {
		b.WriteByte(' ')
		if i < len(block) {
			b.WriteString(f.item(block[i:min(i+f.unit, len(block))]))
		} else {
			b.WriteString(strings.Repeat(" ", f.width))
		}
	}
	b.WriteByte('\n')
	return b.String()
}

// hexdump models the BSD hexdump of util-linux 2.13 with its canned formats
// (default, -b, -c, -C, -d, -o, -x; -e and -f are not supported), -n, -s
// and -v. Without -v a block equal to the one before prints as a single
// "*". The last line is the address after the last byte. Block devices are
// read through the page cache, as read(2) of the node does.
func hexdump(p *proc) int {
	opts, files, err := getopt(p.args, "bcCde:f:n:os:vx")
	if err != nil {
		p.errorf("%v", err)
		fmt.Fprintf(p.err, "usage: hexdump [-bcCdovx] [-e fmt] [-f fmt_file] [-n length] [-s skip] [file ...]\n")
		return 1
	}
	var fmts []hexFormat
	length, skip, verbose := int64(-1), int64(0), false
	for _, o := range opts {
		switch o.c {
		case 'e', 'f':
			p.errorf("-%c: format strings are not supported by the simulated hexdump", o.c)
			return 1
		case 'n':
			if length = atoi(o.arg); length < 0 {
				p.errorf("%s: bad length value", o.arg)
				return 1
			}
		case 's':
			var ok bool
			if skip, ok = parseSkip(o.arg); !ok {
				p.errorf("%s: bad skip value", o.arg)
				return 1
			}
		case 'v':
			verbose = true
		default:
			fmts = append(fmts, hexFormats[o.c])
		}
	}
	if len(fmts) == 0 {
		fmts = []hexFormat{hexFormats[0]}
	}
	status := 0
	var srcs []namedReader
	if len(files) == 0 {
		srcs = append(srcs, namedReader{"stdin", p.stdin})
	}
	for _, f := range files {
		r, rf, err := p.s.ns.openRead(p.files, p.s.abs(f), false)
		if err != nil {
			p.errorf("%s: %s", f, errText(err))
			status = 1
			continue
		}
		defer rf.Close()
		srcs = append(srcs, namedReader{f, r})
	}
	in := &concatReader{p: p, srcs: srcs}
	addr := in.skip(skip)
	var sq squeezer
	buf := make([]byte, 16)
	for read := int64(0); length < 0 || read < length; {
		if p.s.interrupted() {
			return statusInterrupted
		}
		want := int64(len(buf))
		if length >= 0 {
			want = min(want, length-read)
		}
		n := in.read(buf[:want])
		if n == 0 {
			break
		}
		block := buf[:n]
		if !sq.repeats(p.out, block, verbose) {
			for _, f := range fmts {
				io.WriteString(p.out, f.line(addr, block))
			}
		}
		addr += int64(n)
		read += int64(n)
	}
	if addr > 0 {
		fmt.Fprintf(p.out, "%0*x\n", fmts[len(fmts)-1].addrDigits, addr)
	}
	if in.failed {
		status = 1
	}
	return status
}

// atoi models atoi(3): the leading digits, so "-n 512abc" is 512.
func atoi(s string) int64 {
	s = strings.TrimLeft(s, " \t")
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimLeft(s, "+-")
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' || n > 1<<40 {
			break
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		return -n
	}
	return n
}

// parseSkip models hexdump's -s: strtol with base 0 (0x for hex, 0 for
// octal), then a unit of b (512), k (1024) or m (1048576).
func parseSkip(s string) (int64, bool) {
	base, digits := int64(10), s
	switch {
	case strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X"):
		base, digits = 16, s[2:]
	case strings.HasPrefix(s, "0") && len(s) > 1:
		base, digits = 8, s[1:]
	case strings.HasPrefix(s, "-"):
		return 0, false
	}
	var n int64
	i := 0
	for ; i < len(digits); i++ {
		d := strings.IndexByte("0123456789abcdef", byte(unicode.ToLower(rune(digits[i]))))
		if d < 0 || int64(d) >= base || n > 1<<40 {
			break
		}
		n = n*base + int64(d)
	}
	if i < len(digits) {
		switch digits[i] {
		case 'b':
			n *= 512
		case 'k':
			n *= 1024
		case 'm':
			n *= 1 << 20
		}
	}
	return n, true
}

type namedReader struct {
	name string
	r    reader
}

// concatReader reads its sources one after the other, as hexdump reads its
// files as one stream, a chunk at a time.
type concatReader struct {
	p      *proc
	srcs   []namedReader
	cur    int
	off    int64  // where the next chunk of srcs[cur] starts
	buf    []byte // read, not yet consumed
	failed bool
}

// hexdumpChunk is how much hexdump reads from a file at a time.
const hexdumpChunk = 64 << 10

// skip passes over up to n bytes before anything is read, and returns how
// many it passed. A file's size says how many it holds; a pipe is read
// and dropped to find out.
func (c *concatReader) skip(n int64) int64 {
	done := int64(0)
	for done < n && c.cur < len(c.srcs) {
		if pr, ok := c.srcs[c.cur].r.(*pipeReader); ok {
			want := n - done
			step := pr.discard(want)
			done += step
			c.off += step
			if step < want { // the data ended
				c.cur, c.off = c.cur+1, 0
			}
			continue
		}
		step := min(c.srcs[c.cur].r.Size()-c.off, n-done)
		c.off += step
		done += step
		if c.off >= c.srcs[c.cur].r.Size() {
			c.cur, c.off = c.cur+1, 0
		}
	}
	return done
}

// read fills b as far as the sources go and returns how much it filled.
func (c *concatReader) read(b []byte) int {
	n := 0
	for n < len(b) {
		if len(c.buf) == 0 && !c.fill() {
			break
		}
		k := copy(b[n:], c.buf)
		c.buf = c.buf[k:]
		n += k
	}
	return n
}

// fill reads the next chunk; a source that fails is reported and left.
func (c *concatReader) fill() bool {
	for c.cur < len(c.srcs) {
		src := c.srcs[c.cur]
		left := src.r.Size() - c.off
		if left <= 0 {
			c.cur, c.off = c.cur+1, 0
			continue
		}
		chunk := make([]byte, min(left, hexdumpChunk))
		m, err := src.r.ReadAt(chunk, c.off)
		c.off += int64(m)
		if err != nil && err != io.EOF {
			c.p.errorf("%s: %s", src.name, errText(err))
			c.failed = true
			c.cur, c.off = c.cur+1, 0
		} else if m == 0 {
			c.cur, c.off = c.cur+1, 0
		}
		if m > 0 {
			c.buf = chunk[:m]
			return true
		}
	}
	return false
}

// squeezer is the "*" of hexdump and od without -v: a full 16-byte line
// equal to the one printed before it is not printed; the first of a run
// prints a lone "*" instead.
type squeezer struct {
	prev    []byte
	starred bool
}

// repeats reports whether block is such a repeat, printing the "*" for the
// first of a run to w; otherwise it remembers block as the line printed.
func (sq *squeezer) repeats(w io.Writer, block []byte, verbose bool) bool {
	if len(block) == 16 && !verbose && sq.prev != nil && bytes.Equal(block, sq.prev) {
		if !sq.starred {
			fmt.Fprintln(w, "*")
			sq.starred = true
		}
		return true
	}
	sq.starred = false
	sq.prev = append(sq.prev[:0], block...)
	return false
}
