// Package check is exercise ch03-reada's checker.
package check

import (
	"simpblkdev/blockdev/blkdevtest"
	"simpblkdev/exercises/exercise"
)

// Exercise is ch03-reada's checker: chapter 3's checks, with the kit's
// "bios" check (READA and bio_rw 3 in one, stopping at the first) split
// into one check per TODO.
var Exercise = exercise.Exercise{
	Name:     "ch03-reada",
	Chapter:  3,
	Replaces: []string{"bios"},
	Checks: []blkdevtest.Test{
		{Name: "reada is read", Run: checkReada},
		{Name: "unknown bio_rw fails", Run: checkUnknownRw},
	},
}
