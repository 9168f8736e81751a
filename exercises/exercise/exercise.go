// Package exercise is what every exercise's checker is made of: the checks
// of the chapter the skeleton comes from (blockdev/blkdevtest), less those
// the task changes on purpose, plus the exercise's own.
//
// An exercise's check package declares one Exercise; the student's
// check_test.go runs it on the student's driver, and the check package's
// own test proves it on the skeleton and the reference answer (Prove).
// The exercise's own checks load the driver with Load or LoadOpen (or
// Insmod, OpenDisk and Rmmod on a machine they boot), which word their
// failures for the student.
package exercise

import (
	"fmt"
	"slices"
	"testing"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/blkdevtest"
)

// Exercise is one exercise's checker.
type Exercise struct {
	Name     string             // its directory under exercises/, e.g. "ch03-reada"
	Chapter  blkdevtest.Chapter // the chapter whose driver the skeleton is
	Replaces []string           // the chapter's checks the task changes: left out
	Checks   []blkdevtest.Test  // the exercise's own, run after the chapter's
}

// Tests returns the exercise's checks in the order they run: the chapter's
// (less Replaces), then its own.
func (e Exercise) Tests() ([]blkdevtest.Test, error) {
	chapter, err := blkdevtest.Tests(e.Chapter)
	if err != nil {
		return nil, err
	}
	var tests []blkdevtest.Test
	for _, tt := range chapter {
		if !slices.Contains(e.Replaces, tt.Name) {
			tests = append(tests, tt)
		}
	}
	for _, name := range e.Replaces {
		if !slices.ContainsFunc(chapter, func(tt blkdevtest.Test) bool { return tt.Name == name }) {
			return nil, fmt.Errorf("exercise %s: chapter %d has no check %q to replace", e.Name, e.Chapter, name)
		}
	}
	return append(tests, e.Checks...), nil
}

// Check runs the exercise's checks on module and returns nil when the
// driver passes them all, or an error wrapping one *blkdevtest.Failure per
// failed check.
func (e Exercise) Check(module *blockdev.ModuleInfo) error {
	tests, err := e.Tests()
	if err != nil {
		return err
	}
	return blkdevtest.CheckTests(module, tests)
}

// Run runs the exercise's checks on module, each as a subtest of t.
func (e Exercise) Run(t *testing.T, module *blockdev.ModuleInfo) {
	t.Helper()
	tests, err := e.Tests()
	if err != nil {
		t.Fatal(err)
	}
	blkdevtest.RunTests(t, module, tests)
}
