package step05getgeo

import (
	"testing"

	"simpblkdev/blockdev/blkdevtest"
)

// TestDriver checks the chapter's driver with the driver test kit: all that
// every driver must do, with chapter 5's shape: chapter 4's partitions and
// bios, and an HDIO_GETGEO answered by the driver's getgeo, 1 head and 32
// sectors a track with the 0 cylinders of the chapter's expression, and the
// partition's start on a partition (see the kit's documentation). The
// tests are in the package itself, so a copy of this directory checks its
// own driver (docs/exercises.md).
func TestDriver(t *testing.T) {
	blkdevtest.Run(t, Module, blkdevtest.Chapter(5))
}
