package exercise

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/blkdevtest"
	"simpblkdev/blockdev/ktest"
)

// Prove checks both halves of an exercise, as CI must see them: its
// checker fails on the skeleton in exactly the checks skeletonFails names
// and passes on the reference answer, and the skeleton is the answer with
// the answers cut out. It runs in the exercise's check directory
// (exercises/NAME/check), whose parent holds the skeleton and the README,
// and whose sibling solution/ the answer. The README's "checker" golden
// block, and its Chinese twin's (README.zh-CN.md) where there is one,
// must show the skeleton's run as SampleRun words it; -update rewrites
// them.
func Prove(t *testing.T, e Exercise, skeleton, solution *blockdev.ModuleInfo, skeletonFails []string) {
	t.Helper()
	t.Run("skeleton fails", func(t *testing.T) {
		t.Parallel()
		failures := failures(t, e.Check(skeleton))
		var got []string
		for _, f := range failures {
			got = append(got, f.Check)
		}
		if d := cmp.Diff(skeletonFails, got); d != "" {
			t.Errorf("checks the skeleton fails (-want +got):\n%s", d)
		}
		t.Logf("%s: the skeleton fails %s", e.Name, strings.Join(got, ", "))
		sample := SampleRun(e.Name, failures)
		ktest.GoldenDocBlock(t, "../README.md", "checker", sample)
		if _, err := os.Stat("../README.zh-CN.md"); err == nil {
			ktest.GoldenDocBlock(t, "../README.zh-CN.md", "checker", sample)
		}
	})
	t.Run("solution passes", func(t *testing.T) {
		t.Parallel()
		if err := e.Check(solution); err != nil {
			t.Fatalf("the reference answer fails:\n%v", err)
		}
		t.Logf("%s: the reference answer passes", e.Name)
	})
	t.Run("skeleton is the solution less the answers", func(t *testing.T) {
		if err := SameOutsideTODOs("..", "../solution"); err != nil {
			t.Error(err)
		}
	})
}

// failures lists the failed checks err reports, in order.
func failures(t *testing.T, err error) []*blkdevtest.Failure {
	t.Helper()
	if err == nil {
		return nil
	}
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	var fs []*blkdevtest.Failure
	for _, e := range errs {
		var f *blkdevtest.Failure
		if !errors.As(e, &f) {
			t.Fatalf("%v is not a *blkdevtest.Failure", e)
		}
		fs = append(fs, f)
	}
	return fs
}

var (
	todoLine = regexp.MustCompile(`^\s*// TODO (\d+)/(\d+): \S`)
	endLine  = regexp.MustCompile(`^\s*// END TODO (\d+)$`)
)

// SameOutsideTODOs compares the Go files of the skeleton directory with
// the same files in the solution directory. Each file's TODO regions run
// from a line "// TODO n/m: what to do" to a line "// END TODO n"; the
// skeleton has a placeholder inside (or nothing), the solution the answer.
// Outside them the two agree line for line, but for the package clause,
// and their markers are the same; the skeleton's TODOs are numbered 1 to m
// in order across its files taken in name order.
func SameOutsideTODOs(skeletonDir, solutionDir string) error {
	files, err := filepath.Glob(filepath.Join(skeletonDir, "*.go"))
	if err != nil {
		return err
	}
	files = slices.DeleteFunc(files, func(f string) bool { return strings.HasSuffix(f, "_test.go") })
	if len(files) == 0 {
		return fmt.Errorf("%s: no Go files", skeletonDir)
	}
	var todos []todo
	for _, f := range files {
		skel, skelTodos, err := outsideTODOs(f)
		if err != nil {
			return err
		}
		answer := filepath.Join(solutionDir, filepath.Base(f))
		sol, _, err := outsideTODOs(answer)
		if err != nil {
			return err
		}
		if d := cmp.Diff(skel, sol); d != "" {
			return fmt.Errorf("%s and %s differ outside their TODO regions (-skeleton +solution):\n%s", f, answer, d)
		}
		todos = append(todos, skelTodos...)
	}
	for i, td := range todos {
		if td.n != i+1 || td.m != len(todos) {
			return fmt.Errorf("%s: TODO %d/%d, want TODO %d/%d (numbered 1 to m in order, files in name order)", td.where, td.n, td.m, i+1, len(todos))
		}
	}
	if len(todos) == 0 {
		return fmt.Errorf("%s: no TODO for the student", skeletonDir)
	}
	return nil
}

// todo is one "// TODO n/m:" marker and where it is.
type todo struct {
	n, m  int
	where string
}

// outsideTODOs returns file's lines outside its TODO regions, the markers
// kept and the package clause left out, and its TODO markers.
func outsideTODOs(file string) ([]string, []todo, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, nil, err
	}
	var kept []string
	var todos []todo
	open := 0
	for i, line := range strings.Split(string(data), "\n") {
		where := fmt.Sprintf("%s:%d", file, i+1)
		if m := todoLine.FindStringSubmatch(line); m != nil {
			if open != 0 {
				return nil, nil, fmt.Errorf("%s: TODO inside TODO %d", where, open)
			}
			open, _ = strconv.Atoi(m[1])
			of, _ := strconv.Atoi(m[2])
			todos = append(todos, todo{open, of, where})
			kept = append(kept, line)
			continue
		}
		if m := endLine.FindStringSubmatch(line); m != nil {
			if n, _ := strconv.Atoi(m[1]); n != open {
				return nil, nil, fmt.Errorf("%s: END TODO %d closes no open TODO %d", where, n, n)
			}
			open = 0
			kept = append(kept, line)
			continue
		}
		if open != 0 || strings.HasPrefix(line, "package ") {
			continue
		}
		kept = append(kept, line)
	}
	if open != 0 {
		return nil, nil, fmt.Errorf("%s: TODO %d has no END TODO %d", file, open, open)
	}
	return kept, todos, nil
}
