package main

import (
	"slices"
	"strings"
)

// The kit (blockdev/blkdevtest) words a check's failure as
// "NAME: what is wrong", adds a driver's oops to it ("oops in
// simpBlkdevMakeRequest:" and the oops's text, "EIP is at
// simpBlkdevMakeRequest+0x75/0x460 [simp_blkdev]"), and fails a check
// still running at its deadline with "NAME: hung: STEP (CALLER), still
// running after D; … Where it is:" and the hung goroutine's frames, one a
// line, "\t_grade-123.(*simpBlkdev).simpBlkdevMakeRequest  simp_blkdev.go:87".

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

// kitHung is the first "hung:" failure of output: its step and the driver
// function (of the package whose last path element is pkg) innermost in
// the frames below it, "" when they do not show the driver; ok is false
// when no check hung.
func kitHung(output []string, pkg string) (step, fn string, ok bool) {
	for i, line := range output {
		_, msg, found := strings.Cut(line, ": hung: ")
		if !found {
			continue
		}
		step = strings.TrimSpace(msg)
		if j := strings.IndexAny(step, "(,"); j > 0 {
			step = strings.TrimSpace(step[:j])
		}
		for _, frame := range output[i+1:] {
			frame = strings.TrimSpace(frame)
			if strings.HasPrefix(frame, "--- ") || strings.HasPrefix(frame, "=== ") {
				break // the check's end
			}
			if f, _, _ := strings.Cut(frame, "  "); inPackage(f, pkg) {
				fn = funcName(f)
				break
			}
		}
		return step, fn, true
	}
	return "", "", false
}

// oopsFuncs are the functions output's oopses were in ("EIP is at NAME+0x…"),
// each once, in order.
func oopsFuncs(output []string) []string {
	var funcs []string
	for _, line := range output {
		_, at, ok := strings.Cut(line, "EIP is at ")
		if !ok {
			continue
		}
		if i := strings.Index(at, "+0x"); i > 0 {
			at = at[:i]
		}
		if at = strings.TrimSpace(at); !slices.Contains(funcs, at) {
			funcs = append(funcs, at)
		}
	}
	return funcs
}
