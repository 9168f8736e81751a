//go:build linux

package blksim

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"simpblkdev/internal/serve"
)

// statusInterval is how often the status line is redrawn.
const statusInterval = 250 * time.Millisecond

// statusLine is serve's messages on stderr and, when stderr is a terminal,
// a line below them, redrawn in place, counting what was served.
type statusLine struct {
	w     io.Writer
	tty   bool
	stats *serve.Stats

	mu   sync.Mutex
	done chan struct{}
	wg   sync.WaitGroup
}

func newStatusLine(w io.Writer) *statusLine {
	f, ok := w.(*os.File)
	return &statusLine{w: w, tty: ok && isTerminal(f), done: make(chan struct{})}
}

// say prints one message line, above the status line.
func (s *statusLine) say(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clear()
	fmt.Fprintf(s.w, format+"\n", args...)
	s.draw()
}

// report prints the machine's report on out, which may be the terminal
// the status line is on.
func (s *statusLine) report(out io.Writer, m *serve.Machine) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clear()
	m.WriteReport(out)
	s.draw()
}

// start redraws the line until stop.
func (s *statusLine) start() {
	if !s.tty {
		return
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		t := time.NewTicker(statusInterval)
		defer t.Stop()
		for {
			select {
			case <-s.done:
				return
			case <-t.C:
				s.mu.Lock()
				s.clear()
				s.draw()
				s.mu.Unlock()
			}
		}
	}()
}

// stop ends the redrawing and leaves the line's last state on the
// terminal.
func (s *statusLine) stop() {
	close(s.done)
	s.wg.Wait()
	if s.tty && s.stats != nil {
		fmt.Fprintln(s.w)
	}
}

func (s *statusLine) clear() {
	if s.tty && s.stats != nil {
		fmt.Fprint(s.w, "\r\x1b[K")
	}
}

func (s *statusLine) draw() {
	if s.tty && s.stats != nil {
		fmt.Fprintf(s.w, "served: %s", s.stats)
	}
}
