package step08params

import (
	"testing"

	"simpblkdev/blockdev/blkdevtest"
)

// TestDriver checks the chapter's driver with the driver test kit: all that
// every driver must do, with chapter 8's shape: chapter 7's with the
// default size=16M, a read-only size parameter in sysfs, sizes given in
// every unit giving the same disk, and bad sizes failing insmod with
// EINVAL or ENOMEM with everything given back (see the kit's
// documentation). The tests are in the
// package itself, so a copy of this directory checks its own driver
// (docs/exercises.md).
func TestDriver(t *testing.T) {
	blkdevtest.Run(t, Module, blkdevtest.Chapter(8))
}
