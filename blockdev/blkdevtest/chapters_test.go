package blkdevtest_test

import (
	"errors"
	"slices"
	"testing"

	"simpblkdev/blockdev/blkdevtest"
	step01array "simpblkdev/step01_array"
	step02noop "simpblkdev/step02_noop"
)

// failedChecks lists the names of the checks err reports failed.
func failedChecks(t *testing.T, err error) []string {
	t.Helper()
	var names []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var f *blkdevtest.Failure
		if !errors.As(e, &f) {
			t.Fatalf("%v is not a *blkdevtest.Failure", e)
		}
		names = append(names, f.Check)
	}
	return names
}

// TestChaptersApart: each step, which passes its own chapter's checks (its
// TestDriver), fails the other chapter's exactly where the chapters differ. Chapter 1's driver
// keeps cfq, so chapter 2's scheduler line and its fallback when the noop
// switch fails are missing; chapter 2's driver shows noop, and its failed
// switch is not the insmod failure chapter 1 expects.
func TestChaptersApart(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		failed []string
	}{
		{"step 1, chapter 2", blkdevtest.Check(step01array.Module, 2), []string{"scheduler", "noop switch fails"}},
		{"step 2, chapter 1", blkdevtest.Check(step02noop.Module, 1), []string{"insmod unwinds", "scheduler"}},
	}
	for _, tt := range tests {
		if tt.err == nil {
			t.Errorf("%s: passed, want %v to fail", tt.name, tt.failed)
			continue
		}
		if got := failedChecks(t, tt.err); !slices.Equal(got, tt.failed) {
			t.Errorf("%s: failed %v, want %v:\n%v", tt.name, got, tt.failed, tt.err)
		}
		t.Logf("%s:\n%v", tt.name, tt.err)
	}
}

// TestUnknownChapter: a chapter without a step has no checks yet, and says so.
func TestUnknownChapter(t *testing.T) {
	if err := blkdevtest.Check(step02noop.Module, 3); err == nil {
		t.Error("Check for chapter 3 passed; it has no checks yet")
	}
}
