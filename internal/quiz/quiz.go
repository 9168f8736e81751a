package quiz

import (
	"fmt"
	"io"
	"strings"
)

// Quiz is one generated problem: a header naming the chapter and the
// concept, the givens, and the questions, whose answers the simulator
// computed when the quiz was made.
type Quiz struct {
	Title     string   // "chapter 2, the I/O schedulers"
	Step      int      // the chapter
	Kind      string   // the kind of problem
	Seed      int64    // the seed it was drawn from
	Givens    []string // lines: the machine, the disk, what is submitted
	Questions []Question
}

// Question is one question: what to find, and the blanks to fill.
type Question struct {
	Ask    string // one or more lines
	Blanks []Blank
	Why    string // one line of why, shown with the answers; may be ""
}

// Blank is one answer: its label and, computed, its value (which may run
// over several lines).
type Blank struct {
	Label  string
	Answer string
}

// Write prints q as blksim quiz does: with a ? in each blank, or, when
// answers is set, the answers and their why.
func (q *Quiz) Write(w io.Writer, answers bool) {
	fmt.Fprintf(w, "blksim quiz --step %d --seed %d --kind %s\n", q.Step, q.Seed, q.Kind)
	fmt.Fprintf(w, "Chapter %d: %s\n\n", q.Step, q.Title)
	for _, l := range q.Givens {
		fmt.Fprintln(w, strings.TrimRight(l, " "))
	}
	for i, qu := range q.Questions {
		fmt.Fprintln(w)
		for j, l := range strings.Split(qu.Ask, "\n") {
			if j == 0 {
				fmt.Fprintf(w, "Q%d. %s\n", i+1, l)
			} else {
				fmt.Fprintf(w, "    %s\n", l)
			}
		}
		for _, b := range qu.Blanks {
			ans := "?"
			if answers {
				ans = b.Answer
			}
			lines := strings.Split(ans, "\n")
			if len(lines) == 1 {
				fmt.Fprintf(w, "    %s: %s\n", b.Label, ans)
				continue
			}
			fmt.Fprintf(w, "    %s:\n", b.Label)
			for _, l := range lines {
				fmt.Fprintf(w, "      %s\n", l)
			}
		}
		if answers && qu.Why != "" {
			for j, l := range wrap(qu.Why, 80-len("    why: ")) {
				if j == 0 {
					fmt.Fprintf(w, "    why: %s\n", l)
				} else {
					fmt.Fprintf(w, "         %s\n", l)
				}
			}
		}
	}
	if !answers {
		fmt.Fprintf(w, "\nblksim quiz --step %d --seed %d --kind %s -c shows the answers.\n", q.Step, q.Seed, q.Kind)
	}
}

// wrap breaks text into lines of at most width bytes at spaces (a longer
// word gets a line of its own).
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		if line != "" && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return append(lines, line)
}
