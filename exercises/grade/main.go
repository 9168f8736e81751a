// Command grade runs an exercise's checker over a class's submissions and
// prints one line per student:
//
//	go run ./exercises/grade [-timeout D] EXERCISE DIR
//
// DIR holds one directory per student, each a copy of the exercise's
// package directory (at least simp_blkdev.go): every non-test .go file in
// it is the student's driver; anything else is ignored. For each student
// grade builds a package of those files and the exercise's check_test.go
// in a directory exercises/_grade-* of the module (the leading "_" keeps
// it out of ./...; it is removed afterwards, on Ctrl-C too) and runs
// go test -tags exercise -json -timeout D on it, in a process of its own,
// so that a driver that crashes or hangs the Go runtime costs only that
// student's line:
//
//	alice   PASS        15/15 checks
//	bob     FAIL        13/15  round trips, highmem pages
//	carol   BUILD FAIL  simp_blkdev.go:42:2: undefined: foo
//	dave    TIMEOUT     hung: insmod
//
// The exit status is 0 when every student passes, 1 otherwise, 2 on a
// usage error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("grade", flag.ContinueOnError)
	flags.SetOutput(stderr)
	timeout := flags.Duration("timeout", 2*time.Minute, "how long one student's go test may run")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./exercises/grade [-timeout D] EXERCISE DIR")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if flags.NArg() != 2 {
		flags.Usage()
		return 2
	}
	root, err := moduleRoot()
	if err != nil {
		fmt.Fprintln(stderr, "grade:", err)
		return 2
	}
	exercise, class := flags.Arg(0), flags.Arg(1)
	results, err := gradeClass(ctx, root, exercise, class, *timeout)
	if err != nil {
		fmt.Fprintln(stderr, "grade:", err)
		return 2
	}
	width := 0
	for _, r := range results {
		width = max(width, len(r.student))
	}
	status := 0
	for _, r := range results {
		fmt.Fprintf(stdout, "%-*s  %s\n", width, r.student, r.line())
		if r.verdict != pass {
			status = 1
		}
	}
	if ctx.Err() != nil {
		return 130
	}
	return status
}

// moduleRoot is the directory of the go.mod above the working directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("not inside the simpblkdev module (no go.mod above the working directory)")
		}
		dir = parent
	}
}

// gradeClass grades every student directory of class, in name order.
func gradeClass(ctx context.Context, root, exercise, class string, timeout time.Duration) ([]result, error) {
	exDir := filepath.Join(root, "exercises", exercise)
	checkTest, err := os.ReadFile(filepath.Join(exDir, "check_test.go"))
	if err != nil {
		return nil, fmt.Errorf("no exercise %s: %v", exercise, err)
	}
	entries, err := os.ReadDir(class)
	if err != nil {
		return nil, err
	}
	var results []result
	for _, e := range entries { // os.ReadDir sorts by name
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if ctx.Err() != nil {
			break
		}
		r := gradeStudent(ctx, root, string(checkTest), filepath.Join(class, e.Name()), timeout)
		r.student = e.Name()
		results = append(results, r)
	}
	return results, nil
}

// gradeStudent builds the student's package next to the exercises and runs
// the checker on it.
func gradeStudent(ctx context.Context, root, checkTest, dir string, timeout time.Duration) result {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return result{verdict: buildFail, detail: err.Error()}
	}
	tmp, err := os.MkdirTemp(filepath.Join(root, "exercises"), "_grade-")
	if err != nil {
		return result{verdict: buildFail, detail: err.Error()}
	}
	defer os.RemoveAll(tmp)
	copied := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return result{verdict: buildFail, detail: err.Error()}
		}
		if err := os.WriteFile(filepath.Join(tmp, filepath.Base(f)), data, 0o644); err != nil {
			return result{verdict: buildFail, detail: err.Error()}
		}
		copied++
	}
	if copied == 0 {
		return result{verdict: buildFail, detail: "no .go files"}
	}
	if err := os.WriteFile(filepath.Join(tmp, "check_test.go"), []byte(checkTest), 0o644); err != nil {
		return result{verdict: buildFail, detail: err.Error()}
	}
	return goTest(ctx, root, tmp, timeout)
}
