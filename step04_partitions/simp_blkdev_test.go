package step04partitions

import (
	"testing"

	"simpblkdev/blockdev/blkdevtest"
)

// TestDriver checks the chapter's driver with the driver test kit: all that
// every driver must do, with chapter 4's shape: chapter 3's bios and sysfs
// (no queue/), and a disk of 64 minors, whose table add_disk and BLKRRPART
// read, whose partitions get their nodes and take I/O remapped onto the
// disk (see the kit's documentation). The tests are in the package itself,
// so a copy of this directory checks its own driver (docs/exercises.md).
func TestDriver(t *testing.T) {
	blkdevtest.Run(t, Module, blkdevtest.Chapter(4))
}
