package quiz

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"simpblkdev/internal/chapters"
)

// Main is blksim quiz: it parses args (what follows "quiz" on the command
// line), prints the problem, or with -c its answers, and returns the exit
// status: 0, or 2 with one line on stderr for a bad flag, step or kind.
func Main(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("blksim quiz", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	step := fs.Int("step", chapters.Latest().Step, "the chapter the problem is about")
	seed := fs.Int64("seed", 1, "which problem: the same seed gives the same problem on every machine")
	kind := fs.String("kind", "", "the kind of problem (default: the step's own; see Kinds)")
	answers := fs.Bool("c", false, "compute the answers: run the problem on the simulated machine")
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "blksim quiz: "+format+"\n", a...)
		return 2
	}
	switch err := fs.Parse(args); {
	case errors.Is(err, flag.ErrHelp):
		usage(stdout, fs)
		return 0
	case err != nil:
		return fail("%v", err)
	}
	if fs.NArg() > 0 {
		return fail("unexpected argument %q (blksim quiz -h says more)", fs.Arg(0))
	}
	if _, ok := chapters.Find(*step); !ok {
		return fail("no step %d: the chapters so far are 1 to %d", *step, chapters.Latest().Step)
	}
	q, err := New(*step, *seed, *kind)
	if err != nil {
		return fail("%v", err)
	}
	q.Write(stdout, *answers)
	return 0
}

func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprint(w, `usage: blksim quiz [flags]

Prints a small problem about a chapter, drawn from the seed, with ? where
the answers go; -c prints the same problem with the answers, computed by
running it on the simulated machine (docs/quiz.md).

Example:
  blksim quiz --step 2 --seed 3
  blksim quiz --step 2 --seed 3 -c

Kinds (--kind):
`)
	for _, k := range Kinds {
		var def []string
		for s := k.From; s <= k.To; s++ {
			if DefaultKind(s) == k.Name {
				def = append(def, fmt.Sprint(s))
			}
		}
		at := "step " + strings.Join(def, "")
		if len(def) > 1 {
			at = "steps " + strings.Join(def, " and ")
		}
		fmt.Fprintf(w, "  %-10s steps %d-%d; the default at %s\n", k.Name, k.From, k.To, at)
		for _, l := range wrap(k.What, 64) {
			fmt.Fprintf(w, "             %s\n", l)
		}
	}
	fmt.Fprintln(w, "\nFlags:")
	fs.SetOutput(w)
	fs.PrintDefaults()
}
