// Command blksim runs the chapters of "写一个块设备驱动" on the simulated
// Linux 2.6 kernel: it replays their shell sessions and gives you a root
// prompt in a chapter's directory, where make builds the chapter's
// simp_blkdev.ko (the module is the chapter's Go code, compiled into
// blksim: make prints kbuild's transcript and writes the file insmod loads
// it from).
//
// Usage:
//
//	blksim tour  [flags] [CHAPTER...]  replay the chapters' sessions (all, or those named)
//	blksim run   [flags] SCRIPT|-      run a session script (- reads standard input), print the transcript
//	blksim shell [flags]               a root prompt (commands from stdin when it is not a terminal)
//	blksim serve [flags] --fuse DIR | --nbd ADDR [name=value...]
//	                                   serve the chapter's disk to the real kernel (docs/real-kernel.md)
//	blksim quiz  [--step N] [--seed S] [--kind K] [-c]
//	                                   a problem about a chapter, OSTEP style; -c the answers (docs/quiz.md)
//	blksim version                     blksim's version and the simulated kernel's release
//
// Flags (tour, run and shell; blksim COMMAND -h lists them):
//
//	--step N      the chapter: the shell starts in its directory (default: the last)
//	--preset P    i386 (default) or x86_64
//	--ram SIZE    memory, e.g. 512M, 2G: 64M to 4G on i386, to 64G on x86_64
//	              (default: the preset's)
//	--seed S      boot-time state: free-list fragmentation, memory garbage (default 1)
//	--host DIR    the host directory shown as /host (default: the directory
//	              blksim was started in; --host / shows the whole host,
//	              --host none no /host at all)
//
// blksim shell exits as bash does, with exit N's N or else the status of
// the last command run; blksim run with exit's status when its script runs
// exit, else 0.
//
// Errors are one line on standard error, "blksim COMMAND: " and what is
// wrong ("blksim: " before a command is known), with exit status 2.
package main

import (
	"fmt"
	"io"
	"os"

	"simpblkdev/internal/quiz"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		return failf(stderr, "", "no command: want tour, run, shell, serve, quiz or version (blksim -h says more)")
	}
	switch args[0] {
	case "tour":
		return tour(args[1:], stdout, stderr)
	case "run":
		return runScript(args[1:], stdin, stdout, stderr)
	case "shell":
		return interactive(args[1:], stdin, stdout, stderr)
	case "serve":
		return serveDisk(args[1:], stdout, stderr)
	case "quiz":
		return quiz.Main(args[1:], stdout, stderr)
	case "version":
		return version(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return 0
	default:
		return failf(stderr, "", "unknown command %q: want tour, run, shell, serve, quiz or version (blksim -h says more)", args[0])
	}
}

// failf reports an error as blksim reports them all, in one line on
// stderr: "blksim COMMAND: " and what is wrong, or "blksim: " when no
// command is known yet. It returns the exit status, 2.
func failf(stderr io.Writer, cmd, format string, args ...any) int {
	prefix := "blksim: "
	if cmd != "" {
		prefix = "blksim " + cmd + ": "
	}
	fmt.Fprintf(stderr, prefix+format+"\n", args...)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprint(w, `blksim runs the chapters of "写一个块设备驱动" on a simulated Linux 2.6.18 box.

usage:
  blksim tour  [flags] [CHAPTER...]  replay the chapters' sessions (all, or those named)
  blksim run   [flags] SCRIPT|-      run a session script (- reads standard input)
  blksim shell [flags]               a root prompt in the chapter's directory
  blksim serve [flags] --fuse DIR | --nbd ADDR [name=value...]
                                     the chapter's disk for the real kernel: losetup, mkfs.ext3, mount
  blksim quiz  [--step N] [--seed S] [--kind K] [-c]
                                     a problem about a chapter with ? for the answers; -c fills them
  blksim version                     blksim's version and the simulated kernel's release

Run 'blksim COMMAND -h' for an example and the flags.
`)
}
