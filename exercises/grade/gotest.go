package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"
)

// options are the grader's flags, for each student's go test.
type options struct {
	timeout  time.Duration // go test -timeout
	deadline time.Duration // the kit's deadline for one check (BLKDEVTEST_DEADLINE); 0: the kit's default
}

// testEvent is a line of go test -json (cmd/test2json, and the go
// command's build events).
type testEvent struct {
	Action      string
	Test        string
	Output      string
	FailedBuild string
}

// testRun is what go test -json said.
type testRun struct {
	build        []string // the compiler's and vet's output
	buildFailed  bool
	started      bool     // the go command got as far as the test binary
	output       []string // the test binary's output lines, in order
	passed       int
	failed       []string        // the failed checks' names, in order
	failedOutput []string        // their output lines
	running      map[string]bool // the tests that started and never ended
}

// goTest runs the checker on the submission's package and judges its
// events.
func goTest(ctx context.Context, root string, s submission, opt options) result {
	// go test's own -timeout ends a hung test binary with the stacks of its
	// goroutines; the context ends a build or go command that outlives it.
	ctx, cancel := context.WithTimeout(ctx, opt.timeout+2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "test", "-tags", "exercise", "-json", "-count=1",
		"-timeout", opt.timeout.String(), "./"+s.rel)
	cmd.Dir = root
	// A go command the context killed may leave its test binary holding
	// the output pipes: stop waiting for them.
	cmd.WaitDelay = 10 * time.Second
	if opt.deadline > 0 {
		cmd.Env = append(os.Environ(), "BLKDEVTEST_DEADLINE="+opt.deadline.String())
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	return judge(readEvents(&stdout), stderr.String(), runErr, s, opt.timeout)
}

// readEvents reads go test -json's events.
func readEvents(r io.Reader) testRun {
	tr := testRun{running: map[string]bool{}}
	checkOutput := map[string][]string{} // each check's output lines, to name it
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var ev testEvent
		if json.Unmarshal(sc.Bytes(), &ev) != nil {
			continue
		}
		check, sub := strings.CutPrefix(ev.Test, "TestExercise/")
		switch ev.Action {
		case "build-output":
			tr.build = append(tr.build, ev.Output)
		case "build-fail":
			tr.buildFailed = true
		case "output":
			tr.output = append(tr.output, ev.Output)
			if sub {
				checkOutput[ev.Test] = append(checkOutput[ev.Test], ev.Output)
			}
		case "start":
			tr.started = true
		case "run":
			tr.running[ev.Test] = true
		case "pass", "skip":
			delete(tr.running, ev.Test)
			if sub && ev.Action == "pass" {
				tr.passed++
			}
		case "fail":
			tr.buildFailed = tr.buildFailed || ev.FailedBuild != ""
			delete(tr.running, ev.Test)
			if sub {
				guess := strings.ReplaceAll(check, "_", " ")
				tr.failed = append(tr.failed, checkName(ev.Test, guess, checkOutput[ev.Test]))
				tr.failedOutput = append(tr.failedOutput, checkOutput[ev.Test]...)
			}
		}
	}
	return tr
}

// judge is the verdict on tr, a go test of s under timeout that wrote
// stderr and ended with runErr. A build that failed is BUILD FAIL; a test
// binary that go test -timeout ended is TIMEOUT, where the driver hung;
// one that died of a Go fatal error or a panic no one caught, or ended
// with checks unfinished, is CRASH, where it crashed; a check the kit
// found hung (its deadline) makes the verdict TIMEOUT too; then FAIL and
// PASS.
func judge(tr testRun, stderr string, runErr error, s submission, timeout time.Duration) result {
	r := result{passed: tr.passed, checks: tr.passed + len(tr.failed), failed: tr.failed}
	pkg := s.pkg()
	crash, crashAt := crashLine(tr.output)
	step, fn, hung := kitHung(tr.output, pkg)
	switch {
	case tr.buildFailed || !tr.started:
		r.verdict = buildFail
		r.detail = firstError(append(tr.build, strings.SplitAfter(stderr, "\n")...))
		if r.detail == "" && runErr != nil {
			r.detail = runErr.Error()
		}
	case strings.HasPrefix(crash, "panic: test timed out"):
		r.verdict = timedOut
		if !hung {
			step, fn = hangSite(tr.output[crashAt:], pkg)
		}
		r.detail = hungDetail(step, fn, "go test -timeout "+timeout.String())
	case crash != "":
		r.verdict, r.detail = crashed, crash
		if fn := crashSite(tr.output[crashAt:], pkg); fn != "" {
			r.detail += " in " + fn
		}
	case len(tr.running) > 0 || r.checks == 0:
		r.verdict, r.detail = crashed, "exited without a verdict"
		if runErr != nil {
			r.detail += " (" + runErr.Error() + ")"
		}
	case hung:
		r.verdict, r.detail = timedOut, hungDetail(step, fn, "")
	case len(r.failed) > 0:
		r.verdict, r.oopses = fail, oopsFuncs(tr.failedOutput)
	default:
		r.verdict = pass
	}
	r.detail = s.scrub(r.detail)
	return r
}

// crashLine is the first of output's lines with which the Go runtime
// reports its death, "fatal error: stack overflow" or "panic: not now"
// (less a re-panic's " [recovered]"), and its index; "" when it has none.
func crashLine(output []string) (string, int) {
	for i, l := range output {
		if strings.HasPrefix(l, "fatal error: ") || strings.HasPrefix(l, "panic: ") {
			l = strings.TrimRight(l, "\n")
			if j := strings.Index(l, " [recovered"); j > 0 {
				l = l[:j]
			}
			return l, i
		}
	}
	return "", -1
}

// hungDetail is "hung: STEP in FUNC", or unknown when neither is known.
func hungDetail(step, fn, unknown string) string {
	if step == "" && fn == "" && unknown != "" {
		return unknown
	}
	if step == "" {
		step = "the check"
	}
	if fn != "" {
		return "hung: " + step + " in " + fn
	}
	return "hung: " + step
}
