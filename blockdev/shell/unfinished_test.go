package shell

import "testing"

// TestUnfinished: a line bash would read on from is unfinished, with the
// reason; one it runs, or rejects at once, is not.
func TestUnfinished(t *testing.T) {
	for _, tt := range []struct{ line, want string }{
		{"echo 'x", "unexpected EOF while looking for matching `''"},
		{`echo "x`, "unexpected EOF while looking for matching `\"'"},
		{"lsmod |", "syntax error: unexpected end of file"},
		{"true &&", "syntax error: unexpected end of file"},
		{"echo 'x' \"y\"", ""},
		{"lsmod | grep simp", ""},
		{"| lsmod", ""}, // a syntax error near |, reported at once
		{"", ""},
	} {
		if got := Unfinished(tt.line); got != tt.want {
			t.Errorf("Unfinished(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}
