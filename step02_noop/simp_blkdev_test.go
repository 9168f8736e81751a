package step02noop

import (
	"testing"

	"simpblkdev/blockdev/blkdevtest"
)

// TestDriver checks the chapter's driver with the driver test kit: all that
// a chapter-1 driver must do, with chapter 2's noop scheduler and its
// fallback to cfq when the switch fails (see the kit's documentation). The
// tests are in the package itself, so a copy of this directory checks its
// own driver (docs/exercises.md).
func TestDriver(t *testing.T) {
	blkdevtest.Run(t, Module, blkdevtest.Chapter(2))
}
