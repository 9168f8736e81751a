package step06radix

import (
	"testing"

	"simpblkdev/blockdev/blkdevtest"
)

// TestDriver checks the chapter's driver with the driver test kit: all that
// every driver must do, with chapter 6's shape: chapter 5's disk, bios and
// geometry, its memory now 4096 pages from the buddy allocator in a radix
// tree of 65 nodes, a module core of 6792 bytes, and every page and node
// back after rmmod and after each failed insmod, a failed radix node
// allocation included (see the kit's documentation). The tests are in the
// package itself, so a copy of this directory checks its own driver
// (docs/exercises.md).
func TestDriver(t *testing.T) {
	blkdevtest.Run(t, Module, blkdevtest.Chapter(6))
}
