// Command blksim runs the chapters of "写一个块设备驱动" on the simulated
// Linux 2.6 kernel: it replays their shell sessions and gives you a root
// prompt on a machine where the chapter's simp_blkdev.ko is ready to insmod.
//
// Usage:
//
//	blksim tour  [flags]          replay every chapter's session
//	blksim run   [flags] SCRIPT   run a session script, print the transcript
//	blksim shell [flags]          a root prompt (commands from stdin when it is not a terminal)
//
// Flags (all subcommands):
//
//	--step N      the chapter whose module is /root/simp_blkdev.ko (default: the last)
//	--preset P    i386 (default) or x86_64
//	--ram SIZE    memory, e.g. 512M, 2G (default: the preset's)
//	--seed S      boot-time state: free-list fragmentation, memory garbage (default 1)
//	--host DIR    the host directory shown as /host (default: the directory
//	              blksim was started in; --host / shows the whole host,
//	              --host none no /host at all)
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "tour":
		return tour(args[1:], stdout, stderr)
	case "run":
		return runScript(args[1:], stdout, stderr)
	case "shell":
		return interactive(args[1:], stdin, stdout, stderr)
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return 0
	default:
		fmt.Fprintf(stderr, "blksim: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage:
  blksim tour  [flags]          replay every chapter's session
  blksim run   [flags] SCRIPT   run a session script and print the transcript
  blksim shell [flags]          a root prompt on the simulated machine

Run 'blksim COMMAND -h' for the flags.
`)
}
