package main

import (
	"fmt"
	"strings"
)

// verdict is a student's outcome.
type verdict string

const (
	pass      verdict = "PASS"
	fail      verdict = "FAIL"
	buildFail verdict = "BUILD FAIL" // a compile or vet error, or a package the checker cannot build with
	timedOut  verdict = "TIMEOUT"    // the driver hung: the kit's deadline, or go test -timeout
	crashed   verdict = "CRASH"      // the test binary died without a verdict (a Go fatal error, a panic the kernel could not catch)
	noFiles   verdict = "NO FILES"   // the student's directory has no driver source
)

// maxNamed is how many failed checks a FAIL line names before it counts
// the rest, to keep to a line; the student's own go test names them all.
const maxNamed = 3

// result is one student's summary.
type result struct {
	student        string
	verdict        verdict
	passed, checks int
	failed         []string // the failed checks' names, in order
	oopses         []string // the driver functions the failed checks' oopses were in, in order
	detail         string   // the first build error, what hung or what crashed
}

// line is the result as the grader prints it after the student's name:
//
//	PASS        15/15 checks
//	FAIL        6/15  oops in simpBlkdevMakeRequest; round trips, highmem pages, no kmap at unload and 6 more
//	CRASH       fatal error: stack overflow in simpBlkdevMakeRequest
func (r result) line() string {
	switch r.verdict {
	case pass:
		return fmt.Sprintf("%-10s  %d/%d checks", r.verdict, r.passed, r.checks)
	case fail:
		failed := strings.Join(r.failed, ", ")
		if len(r.failed) > maxNamed+1 {
			failed = fmt.Sprintf("%s and %d more", strings.Join(r.failed[:maxNamed], ", "), len(r.failed)-maxNamed)
		}
		if len(r.oopses) > 0 {
			failed = "oops in " + strings.Join(r.oopses, ", ") + "; " + failed
		}
		return fmt.Sprintf("%-10s  %d/%d  %s", r.verdict, r.passed, r.checks, failed)
	}
	return strings.TrimRight(fmt.Sprintf("%-10s  %s", r.verdict, r.detail), " ")
}
