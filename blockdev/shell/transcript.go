package shell

import (
	"io"
	"strings"
)

// The golden format of the project's sessions: a line beginning with "# "
// is a command typed at the root prompt, the lines under it are what it
// printed, and a line that is exactly "#" is a prompt where only Enter was
// pressed.

// ParseCommands returns the commands of a script in the golden format, in
// order; an empty prompt gives "". Output lines are ignored.
func ParseCommands(script string) []string {
	var cmds []string
	for _, line := range strings.Split(script, "\n") {
		line = strings.TrimSuffix(line, "\r")
		switch {
		case line == "#":
			cmds = append(cmds, "")
		case strings.HasPrefix(line, "# "):
			cmds = append(cmds, line[2:])
		}
	}
	return cmds
}

// RunTranscript runs the commands of script and returns the session as it
// happened, in the same format: each command as "# " + command (or "#"),
// followed by what it printed, standard output and error interleaved as on
// the terminal. Output that does not end in a newline gets one, so the next
// prompt starts a line of its own. Both streams are captured for the run
// instead of going to the shell's writers. The commands after an exit are
// not run, nor shown.
func (s *Shell) RunTranscript(script string) string {
	var b strings.Builder
	out, errw := s.stdout, s.stderr
	defer func() { s.stdout, s.stderr = out, errw }()
	for _, cmd := range ParseCommands(script) {
		if s.exited {
			break // exit: the rest of the script is not read
		}
		if cmd == "" {
			b.WriteString("#\n")
		} else {
			b.WriteString("# " + cmd + "\n")
		}
		var o strings.Builder
		s.stdout, s.stderr = io.Writer(&o), io.Writer(&o)
		s.Exec(cmd)
		b.WriteString(o.String())
		if o.Len() > 0 && !strings.HasSuffix(o.String(), "\n") {
			b.WriteByte('\n')
		}
	}
	return b.String()
}
