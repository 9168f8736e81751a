package shell

import (
	"testing"
)

// toolCase is one command line of a text tool, run on a fresh shell after
// setup, with its expected output (stdout and stderr) and status.
type toolCase struct {
	line   string
	want   string
	status int
}

// testTool runs a table of toolCases, each on one shell in which
// /tmp/f holds three lines and /tmp/g two.
func testTool(t *testing.T, cases []toolCase) {
	t.Helper()
	s, out := newShell(t, "")
	mustRun(t, s, out, `echo -e 'one two\nthree\nfour five six' > /tmp/f; echo -e 'alpha\nOne' > /tmp/g`)
	for _, c := range cases {
		got, status := run(t, s, out, c.line)
		if got != c.want || status != c.status {
			t.Errorf("%s: status %d, output\n%q\nwant status %d, output\n%q", c.line, status, got, c.status, c.want)
		}
	}
}

func TestHead(t *testing.T) {
	testTool(t, []toolCase{
		{"head -n 1 /tmp/f", "one two\n", 0},
		{"head -2 /tmp/f", "one two\nthree\n", 0},
		{"head -c 5 /tmp/f", "one t", 0},
		{"cat /tmp/f | head -n1", "one two\n", 0},
		{"head -n 1 /tmp/f /tmp/g", "==> /tmp/f <==\none two\n\n==> /tmp/g <==\nalpha\n", 0},
		{"head -q -n 1 /tmp/f /tmp/g", "one two\nalpha\n", 0},
		{"head -v -n 1 /tmp/g", "==> /tmp/g <==\nalpha\n", 0},
		{"head -n x /tmp/f", "head: invalid number of lines: `x'\n", 1},
		{"head /nothere", "head: cannot open `/nothere' for reading: No such file or directory\n", 1},
		{"head -c 1k /etc/passwd | wc -c", "1024\n", 0},
	})
}

func TestTail(t *testing.T) {
	testTool(t, []toolCase{
		{"tail -n 1 /tmp/f", "four five six\n", 0},
		{"tail -2 /tmp/f", "three\nfour five six\n", 0},
		{"tail -n +2 /tmp/f", "three\nfour five six\n", 0},
		{"tail -c 4 /tmp/f", "six\n", 0},
		{"tail -c +15 /tmp/f", "four five six\n", 0},
		{"cat /tmp/g | tail -n 1", "One\n", 0},
		{"tail -n 1 /tmp/f /tmp/g", "==> /tmp/f <==\nfour five six\n\n==> /tmp/g <==\nOne\n", 0},
		{"tail -n 0 /tmp/f", "", 0},
		{"tail -n y /tmp/f", "tail: y: invalid number of lines\n", 1},
		{"tail /nothere", "tail: cannot open `/nothere' for reading: No such file or directory\n", 1},
		{"tail -f /tmp/f", "tail: invalid option -- f\nTry `tail --help' for more information.\n", 1},
	})
}

func TestGrep(t *testing.T) {
	testTool(t, []toolCase{
		{"grep o /tmp/f", "one two\nfour five six\n", 0},
		{"grep -v o /tmp/f", "three\n", 0},
		{"grep -i one /tmp/f /tmp/g", "/tmp/f:one two\n/tmp/g:One\n", 0},
		{"grep -h -i one /tmp/f /tmp/g", "one two\nOne\n", 0},
		{"grep -n f /tmp/f", "3:four five six\n", 0},
		{"grep -c e /tmp/f", "3\n", 0},
		{"grep -l w /tmp/f /tmp/g", "/tmp/f\n", 0},
		{"grep -q three /tmp/f", "", 0},
		{"grep nothing /tmp/f", "", 1},
		{"grep 'o\\(ne\\|ur\\)' /tmp/f", "one two\nfour five six\n", 0},
		{"grep 't(w' /tmp/f", "", 1}, // ( is a literal in a basic expression
		{"grep -E 'e$|^th' /tmp/f", "three\n", 0},
		{"grep -E 'o{2}' /tmp/f", "", 1},
		{"grep -e one -e six /tmp/f", "one two\nfour five six\n", 0},
		{"grep '[' /tmp/f", "grep: Unmatched [ or [^\n", 2},
		{"grep x /nothere", "grep: /nothere: No such file or directory\n", 2},
		{"grep", "Usage: grep [OPTION]... PATTERN [FILE]...\nTry `grep --help' for more information.\n", 2},
		{"cat /tmp/f | grep -n three", "2:three\n", 0},
		{"echo -ne '\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0' > /tmp/z; echo x >> /tmp/z; grep x /tmp/z", "Binary file /tmp/z matches\n", 0},
	})
}

func TestWc(t *testing.T) {
	testTool(t, []toolCase{
		{"wc /tmp/f", " 3  6 28 /tmp/f\n", 0},
		{"wc -l /tmp/f", "3 /tmp/f\n", 0},
		{"wc -w /tmp/f /tmp/g", " 6 /tmp/f\n 2 /tmp/g\n 8 total\n", 0},
		{"wc -lc /tmp/f", " 3 28 /tmp/f\n", 0},
		{"cat /tmp/f | wc", "      3       6      28\n", 0},
		{"cat /tmp/f | wc -l", "3\n", 0},
		{"wc /nothere", "wc: /nothere: No such file or directory\n", 1},
	})
}

func TestOd(t *testing.T) {
	testTool(t, []toolCase{
		{"echo hello | od", "0000000 062550 066154 005157\n0000006\n", 0},
		{"echo hello | od -c", "0000000   h   e   l   l   o  \\n\n0000006\n", 0},
		{"echo hello | od -b", "0000000 150 145 154 154 157 012\n0000006\n", 0},
		{"echo hello | od -A x -t x1z", "000000 68 65 6c 6c 6f 0a                                >hello.<\n000006\n", 0},
		{"echo hello | od -A n -t x1 -c", " 68 65 6c 6c 6f 0a\n   h   e   l   l   o  \\n\n", 0},
		{"echo hello | od -A d -t d2", "0000000  25960  27756   2671\n0000006\n", 0},
		{"echo hello | od -t u1 -j 1 -N 2", "0000001 101 108\n0000003\n", 0},
		{"echo hello | od -t a", "0000000   h   e   l   l   o  nl\n0000006\n", 0},
		{"echo -ne '\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0' | od -t x4", "0000000 00000000 00000000 00000000 00000000\n*\n0000060\n", 0},
		{"echo -ne '\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0' | od -v -A x -t x1", "000000 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n000010 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n000020\n", 0},
		{"od -t q /tmp/f", "od: invalid character `q' in type string `q'\n", 1},
		{"od -A y /tmp/f", "od: invalid output address radix `y'; it must be one character from [doxn]\n", 1},
		{"od /nothere", "od: /nothere: No such file or directory\n0000000\n", 1},
	})
}
