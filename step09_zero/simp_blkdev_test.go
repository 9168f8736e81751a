package step09zero

import (
	"testing"

	"simpblkdev/blockdev/blkdevtest"
)

// TestDriver checks the chapter's driver with the driver test kit: all that
// every driver must do, with chapter 9's shape: chapter 8's, with a disk
// that reads as zeros until written (see the kit's documentation). The tests are in the
// package itself, so a copy of this directory checks its own driver
// (docs/exercises.md).
func TestDriver(t *testing.T) {
	blkdevtest.Run(t, Module, blkdevtest.Chapter(9))
}
