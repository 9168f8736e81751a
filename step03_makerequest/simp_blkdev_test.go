package step03makerequest

import (
	"testing"

	"simpblkdev/blockdev/blkdevtest"
)

// TestDriver checks the chapter's driver with the driver test kit: all that
// every driver must do, with chapter 3's shape (no queue/ in sysfs, no
// scheduler, disk statistics that stay zero) and its bios: HighMem pages
// kmapped, READA read, bio_rw 3 and bios past the end refused with the
// chapter's messages (see the kit's documentation). The tests are in the
// package itself, so a copy of this directory checks its own driver
// (docs/exercises.md).
func TestDriver(t *testing.T) {
	blkdevtest.Run(t, Module, blkdevtest.Chapter(3))
}
