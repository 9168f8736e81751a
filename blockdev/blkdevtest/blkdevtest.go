package blkdevtest

import (
	"errors"
	"fmt"
	"testing"

	"simpblkdev/blockdev"
)

// Chapter is a chapter of the tutorial, 1 to 9.
type Chapter int

// Failure is one check that a driver failed: Check's error wraps one per
// failed check (errors.As finds the first; Unwrap() []error lists them all).
type Failure struct {
	Check string // the check's name, as Run names its subtest
	Err   error
}

func (f *Failure) Error() string { return f.Check + ": " + f.Err.Error() }

func (f *Failure) Unwrap() error { return f.Err }

// check is one thing every driver of a chapter must do; run boots its own
// machines, so checks are independent of each other.
type check struct {
	name string
	run  func(module *blockdev.ModuleInfo, ch *chapter) error
}

// checks lists what every chapter's driver must do, in the order of the
// package documentation; a chapter's own checks follow them (chapter.extra).
var checks = []check{
	{"round trips", checkRoundTrips},
	{"highmem pages", checkHighMem},
	{"bad requests", checkBadRequests},
	{"no kmap at unload", checkKmapsAtUnload},
	{"rmmod gives everything back", checkRmmodFrees},
	{"insmod unwinds", checkInsmodUnwinds},
	{"used by", checkUsedBy},
	{"sysfs", checkSysfs},
	{"lsmod", checkLsmod},
	{"disk memory", checkDiskMemory},
	{"scheduler", checkScheduler},
	{"partitions", checkPartitions},
	{"geometry", checkGeometry},
}

// Check runs chapter ch's checks on module and returns nil when the driver
// passes them all, or an error listing each failure (see Failure). A driver
// that oopses fails the check it oopsed in, with the oops; a check that
// does not end within Deadline fails as hung (guard.go); the other checks
// run all the same.
func Check(module *blockdev.ModuleInfo, ch Chapter) error {
	tests, err := Tests(ch)
	if err != nil {
		return err
	}
	return CheckTests(module, tests)
}

// Run runs chapter ch's checks on module, each as a subtest of t named after
// the check.
func Run(t *testing.T, module *blockdev.ModuleInfo, ch Chapter) {
	t.Helper()
	tests, err := Tests(ch)
	if err != nil {
		t.Fatal(err)
	}
	RunTests(t, module, tests)
}

// Test is one check as Check runs it: Run boots machines of its own and
// says what is wrong with the driver, or returns nil. Tests(ch) gives a
// chapter's; an exercise (exercises/exercise) leaves out those its task
// changes and adds its own.
type Test struct {
	Name string
	Run  func(module *blockdev.ModuleInfo) error
}

// Tests returns chapter ch's checks in the order Check runs them: what
// every chapter's driver must do, then the chapter's own.
func Tests(ch Chapter) ([]Test, error) {
	spec, ok := chapters[ch]
	if !ok {
		return nil, fmt.Errorf("blkdevtest: no checks for chapter %d (chapters with a step: 1 to %d)", int(ch), len(chapters))
	}
	var tests []Test
	for _, c := range append(append([]check(nil), checks...), spec.extra...) {
		tests = append(tests, Test{c.name, func(module *blockdev.ModuleInfo) error { return c.run(module, spec) }})
	}
	return tests, nil
}

// CheckTests runs tests on module as Check runs a chapter's, returning nil
// when the driver passes them all, or an error wrapping one Failure per
// failed test.
func CheckTests(module *blockdev.ModuleInfo, tests []Test) error {
	var errs []error
	deadline, shown := Deadline(), shownOopses{}
	for _, tt := range tests {
		if err := runTest(tt, module, deadline, shown); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// RunTests runs tests on module as Run runs a chapter's, each as a subtest
// of t named after the test.
func RunTests(t *testing.T, module *blockdev.ModuleInfo, tests []Test) {
	t.Helper()
	deadline, shown := Deadline(), shownOopses{}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			if err := runTest(tt, module, deadline, shown); err != nil {
				t.Error(err)
			}
		})
	}
}
