package shell

import (
	"bytes"
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
// happened; see WriteTranscript.
func (s *Shell) RunTranscript(script string) string {
	var b strings.Builder
	s.WriteTranscript(&b, script)
	return b.String()
}

// WriteTranscript runs the commands of script and writes the session to w
// as it happens, in the same format: each command as "# " + command (or
// "#"), followed by what it printed, standard output and error interleaved
// as on the terminal. Output that does not end in a newline gets one, so
// the next prompt starts a line of its own. Both streams go to w for the
// run instead of to the shell's writers, as the command writes them: a
// command that prints without end (cat of a huge file) costs time, never
// memory. The commands after an exit are not run, nor shown. What a
// command reads from the terminal is answered from the lines the script
// shows under it (ttyinput.go).
func (s *Shell) WriteTranscript(w io.Writer, script string) {
	out, errw := s.stdout, s.stderr
	defer func() { s.stdout, s.stderr = out, errw }()
	tw := &transcriptWriter{w: w}
	s.stdout, s.stderr = tw, tw
	for _, sc := range parseSession(script) {
		cmd := sc.line
		if s.exited {
			break // exit: the rest of the script is not read
		}
		if cmd == "" {
			io.WriteString(w, "#\n")
		} else {
			io.WriteString(w, "# "+cmd+"\n")
		}
		tw.last = '\n'
		tw.tail = tw.tail[:0]
		typist := s.typist
		s.typist = &recording{lines: sc.shown, shown: tw}
		s.Exec(cmd)
		s.typist = typist
		if tw.last != '\n' {
			io.WriteString(w, "\n")
		}
	}
	s.killJobs()
}

// transcriptWriter passes a command's output on and remembers its last
// byte, for the newline a prompt needs.
// byte, for the newline a prompt needs, and the command's last two lines,
// for the recording that answers its prompts.
type transcriptWriter struct {
	w    io.Writer
	last byte
	tail []byte // at most the last complete line and the one being written
}

func (t *transcriptWriter) Write(p []byte) (int, error) {
	if len(p) > 0 {
		t.last = p[len(p)-1]
	}
	t.tail = append(t.tail, p...)
	if i := bytes.LastIndexByte(t.tail, '\n'); i > 0 {
		if j := bytes.LastIndexByte(t.tail[:i], '\n'); j >= 0 {
			t.tail = append(t.tail[:0], t.tail[j+1:]...)
		}
	}
	if len(t.tail) > maxTail { // a line without end: keep its end only
		t.tail = append(t.tail[:0], t.tail[len(t.tail)-maxTail:]...)
	}
	return t.w.Write(p)
}

// maxTail bounds what transcriptWriter keeps of a line without end.
const maxTail = 64 << 10

// shownText is what the command printed lately (see recording).
func (t *transcriptWriter) shownText() string { return string(t.tail) }
