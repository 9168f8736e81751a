package blksim

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"simpblkdev/internal/chapters"
)

func (c *cli) tourCmd() subcommand {
	if c.own != nil {
		return subcommand{
			name:    "tour",
			what:    fmt.Sprintf("tour replays chapter %d's session on a freshly booted machine in the chapter's directory, with your driver as the simp_blkdev.ko make builds there: what blksim tour %d shows of the chapter's own driver, or where this one differs.", c.step, c.step),
			example: c.invoke + " tour",
		}
	}
	return subcommand{
		name:    "tour",
		args:    " [CHAPTER...]",
		what:    "tour replays the chapters' sessions, each on a freshly booted machine in the chapter's directory: every chapter, or the ones named (as arguments or with --step), in the order given.",
		example: "blksim tour\nblksim tour 2\nblksim tour --step 1",
	}
}

// tour replays the chapters' sessions, each on a fresh machine: for a
// student's command, its chapter's on its driver.
func (c *cli) tour(args []string) int {
	sc := c.tourCmd()
	var mf machineFlags
	fs := c.newFlagSet(sc, &mf)
	if done, status := c.parseFlags(fs, sc, args); done {
		return status
	}
	var steps []int
	if c.own != nil {
		if fs.NArg() != 0 {
			return c.failf(sc.name, "takes no arguments: it replays chapter %d's session", c.step)
		}
		steps = append(steps, c.step)
	}
	if stepFlagSet(fs) {
		steps = append(steps, mf.step)
	}
	for _, a := range fs.Args() {
		n, err := strconv.Atoi(a)
		if err != nil {
			return c.failf(sc.name, "%q is not a chapter number", a)
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
			return c.failf(sc.name, "%v", noStep(n))
		}
	}
	for i, n := range steps {
		mf.step = n
		sh, ch, err := c.boot(&mf)
		if err != nil {
			return c.failf(sc.name, "%v", err)
		}
		if i > 0 {
			fmt.Fprintln(c.stdout)
		}
		fmt.Fprintf(c.stdout, "==> %s (%s)\n\n", ch.Title, c.source(ch))
		sh.WriteTranscript(c.stdout, ch.Session)
		sh.Close()
	}
	return 0
}

func (c *cli) runCmd() subcommand {
	example := "blksim run --step 1 step01_array/testdata/ch01-array.txt\nprintf '# make\\n# insmod simp_blkdev.ko\\n# lsmod\\n' | blksim run --step 2 -"
	if c.own != nil {
		example = c.invoke + " run session.txt\nprintf '# make\\n# insmod simp_blkdev.ko\\n# lsmod\\n' | " + c.invoke + " run -"
	}
	return subcommand{
		name:    "run",
		args:    " SCRIPT|-",
		what:    "run runs the commands of a session script (lines beginning with \"# \"; the lines under them are ignored) on a freshly booted machine in the chapter's directory, and prints the session as it happened; - reads the script from standard input. The exit status is exit's when the script runs exit (exit N: N; exit alone: the status of the command before it), else 0 however its commands fared: a transcript shows failing commands on purpose.",
		example: example,
	}
}

// runScript runs one session script and prints its transcript.
func (c *cli) runScript(args []string) int {
	sc := c.runCmd()
	var mf machineFlags
	fs := c.newFlagSet(sc, &mf)
	if done, status := c.parseFlags(fs, sc, args); done {
		return status
	}
	if fs.NArg() != 1 {
		return c.failf(sc.name, "want one SCRIPT, or - for standard input (a session: lines beginning with \"# \" are commands)")
	}
	name, script, err := c.readScript(fs.Arg(0))
	if err != nil {
		return c.failf(sc.name, "%v", err)
	}
	if !strings.Contains("\n"+string(script), "\n# ") {
		return c.failf(sc.name, "%s has no commands: a session's commands are lines beginning with \"# \"", name)
	}
	sh, _, err := c.boot(&mf)
	if err != nil {
		return c.failf(sc.name, "%v", err)
	}
	defer sh.Close()
	sh.WriteTranscript(c.stdout, string(script))
	// A transcript's commands failing is normal (the sessions show
	// errors on purpose), so only an exit the script runs sets the status.
	if exited, status := sh.Exited(); exited {
		return status
	}
	return 0
}

// readScript reads the session script arg names, - for standard input,
// and returns the name to report it by.
func (c *cli) readScript(arg string) (name string, script []byte, err error) {
	if arg == "-" {
		script, err = io.ReadAll(c.stdin)
		return "standard input", script, err
	}
	script, err = os.ReadFile(arg)
	return arg, script, err
}

func (c *cli) shellCmd() subcommand {
	what := "shell gives a root prompt on a freshly booted machine, in the chapter's directory: make builds simp_blkdev.ko (the chapter's Go code, compiled into blksim), insmod loads it. "
	example := "blksim shell --step 2\nprintf 'make\\ninsmod simp_blkdev.ko\\nlsmod\\n' | blksim shell --step 1"
	if c.own != nil {
		what = fmt.Sprintf("shell gives a root prompt on a freshly booted machine, in chapter %d's directory: make builds simp_blkdev.ko (your driver, compiled into %s), insmod loads it; %s alone does the same. ", c.step, c.name, c.invoke)
		example = c.invoke + "\nprintf 'make\\ninsmod simp_blkdev.ko\\nlsmod\\n' | " + c.invoke + " shell"
	}
	return subcommand{
		name:    "shell",
		what:    what + "When standard input is not a terminal, its lines are the commands, the output is the session's transcript, and the program exits, as bash reading a pipe does, with the status of the last command run (127 for one not found) or the N of exit N.",
		example: example,
	}
}

// interactive is a root prompt. When stdin is not a terminal the commands
// come from it and the output is the session's transcript.
func (c *cli) interactive(args []string) int {
	sc := c.shellCmd()
	var mf machineFlags
	fs := c.newFlagSet(sc, &mf)
	if done, status := c.parseFlags(fs, sc, args); done {
		return status
	}
	if fs.NArg() != 0 {
		return c.failf(sc.name, "takes no arguments (type commands at the prompt)")
	}
	sh, ch, err := c.boot(&mf)
	if err != nil {
		return c.failf(sc.name, "%v", err)
	}
	defer sh.Close()
	if !isTerminal(c.stdin) {
		all, err := io.ReadAll(c.stdin)
		if err != nil {
			return c.failf(sc.name, "%v", err)
		}
		var script strings.Builder
		for _, line := range strings.Split(string(all), "\n") {
			if line = strings.TrimSpace(line); line != "" {
				script.WriteString("# " + strings.TrimPrefix(line, "# ") + "\n")
			}
		}
		sh.WriteTranscript(c.stdout, script.String())
		// As bash reading a pipe: the status of exit, or else of the
		// last command run.
		_, status := sh.Exited()
		return status
	}
	inFile, _ := c.stdin.(*os.File)
	outFile, ok := c.stdout.(*os.File)
	if !ok || !isTerminal(outFile) {
		return plainPrompt(sh, c.banner(ch), c.stdin, c.stdout)
	}
	return c.lineEditor(sh, c.banner(ch), inFile, outFile)
}

// banner is what the prompt says first.
func (c *cli) banner(ch chapters.Chapter) string {
	from := ch.Package + "'s driver"
	if c.own != nil {
		from = "your driver"
	}
	return fmt.Sprintf("%s\nmake builds simp_blkdev.ko here from %s, Go compiled into %s. Type help for the commands, exit to leave.\n", ch.Title, from, c.name)
}
