package blksim

import "io"

// keyReader hands golang.org/x/term's line editor the keys typed, with the
// escape sequences it does not know for keys it has rewritten as the ones
// it does: x/term reads Home and End only as ESC [ H and ESC [ F, and drops
// what tmux, screen and the Linux console send (ESC [ 1 ~, ESC [ 4 ~),
// and rxvt (ESC [ 7 ~, ESC [ 8 ~). A terminal in application mode sends
// ESC O and a letter (ESC O H, ESC O A for up, ESC O P for F1), of which
// x/term drops the ESC O and types the letter into the line: ESC O x
// becomes ESC [ x, which x/term reads as the same key, or drops whole. Any
// other byte, escape sequences included, passes as it came (x/term knows
// Delete, ESC [ 3 ~, itself).
type keyReader struct {
	r    io.Reader
	held []byte // a sequence begun in the last read, waiting for the rest
	out  []byte // translated keys not read yet
	err  error  // r's error, returned once out is read
}

func (k *keyReader) Read(p []byte) (int, error) {
	for len(k.out) == 0 && len(p) > 0 {
		if k.err != nil {
			return 0, k.err
		}
		buf := make([]byte, max(len(p), 16))
		n, err := k.r.Read(buf)
		k.err = err
		k.translate(buf[:n])
	}
	n := copy(p, k.out)
	k.out = k.out[n:]
	return n, nil
}

// translate appends in, with its sequences rewritten, to k.out, holding
// back the start of a sequence cut by the end of the read (unless r has
// ended, and no rest will come).
func (k *keyReader) translate(in []byte) {
	b := append(k.held, in...)
	k.held = nil
	for i := 0; i < len(b); {
		if b[i] != 0x1b {
			k.out = append(k.out, b[i])
			i++
			continue
		}
		repl, n, partial := rewriteKey(b[i:])
		switch {
		case partial && k.err == nil:
			k.held = append([]byte(nil), b[i:]...)
			return
		case n > 0:
			k.out = append(k.out, repl...)
			i += n
		default:
			k.out = append(k.out, b[i])
			i++
		}
	}
}

// rewriteKey looks at the escape sequence b starts with: it returns what
// it becomes and its length, n 0 for a sequence passed as it is, or
// partial when b is cut short of deciding.
func rewriteKey(b []byte) (repl []byte, n int, partial bool) {
	if len(b) < 3 {
		return nil, 0, len(b) < 2 || b[1] == 'O' || b[1] == '['
	}
	switch {
	case b[1] == 'O' && ('A' <= b[2] && b[2] <= 'Z' || 'a' <= b[2] && b[2] <= 'z'):
		return []byte{0x1b, '[', b[2]}, 3, false
	case b[1] == '[' && (b[2] == '1' || b[2] == '4' || b[2] == '7' || b[2] == '8'):
		if len(b) < 4 {
			return nil, 0, true
		}
		if b[3] != '~' {
			return nil, 0, false
		}
		if b[2] == '1' || b[2] == '7' {
			return []byte("\x1b[H"), 4, false // Home
		}
		return []byte("\x1b[F"), 4, false // End
	}
	return nil, 0, false
}
