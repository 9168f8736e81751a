package quiz

import (
	"strings"
	"testing"

	"simpblkdev/blockdev/ktest"
)

// TestDocBlocks: docs/quiz.md shows each kind's sample as blksim quiz
// prints it. The bio sample leaves out its givens (the same sort as the
// scheduler's), keeping the header and the answers.
func TestDocBlocks(t *testing.T) {
	for _, c := range []struct {
		block   string
		args    []string
		answers bool // cut the givens, keep the header
	}{
		{"scheduler", []string{"--step", "2", "--seed", "3"}, false},
		{"scheduler -c", []string{"--step", "2", "--seed", "3", "-c"}, false},
		{"bio -c", []string{"--step", "3", "--seed", "2", "-c"}, true},
		{"geometry -c", []string{"--step", "5", "--seed", "2", "-c"}, false},
		{"buddyinfo -c", []string{"--step", "7", "--seed", "3", "-c"}, false},
		{"getparam -c", []string{"--step", "8", "--seed", "2", "-c"}, false},
	} {
		var out, errs strings.Builder
		if st := Main(c.args, &out, &errs); st != 0 {
			t.Fatalf("blksim quiz %s: status %d: %s", strings.Join(c.args, " "), st, errs.String())
		}
		text := out.String()
		if c.answers {
			head, rest, _ := strings.Cut(text, "\n\n")
			_, qs, _ := strings.Cut(rest, "\nQ1. ")
			text = head + "\n...\n\nQ1. " + qs
		}
		ktest.GoldenDocBlock(t, "../../docs/quiz.md", c.block, "$ blksim quiz "+strings.Join(c.args, " ")+"\n"+text)
	}
}
