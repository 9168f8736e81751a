package main

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestJudge: each verdict from go test -json's events as readEvents
// gathers them, for the cases a real run in TestGrade does not make
// (the runtime's own wording, a kernel thread, a binary killed).
func TestJudge(t *testing.T) {
	s := submission{src: "class/zoe", dir: "/src/simpblkdev/exercises/_grade-1", rel: "exercises/_grade-1"}
	lines := func(text string) []string { return strings.SplitAfter(text, "\n") }
	checks := func(passed int) testRun { return testRun{started: true, running: map[string]bool{}, passed: passed} }
	withOutput := func(tr testRun, text string, running ...string) testRun {
		tr.output = append(tr.output, lines(text)...)
		for _, test := range running {
			tr.running[test] = true
		}
		return tr
	}
	failing := func(tr testRun, names []string, text string) testRun {
		tr.failed = names
		tr.failedOutput = lines(text)
		tr.output = append(tr.output, tr.failedOutput...)
		return tr
	}
	tests := []struct {
		name   string
		tr     testRun
		stderr string
		runErr error
		want   string
	}{
		{"pass", checks(15), "", nil, "PASS        15/15 checks"},
		{"fail", failing(checks(13), []string{"reada is read", "unknown bio_rw fails"}, ""), "", nil,
			"FAIL        13/15  reada is read, unknown bio_rw fails"},
		{"fail, two oopses", failing(checks(12), []string{"a", "b", "c"}, `
    blkdevtest.go:119: a: O_DIRECT write of the whole disk: 0, killed by signal 11 (Segmentation fault)
        oops in simpBlkdevMakeRequest:
        EIP is at simpBlkdevMakeRequest+0x75/0x460 [simp_blkdev]
        EIP is at simpBlkdevMakeRequest+0x75/0x460 [simp_blkdev]
        EIP is at simpBlkdevInit+0x4c/0x2e0 [simp_blkdev]
`), "", nil, "FAIL        12/15  oops in simpBlkdevMakeRequest, simpBlkdevInit; a, b, c"},
		{"compiler error", testRun{started: true, buildFailed: true, build: lines(
			"# simpblkdev/exercises/_grade-1\nexercises/_grade-1/simp_blkdev.go:3:1: syntax error: non-declaration statement outside function body\n")},
			"", errors.New("exit status 1"),
			"BUILD FAIL  simp_blkdev.go:3:1: syntax error: non-declaration statement outside function body"},
		{"setup error", testRun{started: true, buildFailed: true, build: lines(
			"# simpblkdev/exercises/_grade-1\nfound packages ch03reada (check_test.go) and other (other.go) in /src/simpblkdev/exercises/_grade-1\n")},
			"", errors.New("exit status 1"),
			"BUILD FAIL  found packages ch03reada (check_test.go) and other (other.go) in class/zoe"},
		{"the go command fails", testRun{running: map[string]bool{}}, "go: go.mod requires go >= 1.99\n", errors.New("exit status 1"),
			"BUILD FAIL  go: go.mod requires go >= 1.99"},
		{"the kit's deadline", failing(checks(14), []string{"reada is read"}, `
    blkdevtest.go:119: reada is read: hung: submit_bio (check.submit at bios.go:54), still running after 8s; the check goes on running in the background. Where it is:
        	_grade-1.(*simpBlkdev).simpBlkdevMakeRequest  simp_blkdev.go:102
        	blockdev.(*RequestQueue).runMakeRequestFn  oops.go:440
--- FAIL: TestExercise/reada_is_read (8.00s)
    blkdevtest.go:119: unknown bio_rw fails: hung: insmod (blkdevtest.load at machine.go:20), still running after 8s; …
`), "", nil, "TIMEOUT     hung: submit_bio in simpBlkdevMakeRequest"},
		{"the kit's deadline, the driver not on the stack", failing(checks(14), []string{"round trips"}, `
    blkdevtest.go:119: round trips: hung: O_DIRECT write (blkdevtest.checkRoundTrips at io.go:25), still running after 10s; the check goes on running in the background. Where it is:
        	blockdev.(*Kernel).SubmitBioWait  submit.go:50
--- FAIL: TestExercise/round_trips (10.00s)
`), "", nil, "TIMEOUT     hung: O_DIRECT write"},
		{"go test -timeout after the kit's deadline", withOutput(failing(checks(3), []string{"round trips"}, `
    blkdevtest.go:119: round trips: hung: O_DIRECT write (blkdevtest.checkRoundTrips at io.go:25), still running after 10s; the check goes on running in the background. Where it is:
        	_grade-1.(*simpBlkdev).simpBlkdevMakeRequest  simp_blkdev.go:87
`), "panic: test timed out after 2m0s\n", "TestExercise", "TestExercise/insmod_unwinds"), "", errors.New("exit status 1"),
			"TIMEOUT     hung: O_DIRECT write in simpBlkdevMakeRequest"},
		// A chapter 1 request function that kblockd runs: the check waits
		// in its system call, another goroutine is in the driver.
		{"go test -timeout, the driver on a kernel thread", withOutput(checks(0), `=== RUN   TestExercise/round_trips
panic: test timed out after 4s
	running tests:
		TestExercise/round_trips (4s)

goroutine 9 [running]:
testing.(*M).startAlarm.func1()
	/usr/local/go/src/testing/testing.go:2802 +0x354

goroutine 23 [semacquire]:
sync.runtime_SemacquireMutex(0xc000010000?, 0x0?, 0x0?)
	/usr/local/go/src/runtime/sema.go:95 +0x25
simpblkdev/blockdev.(*Kernel).SubmitBioWait(0x1, 0x2)
	/src/simpblkdev/blockdev/submit.go:50 +0x110
simpblkdev/blockdev.(*BlockDevice).WriteDirect(...)
	/src/simpblkdev/blockdev/syscalls.go:110
simpblkdev/blockdev/blkdevtest.checkRoundTrips(0x934080?, 0xbd32dc8370)
	/src/simpblkdev/blockdev/blkdevtest/io.go:25 +0x165

goroutine 31 [sync.Mutex.Lock]:
sync.(*Mutex).Lock(...)
	/usr/local/go/src/sync/mutex.go:46
simpblkdev/exercises/_grade-1.(*simpBlkdev).simpBlkdevDoRequest(0xc0000a2000)
	/src/simpblkdev/exercises/_grade-1/simp_blkdev.go:71 +0x42
simpblkdev/blockdev.(*RequestQueue).runRequestFn.func1()
	/src/simpblkdev/blockdev/oops.go:425 +0x28
created by simpblkdev/blockdev.(*Kernel).kblockd in goroutine 1
	/src/simpblkdev/blockdev/kblockd.go:30 +0x45
`, "TestExercise", "TestExercise/round_trips"), "", errors.New("exit status 1"),
			"TIMEOUT     hung: O_DIRECT write in simpBlkdevDoRequest"},
		{"go test -timeout, nothing on the stacks", withOutput(checks(0), "panic: test timed out after 4s\n\ngoroutine 9 [running]:\ntesting.(*M).startAlarm.func1()\n\t/x.go:1\n", "TestExercise"),
			"", errors.New("exit status 1"), "TIMEOUT     go test -timeout 4s"},
		{"concurrent map writes", withOutput(checks(2), `fatal error: concurrent map writes

goroutine 40 gp=0xc000103dc0 m=3 mp=0xc000100008 [running]:
internal/runtime/maps.fatal({0x6a2b1c?, 0x0?})
	/usr/local/go/src/runtime/panic.go:1058 +0x18
simpblkdev/exercises/_grade-1.(*simpBlkdev).countBio(...)
	/src/simpblkdev/exercises/_grade-1/stats.go:12
simpblkdev/exercises/_grade-1.(*simpBlkdev).simpBlkdevMakeRequest(0xc0000a2000, 0x1, 0x2)
	/src/simpblkdev/exercises/_grade-1/simp_blkdev.go:71 +0x42
`, "TestExercise", "TestExercise/highmem_pages"), "", errors.New("exit status 2"),
			"CRASH       fatal error: concurrent map writes in countBio"},
		{"a test's panic, re-panicked by testing", withOutput(failing(checks(0), []string{"insmod"}, ""), `--- FAIL: TestExercise/insmod (0.00s)
panic: boom [recovered, repanicked]
	panic: boom

goroutine 7 [running]:
testing.tRunner.func1.2({0x6a0e20, 0x7b0c60})
	/usr/local/go/src/testing/testing.go:1872 +0x237
panic({0x6a0e20?, 0x7b0c60?})
	/usr/local/go/src/runtime/panic.go:792 +0x132
simpblkdev/exercises/_grade-1.simpBlkdevInit.func1()
	/src/simpblkdev/exercises/_grade-1/simp_blkdev.go:140 +0x25
`), "", errors.New("exit status 2"), "CRASH       panic: boom in simpBlkdevInit"},
		{"a panic on a goroutine the driver started, in the kernel", withOutput(checks(0), `panic: runtime error: index out of range [4096] with length 4096

goroutine 12 [running]:
simpblkdev/blockdev.BioEndio(0x0, 0x0)
	/src/simpblkdev/blockdev/bio.go:90 +0x25
created by simpblkdev/exercises/_grade-1.(*simpBlkdev).simpBlkdevMakeRequest in goroutine 23
	/src/simpblkdev/exercises/_grade-1/simp_blkdev.go:73 +0x45
`, "TestExercise", "TestExercise/round_trips"), "", errors.New("exit status 2"),
			"CRASH       panic: runtime error: index out of range [4096] with length 4096 in simpBlkdevMakeRequest"},
		{"killed", withOutput(checks(4), "=== RUN   TestExercise/insmod_unwinds\n", "TestExercise", "TestExercise/insmod_unwinds"),
			"", errors.New("signal: killed"), "CRASH       exited without a verdict (signal: killed)"},
		{"no checks", withOutput(checks(0), "ok  \tsimpblkdev/exercises/_grade-1\t0.01s\n"), "", nil, "CRASH       exited without a verdict"},
	}
	for _, tt := range tests {
		r := judge(tt.tr, tt.stderr, tt.runErr, s, 4*time.Second)
		if got := r.line(); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

// TestFuncName: a driver function is named as its source spells it, a
// closure or loop body in it by it.
func TestFuncName(t *testing.T) {
	tests := []struct{ fn, want string }{
		{"simpblkdev/exercises/_grade-1.(*simpBlkdev).simpBlkdevMakeRequest", "simpBlkdevMakeRequest"},
		{"simpblkdev/exercises/_grade-1.(*simpBlkdev).simpBlkdevMakeRequest.func1", "simpBlkdevMakeRequest"},
		{"simpblkdev/exercises/_grade-1.(*simpBlkdev).simpBlkdevMakeRequest.func1.2", "simpBlkdevMakeRequest"},
		{"simpblkdev/exercises/_grade-1.(*simpBlkdev).simpBlkdevMakeRequest-range1", "simpBlkdevMakeRequest"},
		{"simpblkdev/exercises/_grade-1.(*simpBlkdev).simpBlkdevDoRequest-fm", "simpBlkdevDoRequest"},
		{"simpblkdev/exercises/_grade-1.simpBlkdev.getgeo", "getgeo"},
		{"simpblkdev/exercises/_grade-1.simpBlkdevInit.gowrap1", "simpBlkdevInit"},
		{"simpblkdev/exercises/_grade-1.init.0", "init"},
		{"_grade-1.(*simpBlkdev).simpBlkdevMakeRequest", "simpBlkdevMakeRequest"},
	}
	for _, tt := range tests {
		if got := funcName(tt.fn); got != tt.want {
			t.Errorf("funcName(%q) = %q, want %q", tt.fn, got, tt.want)
		}
		if !inPackage(tt.fn, "_grade-1") || inPackage(tt.fn, "_grade-12") {
			t.Errorf("inPackage(%q): want it in _grade-1 alone", tt.fn)
		}
	}
}
