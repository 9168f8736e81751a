package blkdevtest_test

import (
	"errors"
	"slices"
	"testing"

	"simpblkdev/blockdev/blkdevtest"
	step01array "simpblkdev/step01_array"
	step02noop "simpblkdev/step02_noop"
	step03makerequest "simpblkdev/step03_makerequest"
	step04partitions "simpblkdev/step04_partitions"
	step05getgeo "simpblkdev/step05_getgeo"
	step06radix "simpblkdev/step06_radix"
	step07order "simpblkdev/step07_order"
	step08params "simpblkdev/step08_params"
	step09zero "simpblkdev/step09_zero"
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
// switch is not the insmod failure chapter 1 expects. Chapter 2's driver
// has a queue/ and a scheduler where chapter 3's has none, its requests
// are counted in stat, its bad-request line counts sectors, not bytes, and
// it takes a bio_rw of 3 for a write (rq_data_dir reads one bit); chapter
// 3's driver merges nothing, has no queue/ or scheduler, and makes no
// scheduler switch to fail. Chapter 3's disk has one minor where chapter
// 4's has 64 (its range in sysfs, no scan line, no partitions after a
// table is written); chapter 4's driver survives the failure of the page
// its partition scan reads, which chapter 3 expects to fail insmod, and
// has no getgeo, which chapter 5 has; chapter 5's driver answers
// HDIO_GETGEO where chapter 4 expects ENOTTY. Chapter 5's driver keeps its
// disk in the module core (lsmod's 16784008, no radix tree), chapter 6's in
// pages indexed by a tree of 65 nodes, with a core of 6792 bytes; chapter
// 7's in 1024 order-2 segments, a tree of 17 nodes. Chapter 7's driver has
// no size parameter (insmod size=20M is an unknown parameter), chapter 8's
// has one, and a parameters/ directory in /sys/module/simp_blkdev.
// Chapter 8's disk begins with what earlier work left in its pages (user
// A's photo), chapter 9's reads as zeros.
func TestChaptersApart(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		failed []string
	}{
		{"step 1, chapter 2", blkdevtest.Check(step01array.Module, 2), []string{"scheduler", "noop switch fails"}},
		{"step 2, chapter 1", blkdevtest.Check(step02noop.Module, 1), []string{"insmod unwinds", "scheduler"}},
		{"step 2, chapter 3", blkdevtest.Check(step02noop.Module, 3), []string{"round trips", "bad requests", "insmod unwinds", "sysfs", "scheduler", "bios"}},
		{"step 3, chapter 2", blkdevtest.Check(step03makerequest.Module, 2), []string{"round trips", "bad requests", "sysfs", "scheduler", "noop switch fails"}},
		{"step 3, chapter 4", blkdevtest.Check(step03makerequest.Module, 4), []string{"sysfs", "partitions"}},
		{"step 4, chapter 3", blkdevtest.Check(step04partitions.Module, 3), []string{"insmod unwinds", "sysfs", "partitions"}},
		{"step 4, chapter 5", blkdevtest.Check(step04partitions.Module, 5), []string{"geometry"}},
		{"step 5, chapter 4", blkdevtest.Check(step05getgeo.Module, 4), []string{"geometry"}},
		{"step 5, chapter 6", blkdevtest.Check(step05getgeo.Module, 6), []string{"lsmod", "disk memory"}},
		{"step 6, chapter 5", blkdevtest.Check(step06radix.Module, 5), []string{"lsmod", "disk memory"}},
		{"step 6, chapter 7", blkdevtest.Check(step06radix.Module, 7), []string{"disk memory"}},
		{"step 7, chapter 6", blkdevtest.Check(step07order.Module, 6), []string{"disk memory"}},
		{"step 7, chapter 8", blkdevtest.Check(step07order.Module, 8), []string{"sysfs", "size parameter"}},
		{"step 8, chapter 7", blkdevtest.Check(step08params.Module, 7), []string{"sysfs"}},
		{"step 8, chapter 9", blkdevtest.Check(step08params.Module, 9), []string{"zeroed"}},
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
	err := blkdevtest.Check(step09zero.Module, 10)
	if want := "blkdevtest: no checks for chapter 10 (chapters with a step: 1 to 9)"; err == nil || err.Error() != want {
		t.Errorf("Check for chapter 10 = %v, want %q", err, want)
	}
}
