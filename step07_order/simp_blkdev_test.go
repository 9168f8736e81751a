package step07order

import (
	"testing"

	"simpblkdev/blockdev/blkdevtest"
)

// TestDriver checks the chapter's driver with the driver test kit: all that
// every driver must do, with chapter 7's shape: chapter 6's, its memory now
// 1024 order-2 segments in a radix tree of 17 nodes, and every page and
// node back after rmmod and after each failed insmod (see the kit's
// documentation). The tests are in the
// package itself, so a copy of this directory checks its own driver
// (docs/exercises.md).
func TestDriver(t *testing.T) {
	blkdevtest.Run(t, Module, blkdevtest.Chapter(7))
}
