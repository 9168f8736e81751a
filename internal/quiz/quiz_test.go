package quiz

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"simpblkdev/blockdev/ktest"
	_ "simpblkdev/internal/golden" // accepts go test ./... -update
)

// goldenCases are the quizzes kept in testdata: every kind at the steps it
// is the default for (chapter 1's scheduler once), seeds 1 to 3.
var goldenCases = func() []struct {
	step int
	kind string
	seed int64
} {
	var cs []struct {
		step int
		kind string
		seed int64
	}
	for _, sk := range []struct {
		step int
		kind string
	}{{2, "scheduler"}, {3, "bio"}, {5, "geometry"}, {6, "buddyinfo"}, {7, "buddyinfo"}, {8, "getparam"}} {
		for seed := int64(1); seed <= 3; seed++ {
			cs = append(cs, struct {
				step int
				kind string
				seed int64
			}{sk.step, sk.kind, seed})
		}
	}
	return append(cs, struct {
		step int
		kind string
		seed int64
	}{1, "scheduler", 1})
}()

// transcript is blksim quiz's output for the problem, then for its
// answers, each under the command line that prints it. (Main's own flags
// and errors are main_test.go's; the quiz is made once for both.)
func transcript(t *testing.T, step int, kind string, seed int64) string {
	t.Helper()
	q, err := New(step, seed, kind)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	cmd := fmt.Sprintf("blksim quiz --step %d --seed %d --kind %s", step, seed, kind)
	fmt.Fprintf(&b, "$ %s\n", cmd)
	q.Write(&b, false)
	fmt.Fprintf(&b, "\n$ %s -c\n", cmd)
	q.Write(&b, true)
	return b.String()
}

// TestGolden: each kind's problems and answers, as blksim quiz prints them
// (testdata/KIND-stepN-seedS.txt).
func TestGolden(t *testing.T) {
	for _, c := range goldenCases {
		name := fmt.Sprintf("%s-step%d-seed%d", c.kind, c.step, c.seed)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ktest.Golden(t, "testdata/"+name+".txt", transcript(t, c.step, c.kind, c.seed))
		})
	}
}

// TestProblemHasNoAnswers: without -c every blank is a ?, and the answers
// print the same problem: the lines before the first question agree.
func TestProblemHasNoAnswers(t *testing.T) {
	for _, k := range Kinds {
		t.Run(k.Name, func(t *testing.T) {
			q, err := New(k.From, 2, k.Name)
			if err != nil {
				t.Fatal(err)
			}
			var problem, answers strings.Builder
			q.Write(&problem, false)
			q.Write(&answers, true)
			for _, qu := range q.Questions {
				for _, b := range qu.Blanks {
					if want := "    " + b.Label + ": ?\n"; !strings.Contains(problem.String(), want) {
						t.Errorf("the problem has no %q", want)
					}
					if b.Answer == "" || b.Answer == "?" {
						t.Errorf("%s: no answer", b.Label)
					}
				}
			}
			head := func(s string) string { h, _, _ := strings.Cut(s, "\nQ1. "); return h }
			if d := cmp.Diff(head(problem.String()), head(answers.String())); d != "" {
				t.Errorf("the problem and its answers differ before Q1 (-problem +answers):\n%s", d)
			}
		})
	}
}

// TestDeterministic: the same step, seed and kind make the same quiz, also
// when several are made at once (each on machines of its own), and other
// seeds make other quizzes.
func TestDeterministic(t *testing.T) {
	for _, k := range Kinds {
		t.Run(k.Name, func(t *testing.T) {
			t.Parallel()
			first := answersOf(t, k.From, 7, k.Name)
			var wg sync.WaitGroup
			got := make([]string, 2)
			for i := range got {
				wg.Add(1)
				go func() {
					defer wg.Done()
					got[i] = answersOf(t, k.From, 7, k.Name)
				}()
			}
			wg.Wait()
			for _, g := range got {
				if d := cmp.Diff(first, g); d != "" {
					t.Errorf("seed 7 made two quizzes (-first +again):\n%s", d)
				}
			}
			if other := answersOf(t, k.From, 8, k.Name); other == first {
				t.Errorf("seeds 7 and 8 made the same %s quiz", k.Name)
			}
		})
	}
}

// answersOf is the quiz with its answers, the seed in its command lines
// written as S. It may run in a goroutine of its own.
func answersOf(t *testing.T, step int, seed int64, kind string) string {
	q, err := New(step, seed, kind)
	if err != nil {
		t.Error(err)
		return ""
	}
	var b strings.Builder
	q.Write(&b, true)
	return strings.ReplaceAll(b.String(), fmt.Sprintf("--seed %d", seed), "--seed S")
}
