package shell

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
)

func init() {
	commands["od"] = command{run: od, synopsis: "od [-A d|o|x|n] [-t TYPE] [-bcdox] [-j N] [-N N] [-v] [FILE...]  dump files in octal and other formats"}
}

// odFormat is one -t TYPE: how each item of a 16-byte line is printed.
type odFormat struct {
	size  int                   // bytes per item
	item  func(v uint64) string // one item, its leading space included
	chars bool                  // the z suffix: the printable bytes after the line
}

// odNames are od -t a's names of the control characters.
var odNames = strings.Fields("nul soh stx etx eot enq ack bel bs ht nl vt ff cr so si dle dc1 dc2 dc3 dc4 nak syn etb can em sub esc fs gs rs us sp")

// parseODType reads one -t TYPE string, which may name several formats
// (x1z, or "x1c").
func parseODType(s string) ([]odFormat, error) {
	var fmts []odFormat
	orig := s
	for s != "" {
		c := s[0]
		s = s[1:]
		var f odFormat
		switch c {
		case 'a':
			f = odFormat{size: 1, item: func(v uint64) string {
				b := byte(v) & 0x7f
				switch {
				case b <= ' ':
					return fmt.Sprintf(" %3s", odNames[b])
				case b == 0x7f:
					return " del"
				}
				return fmt.Sprintf(" %3c", b)
			}}
		case 'c':
			f = odFormat{size: 1, item: func(v uint64) string { return " " + odChar(byte(v)) }}
		case 'd', 'o', 'u', 'x':
			size := 4
			if s != "" {
				switch s[0] {
				case '1', '2', '4', '8':
					size = int(s[0] - '0')
					s = s[1:]
				case 'C':
					size, s = 1, s[1:]
				case 'S':
					size, s = 2, s[1:]
				case 'I':
					size, s = 4, s[1:]
				case 'L':
					size, s = 4, s[1:]
				}
			}
			f = odInteger(c, size)
		default:
			return nil, fmt.Errorf("invalid character `%c' in type string `%s'", c, orig)
		}
		if s != "" && s[0] == 'z' {
			f.chars = true
			s = s[1:]
		}
		fmts = append(fmts, f)
	}
	return fmts, nil
}

// odInteger is the d, o, u or x format of size bytes, as wide as od.c makes
// each: the widest value of the type plus one space.
func odInteger(c byte, size int) odFormat {
	widths := map[byte][9]int{
		'x': {1: 2, 2: 4, 4: 8, 8: 16},
		'o': {1: 3, 2: 6, 4: 11, 8: 22},
		'u': {1: 3, 2: 5, 4: 10, 8: 20},
		'd': {1: 4, 2: 6, 4: 11, 8: 21},
	}
	w := widths[c][size]
	bits := uint(size * 8)
	return odFormat{size: size, item: func(v uint64) string {
		switch c {
		case 'x':
			return fmt.Sprintf(" %0*x", w, v)
		case 'o':
			return fmt.Sprintf(" %0*o", w, v)
		case 'u':
			return fmt.Sprintf(" %*d", w, v)
		}
		signed := int64(v<<(64-bits)) >> (64 - bits)
		return fmt.Sprintf(" %*d", w, signed)
	}}
}

// odChar is od -c's item for one byte: the character, a C escape, or three
// octal digits (bytes above 0x7e too: in a UTF-8 locale no single byte
// above ASCII is printable).
func odChar(b byte) string {
	switch b {
	case 0:
		return ` \0`
	case '\a':
		return ` \a`
	case '\b':
		return ` \b`
	case '\f':
		return ` \f`
	case '\n':
		return ` \n`
	case '\r':
		return ` \r`
	case '\t':
		return ` \t`
	case '\v':
		return ` \v`
	}
	if b >= ' ' && b < 0x7f {
		return fmt.Sprintf("%3c", b)
	}
	return fmt.Sprintf("%03o", b)
}

// od models coreutils 5.97's od: 16 bytes a line, each line once per
// format (-t, or the old -b -c -d -o -x; -t o2 without any), the offset in
// octal unless -A says otherwise, * for repeated lines unless -v, -j to skip
// and -N to limit the input, which is all the files one after another.
func od(p *proc) int {
	opts, args, err := getopt(p.args, "A:t:j:N:vbcdox")
	if err != nil {
		p.errorf("%v", err)
		p.tryHelp()
		return 1
	}
	radix, verbose := byte('o'), false
	skip, limit := int64(0), int64(-1)
	var fmts []odFormat
	for _, o := range opts {
		var add string
		switch o.c {
		case 'A':
			if len(o.arg) != 1 || !strings.Contains("doxn", o.arg) {
				p.errorf("invalid output address radix `%s'; it must be one character from [doxn]", o.arg)
				return 1
			}
			radix = o.arg[0]
		case 't':
			add = o.arg
		case 'j', 'N':
			n, ok := countArg(o.arg)
			if !ok {
				p.errorf("invalid %s argument `%s'", map[byte]string{'j': "skip", 'N': "limit"}[o.c], o.arg)
				return 1
			}
			if o.c == 'j' {
				skip = n
			} else {
				limit = n
			}
		case 'v':
			verbose = true
		case 'b':
			add = "o1"
		case 'c':
			add = "c"
		case 'd':
			add = "u2"
		case 'o':
			add = "o2"
		case 'x':
			add = "x2"
		}
		if add != "" {
			f, err := parseODType(add)
			if err != nil {
				p.errorf("%v", err)
				return 1
			}
			fmts = append(fmts, f...)
		}
	}
	if fmts == nil {
		fmts, _ = parseODType("o2")
	}
	var readers []io.Reader
	status := 0
	for _, f := range operands(args) {
		in, done, err := p.openInput(f)
		if err != nil {
			p.errorf("%s: %s", f, errText(err))
			status = 1
			continue
		}
		defer done()
		readers = append(readers, in.r)
	}
	r := io.MultiReader(readers...)
	if n, err := io.CopyN(io.Discard, r, skip); err != nil && n < skip {
		if errors.Is(err, errInterrupted) {
			return statusInterrupted
		}
		if err == io.EOF {
			p.errorf("cannot skip past end of combined input")
			return 1
		}
	}
	if limit >= 0 {
		r = io.LimitReader(r, limit)
	}
	addr := skip
	addrWidth := map[byte]int{'o': 7, 'd': 7, 'x': 6, 'n': 0}[radix]
	printAddr := func(a int64) string {
		switch radix {
		case 'o':
			return fmt.Sprintf("%07o", a)
		case 'd':
			return fmt.Sprintf("%07d", a)
		case 'x':
			return fmt.Sprintf("%06x", a)
		}
		return ""
	}
	var sq squeezer
	buf := make([]byte, 16)
	for {
		n, err := io.ReadFull(r, buf)
		if errors.Is(err, errInterrupted) {
			return statusInterrupted
		}
		if n == 0 {
			if err != nil && err != io.EOF {
				p.errorf("%s", errText(err))
				status = 1
			}
			break
		}
		block := buf[:n]
		if !sq.repeats(p.out, block, verbose) {
			var out strings.Builder
			for i, f := range fmts {
				if i == 0 {
					out.WriteString(printAddr(addr))
				} else {
					out.WriteString(strings.Repeat(" ", addrWidth))
				}
				odLine(&out, f, block)
			}
			io.WriteString(p.out, out.String())
		}
		addr += int64(n)
		if n < 16 {
			break
		}
	}
	if radix != 'n' {
		fmt.Fprintln(p.out, printAddr(addr))
	}
	return status
}

// odLine writes one format's items of a block, the last item padded with
// zero bytes, and with z the block's printable bytes between > and <,
// aligned as if the line were full.
func odLine(out *strings.Builder, f odFormat, block []byte) {
	items := 0
	for i := 0; i < len(block); i += f.size {
		var word [8]byte
		copy(word[:], block[i:min(i+f.size, len(block))])
		out.WriteString(f.item(binary.LittleEndian.Uint64(word[:])))
		items++
	}
	if f.chars {
		itemWidth := len(f.item(0))
		out.WriteString(strings.Repeat(" ", (16/f.size-items)*itemWidth))
		out.WriteString("  >")
		for _, b := range block {
			if b < ' ' || b >= 0x7f {
				b = '.'
			}
			out.WriteByte(b)
		}
		out.WriteString("<")
	}
	out.WriteByte('\n')
}
