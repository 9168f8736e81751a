package blksim

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"

	"golang.org/x/term"

	"simpblkdev/blockdev/shell"
)

// The root prompt for a person at a terminal: golang.org/x/term's line
// editor reads each line in raw mode (arrows, Home/End, Ctrl-A/E/K/U/W,
// history on up and down, Tab completion from the shell), and the command
// then runs with the terminal back in its normal mode, as bash runs its
// commands, so that Ctrl-C is the terminal's SIGINT: it stops the running
// command (see shell.Interrupt) and never the simulator. At the prompt,
// where Ctrl-C is a byte, it cancels the line as bash does, printing ^C and
// a fresh prompt; Ctrl-D on an empty line, exit and logout leave, with the
// status of exit N or else $?, as bash's. The Home and End keys of tmux,
// screen, rxvt and the Linux console reach x/term as the sequences it knows
// (keyReader); escape sequences it does not know are dropped, never typed
// into the line.

// isTerminal reports whether f is a terminal (a tty, not merely a
// character device such as /dev/null).
func isTerminal(f io.Reader) bool {
	file, ok := f.(*os.File)
	return ok && term.IsTerminal(int(file.Fd()))
}

// lineEditor runs the prompt on the terminal in/out until the person
// leaves, and returns the status exit asked for, or $? at Ctrl-D.
func (c *cli) lineEditor(sh *shell.Shell, banner string, in, out *os.File) int {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range sigs {
			sh.Interrupt()
		}
	}()
	defer func() {
		signal.Stop(sigs)
		close(sigs)
		wg.Wait()
	}()

	fmt.Fprint(out, banner)
	// A command that reads the terminal (fdisk's dialogue) reads it in
	// its normal mode, a line per read(2), so nothing is read ahead of
	// the line editor.
	sh.SetTerminal(bufio.NewReader(in))
	keys := &ctrlCReader{r: &keyReader{r: in}}
	ed := newEditor(sh, keys, out, nil)
	var lastW, lastH int
	for {
		// The window size follows the real terminal when it changes, as
		// the kernel's does; stty cols N holds until then.
		if w, h, err := term.GetSize(int(out.Fd())); err == nil && (w != lastW || h != lastH) {
			lastW, lastH = w, h
			sh.SetWinsize(w, h)
			ed.SetSize(w, h)
		}
		line, err := readLine(ed, int(in.Fd()), keys)
		switch {
		case errors.Is(err, errCancelled):
			fmt.Fprint(out, "^C\n") // the terminal is back in its normal mode: \n is a new line
			ed = newEditor(sh, keys, out, ed.History)
			ed.SetSize(lastW, lastH)
			continue
		case err == io.EOF:
			fmt.Fprintln(out, "exit")
			_, status := sh.Exited()
			return status
		case err != nil:
			return c.failf("shell", "%v", err)
		}
		sh.Exec(line)
		if sh.Interrupted() {
			fmt.Fprintln(out)
		}
		if exited, status := sh.Exited(); exited {
			fmt.Fprintln(out, "exit")
			return status
		}
	}
}

// errCancelled is Ctrl-C at the prompt.
var errCancelled = errors.New("line cancelled")

// readLine reads one line with the terminal in raw mode.
func readLine(ed *term.Terminal, fd int, keys *ctrlCReader) (string, error) {
	old, err := term.MakeRaw(fd)
	if err != nil {
		return "", err
	}
	defer term.Restore(fd, old)
	keys.cancelled = false
	line, err := ed.ReadLine()
	if err == io.EOF && keys.cancelled {
		return "", errCancelled
	}
	return line, err
}

// newEditor makes x/term's line editor with the shell's completion, keeping
// the history of the one before (x/term has no way to drop a half-typed
// line, so Ctrl-C starts a new editor).
func newEditor(sh *shell.Shell, keys io.Reader, out io.Writer, history term.History) *term.Terminal {
	var ed *term.Terminal
	ed = term.NewTerminal(struct {
		io.Reader
		io.Writer
	}{keys, out}, "# ")
	if history != nil {
		ed.History = history
	}
	ed.AutoCompleteCallback = func(line string, pos int, key rune) (string, int, bool) {
		if key != '\t' {
			return "", 0, false
		}
		newLine, newPos, matches := sh.Complete(line, pos)
		if len(matches) > 0 {
			// As bash lists them: below the line, then the line again.
			fmt.Fprintf(ed, "# %s\n%s\n", line, strings.Join(matches, "  "))
		}
		return newLine, newPos, true
	}
	return ed
}

// ctrlCReader hands the editor the keys typed, ending a read at a Ctrl-C
// (byte 3 in raw mode) and noting it: x/term returns io.EOF for Ctrl-C and
// for Ctrl-D alike, and what was typed after the Ctrl-C is kept for the
// next editor.
type ctrlCReader struct {
	r         io.Reader
	pending   []byte
	cancelled bool
}

func (c *ctrlCReader) Read(p []byte) (int, error) {
	if len(c.pending) == 0 {
		buf := make([]byte, len(p))
		n, err := c.r.Read(buf)
		if n == 0 {
			return 0, err
		}
		c.pending = buf[:n]
	}
	n := len(c.pending)
	if i := strings.IndexByte(string(c.pending), 3); i >= 0 {
		n = i + 1
		c.cancelled = true
	}
	n = copy(p, c.pending[:n])
	c.pending = c.pending[n:]
	return n, nil
}

// plainPrompt is the prompt when the input is a terminal but the output is
// not (blksim shell > log): lines as the terminal's own line discipline
// edits them, and no escape sequence written into the output.
func plainPrompt(sh *shell.Shell, banner string, stdin io.Reader, stdout io.Writer) int {
	fmt.Fprint(stdout, banner)
	in := bufio.NewReader(stdin)
	sh.SetTerminal(in) // fdisk's answers come from the same input
	for {
		fmt.Fprint(stdout, "# ")
		line, err := in.ReadString('\n')
		if err != nil && line == "" {
			fmt.Fprintln(stdout)
			_, status := sh.Exited()
			return status
		}
		sh.Exec(strings.TrimSpace(line))
		if exited, status := sh.Exited(); exited {
			return status
		}
	}
}
