package shell

import (
	"fmt"
	"strconv"
)

// terminal is the simulated terminal's window size, which TIOCGWINSZ
// returns and stty sets. 0 columns is a terminal that does not know its
// size (a serial console, or a session replayed from a script): ls then
// goes by $COLUMNS, else 80.
type terminal struct{ rows, cols int }

// SetWinsize sets the terminal's size, as the kernel does when the real
// terminal blksim runs in changes size (SIGWINCH).
func (s *Shell) SetWinsize(cols, rows int) {
	s.tty = terminal{rows: max(rows, 0), cols: max(cols, 0)}
}

func init() {
	commands["stty"] = command{run: stty, synopsis: "stty [size] [rows N] [cols N]  show or set the terminal's size"}
}

// stty models the part of coreutils 5.97's stty that sets the window size:
// size prints "rows columns", rows N, cols N and columns N set them.
// Without arguments it prints the settings line of a sane terminal.
func stty(p *proc) int {
	if len(p.args) == 0 {
		fmt.Fprintln(p.out, "speed 38400 baud; line = 0;")
		return 0
	}
	for i := 0; i < len(p.args); i++ {
		switch a := p.args[i]; a {
		case "size":
			fmt.Fprintf(p.out, "%d %d\n", p.s.tty.rows, p.s.tty.cols)
		case "rows", "cols", "columns":
			if i+1 == len(p.args) {
				p.errorf("missing argument to `%s'", a)
				return 1
			}
			i++
			n, err := strconv.ParseUint(p.args[i], 10, 16)
			if err != nil {
				p.errorf("invalid integer argument `%s'", p.args[i])
				return 1
			}
			if a == "rows" {
				p.s.tty.rows = int(n)
			} else {
				p.s.tty.cols = int(n)
			}
		default:
			p.errorf("invalid argument `%s'", a)
			fmt.Fprintln(p.err, "Try `stty --help' for more information.")
			return 1
		}
	}
	return 0
}

// lineLength is the width ls fills, as 5.97's ls finds it: $COLUMNS if it
// is a valid width, overridden by the terminal's own size when standard
// output is a terminal that knows it; 80 without either.
func (p *proc) lineLength() int {
	width := 80
	if v, ok := p.getenv("COLUMNS"); ok && v != "" {
		if n, ok := parseColumns(v); ok {
			width = n
		} else {
			p.errorf("ignoring invalid width in environment variable COLUMNS: %s", v)
		}
	}
	if p.tty && p.s.tty.cols > 0 {
		width = p.s.tty.cols
	}
	return width
}

// parseColumns reads $COLUMNS as xstrtoul(p, NULL, 0, ...) does: decimal,
// 0x hexadecimal or 0 octal, nothing after the digits, and above zero.
func parseColumns(v string) (int, bool) {
	base, digits := 10, v
	switch {
	case len(v) > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X'):
		base, digits = 16, v[2:]
	case len(v) > 1 && v[0] == '0':
		base, digits = 8, v[1:]
	}
	n, err := strconv.ParseUint(digits, base, 31)
	if err != nil || n == 0 {
		return 0, false
	}
	return int(n), true
}
