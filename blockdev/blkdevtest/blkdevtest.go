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
// that panics fails the check it panicked in.
func Check(module *blockdev.ModuleInfo, ch Chapter) error {
	spec, cs, err := lookup(ch)
	if err != nil {
		return err
	}
	var errs []error
	for _, c := range cs {
		if err := runCheck(c, module, spec); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Run runs chapter ch's checks on module, each as a subtest of t named after
// the check.
func Run(t *testing.T, module *blockdev.ModuleInfo, ch Chapter) {
	t.Helper()
	spec, cs, err := lookup(ch)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		t.Run(c.name, func(t *testing.T) {
			if err := runCheck(c, module, spec); err != nil {
				t.Error(err)
			}
		})
	}
}

func lookup(ch Chapter) (*chapter, []check, error) {
	spec, ok := chapters[ch]
	if !ok {
		return nil, nil, fmt.Errorf("blkdevtest: no checks for chapter %d (chapters with a step: 1 to %d)", int(ch), len(chapters))
	}
	return spec, append(append([]check(nil), checks...), spec.extra...), nil
}

func runCheck(c check, module *blockdev.ModuleInfo, spec *chapter) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &Failure{c.name, fmt.Errorf("panic: %v", r)}
		}
	}()
	if err := c.run(module, spec); err != nil {
		return &Failure{c.name, err}
	}
	return nil
}
