package blksim

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/internal/chapters"
	"simpblkdev/internal/diff"
)

// The corpus view replays the shared sessions (testdata/sessions at the
// module root) on a student's driver and compares each with the chapter's
// golden transcript of it. Those transcripts are compiled in
// (chapters.Chapter.Sessions, embedded by the step packages) rather than
// read from the checkout: the command then works from any directory, and
// from a binary built and copied elsewhere, and it compares with exactly
// the transcripts its chapter's tests check. A golden transcript replays
// as its own script (package shell's ttyinput.go), so it is both the
// session's commands and their expected output; and the chapter has one
// for precisely the shared sessions that apply to it (those a step skips,
// such as fdisk's dialogues from chapter 5 on, have none).

func (c *cli) corpusCmd() subcommand {
	ch, _ := chapters.Find(c.step)
	return subcommand{
		name: "corpus",
		args: " [NAME...]",
		what: fmt.Sprintf("corpus replays the shared sessions that apply to chapter %d (all of them, or those named) on your driver, each on a freshly booted machine as the chapter's tests do, "+
			"and prints, for each, whether its transcript is the same as the chapter's own (%s/testdata/sessions/NAME.txt) or the unified diff from it (- the chapter's, + yours). "+
			"The exit status is 0 when every one is the same, else 1.", c.step, ch.Package),
		example: c.invoke + " corpus\n" + c.invoke + " corpus basic hexdump",
	}
}

// corpus replays the chapter's shared sessions on the student's driver.
func (c *cli) corpus(args []string) int {
	sc := c.corpusCmd()
	fset := bareFlagSet(sc)
	if done, status := c.parseFlags(fset, sc, args); done {
		return status
	}
	ch, _ := c.chapter(c.step)
	files, _ := fs.Glob(ch.Sessions, "testdata/sessions/*.txt")
	var names []string
	for _, f := range files {
		names = append(names, strings.TrimSuffix(path.Base(f), ".txt"))
	}
	if fset.NArg() > 0 {
		for _, n := range fset.Args() {
			if !slices.Contains(names, n) {
				return c.failf(sc.name, "no session %q for chapter %d: want %s", n, c.step, strings.Join(names, ", "))
			}
		}
		names = fset.Args()
	}
	// The machine the golden transcripts were made on: blksim's defaults.
	cfg, _, err := c.config(&machineFlags{step: c.step, seed: 1})
	if err != nil {
		return c.failf(sc.name, "%v", err)
	}
	differ := 0
	for _, name := range names {
		golden := path.Join("testdata", "sessions", name+".txt")
		want, err := fs.ReadFile(ch.Sessions, golden)
		if err != nil {
			return c.failf(sc.name, "%v", err)
		}
		got, err := c.replaySession(cfg, ch, string(want))
		if err != nil {
			return c.failf(sc.name, "%s: %v", name, err)
		}
		chapterCopy := path.Join(ch.Package, golden)
		if d := diff.Unified(chapterCopy, name+" on "+c.name, string(want), got); d != "" {
			differ++
			fmt.Fprintf(c.stdout, "%s: differs from chapter %d's\n%s", name, c.step, d)
		} else {
			fmt.Fprintf(c.stdout, "%s: the same as chapter %d's\n", name, c.step)
		}
	}
	fmt.Fprintf(c.stdout, "%d of %d sessions differ from chapter %d's\n", differ, len(names), c.step)
	if differ > 0 {
		return 1
	}
	return 0
}

// replaySession replays script on a machine booted with cfg, in ch's
// directory with ch's module, and a fresh /host with the tmp/ that
// sessions export disk images into, removed afterwards (as ktest's
// NewHostRoot gives the chapter's tests).
func (c *cli) replaySession(cfg blockdev.Config, ch chapters.Chapter, script string) (string, error) {
	host, err := os.MkdirTemp("", "blksim-corpus-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(host)
	if err := os.Mkdir(filepath.Join(host, "tmp"), 0o755); err != nil {
		return "", err
	}
	sh, err := bootShell(cfg, ch, host, c.stderr)
	if err != nil {
		return "", err
	}
	defer sh.Close()
	got := &boundedBuffer{max: len(script) + replayMargin}
	sh.WriteTranscript(got, script)
	return got.String(), nil
}
