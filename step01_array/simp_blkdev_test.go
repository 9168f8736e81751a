package step01array

import (
	"testing"

	"simpblkdev/blockdev/blkdevtest"
)

// TestDriver checks the chapter's driver with the driver test kit: all that
// a chapter-1 driver must do (see the kit's documentation). The tests are
// in the package itself, so a copy of this directory checks its own driver
// (docs/exercises.md).
func TestDriver(t *testing.T) {
	blkdevtest.Run(t, Module, blkdevtest.Chapter(1))
}
