package blksim

import (
	"errors"
	"fmt"
	"strings"

	"simpblkdev/blockdev/shell"
	"simpblkdev/internal/diff"
)

func (c *cli) checkCmd() subcommand {
	example := "blksim check --step 2 step02_noop/testdata/ch02-noop.txt\nblksim check --step 1 --host none - < handout.txt"
	if c.own != nil {
		example = c.invoke + " check handout.txt\n" + c.invoke + " check --host none - < handout.txt"
	}
	return subcommand{
		name: "check",
		args: " SCRIPT|-",
		what: "check replays a session script (lines beginning with \"# \" are commands, the lines under each one its output) on a freshly booted machine in the chapter's directory, as run does, and compares the transcript with the script: " +
			"the exit status is 0 when they are the same, 1 when they differ, with the differences as a unified diff (- the script's lines, + the replay's); - reads the script from standard input. " +
			"A teacher's transcript is then the specification a driver is checked against. " +
			"A malformed script is an error naming its line, with status 2: output before the first command, or a command that does not end on its line (an open quote, a trailing |), which bash at a prompt would read on from.",
		example: example,
	}
}

// check replays a session script and compares the transcript with it.
func (c *cli) check(args []string) int {
	sc := c.checkCmd()
	var mf machineFlags
	fs := c.newFlagSet(sc, &mf)
	if done, status := c.parseFlags(fs, sc, args); done {
		return status
	}
	if fs.NArg() != 1 {
		return c.failf(sc.name, "want one SCRIPT, or - for standard input (a session: lines beginning with \"# \" are commands, the lines under them their output)")
	}
	name, script, err := c.readScript(fs.Arg(0))
	if err != nil {
		return c.failf(sc.name, "%v", err)
	}
	want, commands, err := expectedTranscript(string(script))
	if err != nil {
		return c.failf(sc.name, "%s%v", name, err)
	}
	sh, ch, err := c.boot(&mf)
	if err != nil {
		return c.failf(sc.name, "%v", err)
	}
	defer sh.Close()
	got := &boundedBuffer{max: len(want) + replayMargin}
	sh.WriteTranscript(got, want)
	if d := diff.Unified(name, "replayed on "+c.source(ch), want, got.String()); d != "" {
		fmt.Fprint(c.stdout, d)
		if trimTrailingSpace(want) == trimTrailingSpace(got.String()) {
			fmt.Fprintf(c.stdout, "(the lines differ only in white space at their ends: the output has spaces the script's lines lack, as when an editor strips them)\n")
		}
		return 1
	}
	fmt.Fprintf(c.stdout, "%s: %d commands, their output as the script shows it (%s's driver)\n", name, commands, c.source(ch))
	return 0
}

// scriptError is what is wrong with a session script, and where.
type scriptError struct {
	line int
	what string
}

func (e *scriptError) Error() string { return fmt.Sprintf(":%d: %s", e.line, e.what) }

// expectedTranscript is the transcript a session script claims: the script
// itself, with Windows line ends read as newlines (the shell reads its
// commands so) and a last line ended, and the number of its commands. A
// script that cannot be one is an error: no commands at all; a line of
// output before the first command (binary data among them: a file that
// is no script); a command that is not one line (Unfinished), or holds a
// NUL byte, which no command line can.
func expectedTranscript(script string) (string, int, error) {
	script = strings.ReplaceAll(script, "\r\n", "\n")
	if script != "" && !strings.HasSuffix(script, "\n") {
		script += "\n"
	}
	commands := 0
	var lines []string
	if script != "" {
		lines = strings.Split(strings.TrimSuffix(script, "\n"), "\n")
	}
	for i, line := range lines {
		n := i + 1
		if line != "#" && !strings.HasPrefix(line, "# ") {
			if commands > 0 {
				continue
			}
			if strings.ContainsRune(line, 0) {
				return "", 0, &scriptError{n, "binary data (a NUL byte) where the first command should be: not a session script"}
			}
			what := `output before the first command: a session begins with a command line, "# " and the command`
			if strings.HasPrefix(line, "#") {
				what += ` (a space after the "#")`
			}
			return "", 0, &scriptError{n, what}
		}
		cmd := strings.TrimPrefix(strings.TrimPrefix(line, "#"), " ")
		if strings.ContainsRune(cmd, 0) {
			return "", 0, &scriptError{n, "a NUL byte in the command: no command line holds one"}
		}
		if why := shell.Unfinished(cmd); why != "" {
			return "", 0, &scriptError{n, "the command does not end on its line (" + why + "): bash at a prompt would read the next line as its rest, and a session's command is one line"}
		}
		commands++
	}
	if commands == 0 {
		return "", 0, errors.New(` has no commands: a session's commands are lines beginning with "# "`)
	}
	return script, commands, nil
}

// trimTrailingSpace is s with the spaces and tabs at the end of each line
// taken off.
func trimTrailingSpace(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.Join(lines, "\n")
}
