package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"simpblkdev/internal/chapters"
)

var tourCmd = subcommand{
	name:    "tour",
	args:    " [CHAPTER...]",
	what:    "tour replays the chapters' sessions, each on a freshly booted machine in the chapter's directory: every chapter, or the ones named (as arguments or with --step), in the order given.",
	example: "blksim tour\nblksim tour 2\nblksim tour --step 1",
}

// tour replays the chapters' sessions, each on a fresh machine.
func tour(args []string, stdout, stderr io.Writer) int {
	var mf machineFlags
	fs := newFlagSet(tourCmd, &mf)
	if done, status := parseFlags(fs, tourCmd, args, stdout, stderr); done {
		return status
	}
	var steps []int
	if stepFlagSet(fs) {
		steps = append(steps, mf.step)
	}
	for _, a := range fs.Args() {
		n, err := strconv.Atoi(a)
		if err != nil {
			return failf(stderr, tourCmd.name, "%q is not a chapter number", a)
		}
		steps = append(steps, n)
	}
	if len(steps) == 0 {
		for _, ch := range chapters.All {
			steps = append(steps, ch.Step)
		}
	}
	for _, n := range steps {
		if _, ok := chapters.Find(n); !ok {
			return failf(stderr, tourCmd.name, "%v", noStep(n))
		}
	}
	for i, n := range steps {
		mf.step = n
		sh, ch, err := mf.boot(stdout)
		if err != nil {
			return failf(stderr, tourCmd.name, "%v", err)
		}
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		fmt.Fprintf(stdout, "==> %s (%s)\n\n", ch.Title, ch.Package)
		sh.WriteTranscript(stdout, ch.Session)
		sh.Close()
	}
	return 0
}

var runCmd = subcommand{
	name:    "run",
	args:    " SCRIPT|-",
	what:    "run runs the commands of a session script (lines beginning with \"# \"; the lines under them are ignored) on a freshly booted machine in the chapter's directory, and prints the session as it happened; - reads the script from standard input. The exit status is exit's when the script runs exit (exit N: N; exit alone: the status of the command before it), else 0 however its commands fared: a transcript shows failing commands on purpose.",
	example: "blksim run --step 1 step01_array/testdata/ch01-array.txt\nprintf '# make\\n# insmod simp_blkdev.ko\\n# lsmod\\n' | blksim run --step 2 -",
}

// runScript runs one session script and prints its transcript.
func runScript(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var mf machineFlags
	fs := newFlagSet(runCmd, &mf)
	if done, status := parseFlags(fs, runCmd, args, stdout, stderr); done {
		return status
	}
	if fs.NArg() != 1 {
		return failf(stderr, runCmd.name, "want one SCRIPT, or - for standard input (a session: lines beginning with \"# \" are commands)")
	}
	name := fs.Arg(0)
	var script []byte
	var err error
	if name == "-" {
		name = "standard input"
		script, err = io.ReadAll(stdin)
	} else {
		script, err = os.ReadFile(name)
	}
	if err != nil {
		return failf(stderr, runCmd.name, "%v", err)
	}
	if !strings.Contains("\n"+string(script), "\n# ") {
		return failf(stderr, runCmd.name, "%s has no commands: a session's commands are lines beginning with \"# \"", name)
	}
	sh, _, err := mf.boot(stdout)
	if err != nil {
		return failf(stderr, runCmd.name, "%v", err)
	}
	defer sh.Close()
	sh.WriteTranscript(stdout, string(script))
	// A transcript's commands failing is normal (the sessions show
	// errors on purpose), so only an exit the script runs sets the status.
	if exited, status := sh.Exited(); exited {
		return status
	}
	return 0
}

var shellCmd = subcommand{
	name:    "shell",
	what:    "shell gives a root prompt on a freshly booted machine, in the chapter's directory: make builds simp_blkdev.ko (the chapter's Go code, compiled into blksim), insmod loads it. When standard input is not a terminal, its lines are the commands, the output is the session's transcript, and blksim exits, as bash reading a pipe does, with the status of the last command run (127 for one not found) or the N of exit N.",
	example: "blksim shell --step 2\nprintf 'make\\ninsmod simp_blkdev.ko\\nlsmod\\n' | blksim shell --step 1",
}

// interactive is a root prompt. When stdin is not a terminal the commands
// come from it and the output is the session's transcript.
func interactive(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var mf machineFlags
	fs := newFlagSet(shellCmd, &mf)
	if done, status := parseFlags(fs, shellCmd, args, stdout, stderr); done {
		return status
	}
	if fs.NArg() != 0 {
		return failf(stderr, shellCmd.name, "takes no arguments (type commands at the prompt)")
	}
	sh, ch, err := mf.boot(stdout)
	if err != nil {
		return failf(stderr, shellCmd.name, "%v", err)
	}
	defer sh.Close()
	if !isTerminal(stdin) {
		all, err := io.ReadAll(stdin)
		if err != nil {
			return failf(stderr, shellCmd.name, "%v", err)
		}
		var script strings.Builder
		for _, line := range strings.Split(string(all), "\n") {
			if line = strings.TrimSpace(line); line != "" {
				script.WriteString("# " + strings.TrimPrefix(line, "# ") + "\n")
			}
		}
		sh.WriteTranscript(stdout, script.String())
		// As bash reading a pipe: the status of exit, or else of the
		// last command run.
		_, status := sh.Exited()
		return status
	}
	inFile, _ := stdin.(*os.File)
	outFile, ok := stdout.(*os.File)
	if !ok || !isTerminal(outFile) {
		return plainPrompt(sh, ch, stdin, stdout)
	}
	return lineEditor(sh, ch, inFile, outFile)
}
