package quiz

import (
	"fmt"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/shell"
	"simpblkdev/internal/chapters"
)

// box is the simulated shell a problem's commands run in: root's prompt in
// a chapter's directory, with its simp_blkdev.ko built, as blksim shell
// gives it.
type box struct {
	sh  *shell.Shell
	out strings.Builder
}

// newBox boots cfg with chapter step's driver.
func newBox(cfg blockdev.Config, step int) (*box, error) {
	ch, ok := chapters.Find(step)
	if !ok {
		return nil, fmt.Errorf("no step %d", step)
	}
	k, err := blockdev.Boot(cfg)
	if err != nil {
		return nil, err
	}
	b := &box{}
	b.sh = shell.New(k, shell.Options{Module: ch.Module, Step: step, Stdout: &b.out})
	return b, nil
}

// run runs one command line and returns what it printed (standard output
// and error, as the terminal shows them) and its exit status.
func (b *box) run(line string) (string, int) {
	b.out.Reset()
	status := b.sh.Exec(line)
	return b.out.String(), status
}

// close unmounts what the shell mounted.
func (b *box) close() { b.sh.Close() }
