package blksim

import (
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// TestKeyReader: the Home, End and application-mode sequences x/term does
// not know become the ones it does, every other byte passes unchanged, and
// a sequence cut between two reads is rewritten as well.
func TestKeyReader(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"echo x", "echo x"},
		{"\x1b[1~", "\x1b[H"}, // Home: tmux, screen, the Linux console
		{"\x1b[4~", "\x1b[F"}, // End
		{"\x1b[7~", "\x1b[H"}, // Home: rxvt
		{"\x1b[8~", "\x1b[F"}, // End: rxvt
		{"\x1bOH", "\x1b[H"},  // Home, application mode
		{"\x1bOF", "\x1b[F"},  // End, application mode
		{"\x1bOA\x1bOD", "\x1b[A\x1b[D"},
		{"\x1bOP", "\x1b[P"}, // F1: x/term drops it whole, not typing P
		{"cho x\x1b[1~e\x1b[4~ y\r", "cho x\x1b[He\x1b[F y\r"},
		{"\x1b[H\x1b[F\x1b[A", "\x1b[H\x1b[F\x1b[A"},
		{"\x1b[3~", "\x1b[3~"},     // Delete: x/term knows it
		{"\x1b[15~", "\x1b[15~"},   // F5
		{"\x1b[1;3C", "\x1b[1;3C"}, // Alt-right
		{"\x1b[1;5H", "\x1b[1;5H"}, // Ctrl-Home
		{"\x1b[200~ab\x1b[201~", "\x1b[200~ab\x1b[201~"},
		{"\x1b[11~\x1b[44~", "\x1b[11~\x1b[44~"},
		{"\x1b[1x", "\x1b[1x"},
		{"\x1bO1", "\x1bO1"},
		{"\x1b\x1b[1~", "\x1b\x1b[H"},
		{"a\x1b", "a\x1b"},         // cut short by the end of input
		{"a\x1b[1", "a\x1b[1"},     // likewise
		{"\x1bx\x03", "\x1bx\x03"}, // Alt-x, Ctrl-C
		{"中文\x1b[4~", "中文\x1b[F"},
	} {
		for name, r := range map[string]io.Reader{
			"one read":     strings.NewReader(tt.in),
			"byte by byte": iotest.OneByteReader(strings.NewReader(tt.in)),
		} {
			got, err := io.ReadAll(&keyReader{r: r})
			if err != nil || string(got) != tt.want {
				t.Errorf("%s of %q: %q, %v; want %q", name, tt.in, got, err, tt.want)
			}
		}
	}
}

// TestKeyReaderError: keys read before an error come first, then the error.
func TestKeyReaderError(t *testing.T) {
	k := &keyReader{r: io.MultiReader(strings.NewReader("a\x1b[4"), iotest.ErrReader(io.ErrUnexpectedEOF))}
	got, err := io.ReadAll(k)
	if string(got) != "a\x1b[4" || err != io.ErrUnexpectedEOF {
		t.Errorf("got %q, %v; want %q and %v", got, err, "a\x1b[4", io.ErrUnexpectedEOF)
	}
}
