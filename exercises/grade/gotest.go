package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// verdict is a student's outcome.
type verdict string

const (
	pass      verdict = "PASS"
	fail      verdict = "FAIL"
	buildFail verdict = "BUILD FAIL"
	timedOut  verdict = "TIMEOUT"
)

// result is one student's summary.
type result struct {
	student        string
	verdict        verdict
	passed, checks int
	failed         []string // the failed checks' names, in order
	detail         string   // the first build error, or what hung
}

func (r result) line() string {
	switch r.verdict {
	case pass:
		return fmt.Sprintf("%-10s  %d/%d checks", r.verdict, r.passed, r.checks)
	case fail:
		return fmt.Sprintf("%-10s  %d/%d  %s", r.verdict, r.passed, r.checks, strings.Join(r.failed, ", "))
	}
	return fmt.Sprintf("%-10s  %s", r.verdict, r.detail)
}

// testEvent is a line of go test -json (cmd/test2json).
type testEvent struct {
	Action string
	Test   string
	Output string
}

// goTest runs the checker on the package in dir and reads its verdict from
// go test -json's events.
func goTest(ctx context.Context, root, dir string, timeout time.Duration) result {
	rel, err := filepath.Rel(root, dir)
	if err != nil {
		return result{verdict: buildFail, detail: err.Error()}
	}
	// go test's own -timeout ends a hung test binary with the stacks of its
	// goroutines; the context ends a build or go command that outlives it.
	ctx, cancel := context.WithTimeout(ctx, timeout+2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "test", "-tags", "exercise", "-json", "-count=1",
		"-timeout", timeout.String(), "./"+filepath.ToSlash(rel))
	cmd.Dir = root
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()

	r := result{}
	var build, output []string
	running := map[string]bool{}
	checkOutput := map[string][]string{} // each check's output lines, to name it
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var ev testEvent
		if json.Unmarshal(sc.Bytes(), &ev) != nil {
			continue
		}
		check, sub := strings.CutPrefix(ev.Test, "TestExercise/")
		check = strings.ReplaceAll(check, "_", " ")
		switch {
		case ev.Action == "build-output":
			build = append(build, ev.Output)
		case ev.Action == "output":
			output = append(output, ev.Output)
			if sub {
				checkOutput[ev.Test] = append(checkOutput[ev.Test], ev.Output)
			}
		case sub && ev.Action == "run":
			running[check] = true
		case sub && ev.Action == "pass":
			r.checks++
			r.passed++
			delete(running, check)
		case sub && ev.Action == "fail":
			r.checks++
			r.failed = append(r.failed, checkName(ev.Test, check, checkOutput[ev.Test]))
			delete(running, check)
		}
	}
	build = append(build, strings.SplitAfter(stderr.String(), "\n")...)
	all := strings.Join(output, "")
	switch {
	case strings.Contains(all, "panic: test timed out"):
		r.verdict = timedOut
		r.detail = "go test -timeout " + timeout.String()
		for _, check := range slices.Sorted(maps.Keys(running)) {
			r.detail = "hung: " + check
			break
		}
	case r.checks == 0:
		r.verdict = buildFail
		r.detail = firstError(build, rel)
		if r.detail == "" {
			r.detail = firstError(output, rel)
		}
		if r.detail == "" && runErr != nil {
			r.detail = runErr.Error()
		}
	case len(r.failed) > 0:
		r.verdict = fail
	default:
		r.verdict = pass
	}
	if r.verdict == fail {
		// A check that hung (blkdevtest's deadline) makes the student's
		// verdict a timeout: "hung: insmod".
		for _, line := range output {
			if i := strings.Index(line, "hung: "); i >= 0 {
				r.verdict, r.detail = timedOut, strings.TrimSpace(line[i:])
				if j := strings.IndexAny(r.detail, "(,"); j > 0 {
					r.detail = strings.TrimSpace(r.detail[:j])
				}
				break
			}
		}
	}
	return r
}

// checkName is the name of the failed check whose subtest is test: go test
// writes a subtest's spaces as underscores, and a check's name may have
// underscores of its own ("unknown bio_rw fails"), so the name comes from
// the check's failure, which blkdevtest prints as "NAME: what is wrong";
// guess, the subtest's name with spaces, when no line says it.
func checkName(test, guess string, output []string) string {
	sub := strings.TrimPrefix(test, "TestExercise/")
	for _, line := range output {
		_, msg, ok := strings.Cut(strings.TrimSpace(line), ": ")
		if !ok {
			continue
		}
		for i := 0; i < len(msg); i++ {
			if msg[i] == ':' && strings.ReplaceAll(msg[:i], " ", "_") == sub {
				return msg[:i]
			}
		}
	}
	return guess
}

// firstError is the first compiler message of lines, its path made the
// student's file name.
func firstError(lines []string, rel string) string {
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") || strings.HasPrefix(l, "FAIL") {
			continue
		}
		l = strings.TrimPrefix(l, filepath.ToSlash(rel)+"/")
		return strings.TrimPrefix(l, "./")
	}
	return ""
}
