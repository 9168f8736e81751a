package shell

import (
	"bufio"
	"io"
	"strings"
)

// A command's standard input is the terminal unless a pipe or < gives it
// another file. Most tools never read the terminal in a session; fdisk's
// dialogue does, a line per question, and the person's answers appear on
// the terminal after the questions because the terminal echoes them:
//
//	Command (m for help): n
//
// Two things type those answers:
//
//   - A person at blksim shell: SetTerminal gives the shell the terminal's
//     input, and a command reads its next lines from there (the real
//     terminal has echoed them already).
//   - A session script (RunTranscript): the script is a recording in the
//     golden format, so what was typed at a prompt is the rest of the
//     recorded line that begins with the prompt the program has just
//     printed. The lines under a command are searched in order, from the
//     line after the last answer: the first one that begins with the
//     program's unfinished output line (for a prompt that ends in a
//     newline, such as fdisk's "Command action" menu, the line after the
//     program's last line) holds the answer, which the terminal echoes
//     into the transcript. When no recorded line answers the prompt the
//     person has pressed Ctrl-D: the read gets end of file, as fdisk's
//     "got EOF thrice" shows. A golden transcript therefore replays as its
//     own script, and a recording made on one chapter answers the same
//     questions on another as long as they are asked in the same words.

// ttyInput is the terminal as a command's standard input. Read as a file
// (cat, sfdisk < nothing) it is empty, as a terminal nobody types at;
// readLine is how an interactive tool reads it.
type ttyInput struct {
	file
	s *Shell
}

func (s *Shell) terminalInput() *ttyInput {
	return &ttyInput{file: newBytesFile(nil), s: s}
}

// lineSource is who types at the terminal.
type lineSource interface {
	// readLine returns the next line typed, without its newline, or false
	// at end of input.
	readLine() (string, bool)
}

// SetTerminal makes r the terminal's input for the commands a person runs
// with Exec: an interactive tool such as fdisk reads its answers from r,
// line by line. The caller must not read r ahead of what it has given to
// Exec (a bufio.Reader shared with the prompt loop is right).
func (s *Shell) SetTerminal(r *bufio.Reader) { s.typist = &readerLines{r: r} }

// readerLines is a person's terminal.
type readerLines struct{ r *bufio.Reader }

func (rl *readerLines) readLine() (string, bool) {
	line, err := rl.r.ReadString('\n')
	if err != nil && (err != io.EOF || line == "") {
		return "", false
	}
	return strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r"), true
}

// recording answers a command's prompts from the lines a script shows
// under it; see the comment at the top of this file.
type recording struct {
	lines []string // the lines recorded under the command
	next  int      // where the search for the next answer starts
	shown terminalScreen
}

// terminalScreen is the terminal a recording types at: it shows the
// command's last lines and takes the echo.
type terminalScreen interface {
	io.Writer
	shownText() string // the last complete line and the one being written
}

func (r *recording) readLine() (string, bool) {
	out := r.shown.shownText()
	nl := strings.LastIndexByte(out, '\n')
	partial := out[nl+1:]
	for i := r.next; i < len(r.lines); i++ {
		line := r.lines[i]
		var typed string
		switch {
		case partial != "" && strings.HasPrefix(line, partial):
			typed = line[len(partial):]
		case partial != "" && line == strings.TrimRight(partial, " "):
			typed = "" // an editor ate the prompt's trailing blank
		case partial == "" && nl >= 0 && i > 0 && r.lines[i-1] == lastLine(out[:nl]):
			typed = line
		default:
			continue
		}
		r.next = i + 1
		io.WriteString(r.shown, typed+"\n") // the terminal's echo
		return typed, true
	}
	return "", false
}

// lastLine is the last line of s.
func lastLine(s string) string { return s[strings.LastIndexByte(s, '\n')+1:] }

// readTerminal reads a line that the person types at p's terminal, or
// reports end of input; ok is false too when p's standard input is not
// the terminal (then it reads that file with readStdinLine).
func (p *proc) readTerminal() (line string, ok bool) {
	if _, tty := p.stdin.(*ttyInput); !tty || p.s.typist == nil {
		return "", false
	}
	return p.s.typist.readLine()
}

// stdinLines reads p's standard input line by line, from the terminal or
// from a file or pipe, as fgets(3) on stdin does.
type stdinLines struct {
	p   *proc
	r   *bufio.Reader // a file or pipe; nil for the terminal
	tty bool
}

func (p *proc) stdinLines() *stdinLines {
	if _, tty := p.stdin.(*ttyInput); tty {
		return &stdinLines{p: p, tty: true}
	}
	return &stdinLines{p: p, r: bufio.NewReaderSize(io.NewSectionReader(p.stdin, 0, p.stdin.Size()), maxInputLine)}
}

// maxInputLine bounds a line read from a file or pipe, as fgets(3)'s
// buffer does: a longer line comes back in pieces, so that a stream
// without newlines cannot fill the memory.
const maxInputLine = 4096

// next returns the next line without its newline; false at end of input.
func (l *stdinLines) next() (string, bool) {
	if l.tty {
		return l.p.readTerminal()
	}
	line, err := l.r.ReadSlice('\n')
	if err != nil && err != bufio.ErrBufferFull && len(line) == 0 {
		return "", false
	}
	return strings.TrimSuffix(string(line), "\n"), true
}

// sessionCmd is one command of a script and the lines shown under it.
type sessionCmd struct {
	line  string   // the command; "" for a bare prompt
	shown []string // what the recording shows it printing and typed into it
}

// parseSession splits a script in the golden format into its commands,
// as ParseCommands does, keeping the lines under each.
func parseSession(script string) []sessionCmd {
	var cmds []sessionCmd
	for _, line := range strings.Split(script, "\n") {
		line = strings.TrimSuffix(line, "\r")
		switch {
		case line == "#":
			cmds = append(cmds, sessionCmd{})
		case strings.HasPrefix(line, "# "):
			cmds = append(cmds, sessionCmd{line: line[2:]})
		case len(cmds) > 0:
			c := &cmds[len(cmds)-1]
			c.shown = append(c.shown, line)
		}
	}
	return cmds
}
