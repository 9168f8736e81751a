package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"simpblkdev/internal/chapters"
)

// tour replays every chapter's session, each on a fresh machine.
func tour(args []string, stdout, stderr io.Writer) int {
	var mf machineFlags
	fs := newFlagSet("tour", stderr, &mf)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	for i, ch := range chapters.All {
		mf.step = ch.Step
		sh, _, err := mf.boot(stdout)
		if err != nil {
			fmt.Fprintf(stderr, "blksim: %v\n", err)
			return 2
		}
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		fmt.Fprintf(stdout, "==> %s (%s)\n\n", ch.Title, ch.Package)
		fmt.Fprint(stdout, sh.RunTranscript(ch.Session))
		sh.Close()
	}
	return 0
}

// runScript runs one session script and prints its transcript.
func runScript(args []string, stdout, stderr io.Writer) int {
	var mf machineFlags
	fs := newFlagSet("run", stderr, &mf)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "blksim run: want one SCRIPT (a session: lines beginning with \"# \" are commands)")
		return 2
	}
	script, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "blksim: %v\n", err)
		return 2
	}
	if !strings.Contains("\n"+string(script), "\n# ") {
		fmt.Fprintf(stderr, "blksim: %s has no commands: a session's commands are lines beginning with \"# \"\n", fs.Arg(0))
		return 2
	}
	sh, _, err := mf.boot(stdout)
	if err != nil {
		fmt.Fprintf(stderr, "blksim: %v\n", err)
		return 2
	}
	defer sh.Close()
	fmt.Fprint(stdout, sh.RunTranscript(string(script)))
	return 0
}

// interactive is a root prompt. When stdin is not a terminal the commands
// come from it and the output is the session's transcript.
func interactive(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var mf machineFlags
	fs := newFlagSet("shell", stderr, &mf)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 0 {
		fmt.Fprintln(stderr, "blksim shell: takes no arguments (type commands at the prompt)")
		return 2
	}
	sh, ch, err := mf.boot(stdout)
	if err != nil {
		fmt.Fprintf(stderr, "blksim: %v\n", err)
		return 2
	}
	defer sh.Close()
	if !isTerminal(stdin) {
		all, err := io.ReadAll(stdin)
		if err != nil {
			fmt.Fprintf(stderr, "blksim: %v\n", err)
			return 2
		}
		var script strings.Builder
		for _, line := range strings.Split(string(all), "\n") {
			if line = strings.TrimSpace(line); line != "" {
				script.WriteString("# " + strings.TrimPrefix(line, "# ") + "\n")
			}
		}
		fmt.Fprint(stdout, sh.RunTranscript(script.String()))
		return 0
	}
	fmt.Fprintf(stdout, "%s\nsimp_blkdev.ko in /root is %s's driver. Type help for the commands, exit to leave.\n", ch.Title, ch.Package)
	in := bufio.NewScanner(stdin)
	for {
		fmt.Fprint(stdout, "# ")
		if !in.Scan() {
			fmt.Fprintln(stdout)
			return 0
		}
		line := strings.TrimSpace(in.Text())
		if line == "exit" || line == "logout" {
			return 0
		}
		sh.Exec(line)
	}
}

// isTerminal reports whether r is a character device (a terminal).
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
