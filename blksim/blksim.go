package blksim

import (
	"fmt"
	"io"
	"os"

	"simpblkdev/blockdev"
	"simpblkdev/internal/chapters"
	"simpblkdev/internal/quiz"
)

// Driver is the driver a command line runs: a student's, or (the zero
// Driver) the chapters' own, --step choosing.
type Driver struct {
	// Step is the chapter the driver starts from: the shell starts in its
	// directory, where make prints its kbuild transcript, tour replays its
	// session and corpus compares with its golden transcripts.
	Step int
	// Module is the driver make builds there as simp_blkdev.ko, for
	// insmod to load.
	Module *blockdev.ModuleInfo
}

// Main runs the command line os.Args with d's driver and exits with the
// status Run returns.
func Main(d Driver) {
	os.Exit(Run(d, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Run is Main without the process: it runs the command line args (without
// the program's name) with d's driver and returns the exit status.
func Run(d Driver, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := &cli{name: "blksim", invoke: "blksim", stdin: stdin, stdout: stdout, stderr: stderr}
	if d != (Driver{}) {
		c.name, c.invoke = programName()
		c.own = d.Module
		c.step = d.Step
		if d.Module == nil {
			return c.failf("", "Driver{Step: %d} has no Module: want the driver make builds as simp_blkdev.ko", d.Step)
		}
		if _, ok := chapters.Find(d.Step); !ok {
			return c.failf("", "Driver{Step: %d}: %v", d.Step, noStep(d.Step))
		}
	}
	if len(args) == 0 {
		if c.own != nil {
			return c.interactive(nil) // a student's command is a shell first
		}
		return c.failf("", "no command: want %s (%s -h says more)", c.commandList(), c.name)
	}
	switch args[0] {
	case "tour":
		return c.tour(args[1:])
	case "run":
		return c.runScript(args[1:])
	case "check":
		return c.check(args[1:])
	case "shell":
		return c.interactive(args[1:])
	case "serve":
		return c.serveDisk(args[1:])
	case "quiz":
		if c.own == nil { // a quiz is about the chapters, not a student's driver
			return quiz.Main(args[1:], c.stdout, c.stderr)
		}
	case "version":
		return c.version(args[1:])
	case "-h", "-help", "--help", "help":
		c.usage()
		return 0
	}
	switch {
	case args[0] == "corpus" && c.own != nil:
		return c.corpus(args[1:])
	case len(args[0]) > 1 && args[0][0] == '-' && c.own != nil:
		return c.interactive(args) // flags alone: the shell's
	}
	return c.failf("", "unknown command %q: want %s (%s -h says more)", args[0], c.commandList(), c.name)
}

// cli is one command line being run: by blksim, for the chapters' drivers,
// or by a student's command, for its Driver.
type cli struct {
	// name is the program in usage and error lines: "blksim", or for a
	// student's command the main package's directory in the module
	// (programName).
	name string
	// invoke is how the program is run, for usage lines and examples:
	// "blksim", or "go run ./exercises/ch03-reada/cmd".
	invoke string
	// own is the student's driver, nil for blksim's chapters; step is
	// then its chapter, the only one the program runs.
	own  *blockdev.ModuleInfo
	step int

	stdin          io.Reader
	stdout, stderr io.Writer
}

// commandList is the commands, for the errors that want one.
func (c *cli) commandList() string {
	if c.own != nil {
		return "tour, run, check, corpus, shell, serve or version"
	}
	return "tour, run, check, shell, serve, quiz or version"
}

// failf reports an error as blksim reports them all, in one line on
// stderr: "blksim COMMAND: " and what is wrong, or "blksim: " when no
// command is known yet (a student's command puts its own name for
// blksim's). It returns the exit status, 2.
func (c *cli) failf(cmd, format string, args ...any) int {
	prefix := c.name + ": "
	if cmd != "" {
		prefix = c.name + " " + cmd + ": "
	}
	fmt.Fprintf(c.stderr, prefix+format+"\n", args...)
	return 2
}

// chapter is chapter n as the command line runs it: with the student's
// driver in place of the chapter's own, for a Driver.
func (c *cli) chapter(n int) (chapters.Chapter, bool) {
	ch, ok := chapters.Find(n)
	if ok && c.own != nil {
		ch.Module = c.own
	}
	return ch, ok
}

// source is whose driver ch's simp_blkdev.ko is, for banners and headings:
// the chapter's package, or the student's command.
func (c *cli) source(ch chapters.Chapter) string {
	if c.own != nil {
		return c.name
	}
	return ch.Package
}

func (c *cli) usage() {
	if c.own != nil {
		ch, _ := chapters.Find(c.step)
		fmt.Fprintf(c.stdout, `%[1]s runs your driver as simp_blkdev.ko on a simulated Linux 2.6.18 box,
in chapter %[2]d's directory, as blksim runs %[3]s's.

usage (CMD is %[4]s):
  CMD [flags]                  a root prompt in the chapter's directory, as CMD shell
  CMD tour  [flags]            replay chapter %[2]d's session on your driver
  CMD run   [flags] SCRIPT|-   run a session script (- reads standard input)
  CMD check [flags] SCRIPT|-   replay a session script; its differences as a unified diff
  CMD corpus [NAME...]         the shared sessions on your driver against chapter %[2]d's transcripts
  CMD shell [flags]            a root prompt in the chapter's directory
  CMD serve [flags] --fuse DIR | --nbd ADDR [name=value...]
                               your driver's disk for the real kernel: losetup, mkfs.ext3, mount
  CMD version                  the build's version and the simulated kernel's release

Run 'CMD COMMAND -h' for an example and the flags.
`, c.name, c.step, ch.Package, c.invoke)
		return
	}
	fmt.Fprint(c.stdout, `blksim runs the chapters of "写一个块设备驱动" on a simulated Linux 2.6.18 box.

usage:
  blksim tour  [flags] [CHAPTER...]  replay the chapters' sessions (all, or those named)
  blksim run   [flags] SCRIPT|-      run a session script (- reads standard input)
  blksim check [flags] SCRIPT|-      replay a session script; its differences as a unified diff
  blksim shell [flags]               a root prompt in the chapter's directory
  blksim serve [flags] --fuse DIR | --nbd ADDR [name=value...]
                                     the chapter's disk for the real kernel: losetup, mkfs.ext3, mount
  blksim quiz  [--step N] [--seed S] [--kind K] [-c]
                                     a problem about a chapter with ? for the answers; -c fills them
  blksim version                     blksim's version and the simulated kernel's release

Run 'blksim COMMAND -h' for an example and the flags.
`)
}
