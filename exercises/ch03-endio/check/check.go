// Package check is exercise ch03-endio's checker.
package check

import (
	"simpblkdev/blockdev/blkdevtest"
	"simpblkdev/exercises/exercise"
)

// Exercise is ch03-endio's checker: chapter 3's checks, which accept the
// chapter's error paths as they are, and two of its own that want each
// failed bio ended.
var Exercise = exercise.Exercise{
	Name:    "ch03-endio",
	Chapter: 3,
	Checks: []blkdevtest.Test{
		{Name: "a bio past the end ends", Run: checkBadRequestEnds},
		{Name: "a bio of unknown bio_rw ends", Run: checkUnknownRwEnds},
	},
}
