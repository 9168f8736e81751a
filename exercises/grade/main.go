// Command grade runs an exercise's checker over a class's submissions and
// prints one line per student:
//
//	go run ./exercises/grade [-timeout D] [-deadline D] EXERCISE DIR
//
// DIR holds one directory per student, each a copy of the exercise's
// package directory (at least simp_blkdev.go): every non-test .go file in
// it is the student's driver; anything else is ignored. For each student
// grade builds a package of those files and the exercise's check_test.go
// in a directory exercises/_grade-* of the module (the leading "_" keeps
// it out of ./...; it is removed afterwards, on Ctrl-C too) and runs
// go test -tags exercise -json -timeout D on it, in a process of its own,
// so that a driver that crashes or hangs the Go runtime costs only that
// student's line; -deadline sets the kit's deadline for one check
// (BLKDEVTEST_DEADLINE). Students are graded a few at a time, as many as
// Go runs threads (GOMAXPROCS), and printed in name order:
//
//	alice  PASS        15/15 checks
//	bob    FAIL        13/15  reada is read, unknown bio_rw fails
//	carol  BUILD FAIL  simp_blkdev.go:87:2: declared and not used: unused
//	dave   TIMEOUT     hung: submit_bio in simpBlkdevMakeRequest
//	eve    FAIL        6/15  oops in simpBlkdevMakeRequest; round trips, highmem pages, no kmap at unload and 6 more
//	frank  CRASH       fatal error: stack overflow in simpBlkdevMakeRequest
//	gina   CRASH       panic: not now in simpBlkdevMakeRequest
//	hank   BUILD FAIL  package solution, want package ch03reada
//	ivan   NO FILES
//
// The exit status is 0 when every student passes, 1 otherwise, 2 on a
// usage error (an unknown exercise, a class directory with no student's
// directory in it).
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
	"runtime"
	"slices"
	"strings"
	"sync"
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
	var opt options
	flags.DurationVar(&opt.timeout, "timeout", 2*time.Minute, "how long one student's go test may run")
	flags.DurationVar(&opt.deadline, "deadline", 0, "how long one check may run before the kit calls it hung (sets BLKDEVTEST_DEADLINE; 0: the kit's own, 10s)")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./exercises/grade [-timeout D] [-deadline D] EXERCISE DIR")
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
	results, err := gradeClass(ctx, root, exercise, class, opt)
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

// gradeClass grades every student directory of class (each but those
// whose names begin with "."), a few at a time (as many as Go runs
// threads), and returns their results in name order. A student whose
// grading Ctrl-C interrupted has no result.
func gradeClass(ctx context.Context, root, exercise, class string, opt options) ([]result, error) {
	exDir := filepath.Join(root, "exercises", exercise)
	checkTest, err := os.ReadFile(filepath.Join(exDir, "check_test.go"))
	if err != nil {
		return nil, fmt.Errorf("no exercise %s: %v", exercise, err)
	}
	entries, err := os.ReadDir(class)
	if err != nil {
		return nil, err
	}
	var students []string
	for _, e := range entries { // os.ReadDir sorts by name
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			students = append(students, e.Name())
		}
	}
	if len(students) == 0 {
		return nil, fmt.Errorf("no submissions in %s (want a directory per student)", class)
	}
	results := make([]result, len(students))
	var wg sync.WaitGroup
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, student := range students {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			if ctx.Err() != nil {
				return
			}
			r := gradeStudent(ctx, root, string(checkTest), filepath.Join(class, student), opt)
			if ctx.Err() == nil {
				r.student = student
				results[i] = r
			}
		})
	}
	wg.Wait()
	return slices.DeleteFunc(results, func(r result) bool { return r.student == "" }), nil
}
