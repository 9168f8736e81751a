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
//	blksim check [flags] SCRIPT|-      replay a session script; exit 1 with a unified diff where the
//	                                   output differs from the lines the script shows
//	blksim shell [flags]               a root prompt (commands from stdin when it is not a terminal)
//	blksim serve [flags] --fuse DIR | --nbd ADDR [name=value...]
//	                                   serve the chapter's disk to the real kernel (docs/real-kernel.md)
//	blksim quiz  [--step N] [--seed S] [--kind K] [-c]
//	                                   a problem about a chapter, OSTEP style; -c the answers (docs/quiz.md)
//	blksim version                     blksim's version and the simulated kernel's release
//
// Flags (tour, run, check and shell; blksim COMMAND -h lists them):
//
//	--step N      the chapter: the shell starts in its directory (default: the last)
//	--preset P    i386 (default) or x86_64
//	--ram SIZE    memory, e.g. 512M, 2G: 64M to 4G on i386, to 64G on x86_64
//	              (default: the preset's)
//	--seed S      boot-time state: free-list fragmentation, memory garbage (default 1)
//	--cmdline S   the kernel command line, e.g. 'elevator=deadline'
//	--host DIR    the host directory shown as /host (default: the directory
//	              blksim was started in; --host / shows the whole host,
//	              --host none no /host at all)
//
// blksim shell exits as bash does, with exit N's N or else the status of
// the last command run; blksim run with exit's status when its script runs
// exit, else 0; blksim check with 0 when the transcript is the script's, 1
// when it differs, 2 when the script is malformed (the line is named).
//
// Errors are one line on standard error, "blksim COMMAND: " and what is
// wrong ("blksim: " before a command is known), with exit status 2.
//
// The machinery is package simpblkdev/blksim, which runs a student's driver
// the same way: an exercise's command is
//
//	func main() { blksim.Main(blksim.Driver{Step: 3, Module: ex.Module}) }
//
// and go run ./exercises/ch03-reada/cmd opens the root prompt in chapter
// 3's directory with that driver as simp_blkdev.ko. Its tour replays
// chapter 3's session on it; run, check, shell and serve take it as they
// take --step 3 here (it has no --step); corpus replays the shared
// sessions on it and shows the diff from chapter 3's transcripts of them.
// It calls itself by its main package's directory (exercises/ch03-reada/cmd)
// in usage and error lines. This command is blksim.Main of the zero
// Driver: the chapters' own drivers, --step choosing.
package main

import "simpblkdev/blksim"

func main() { blksim.Main(blksim.Driver{}) }
