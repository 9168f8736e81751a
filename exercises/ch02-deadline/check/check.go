// Package check is ch02-deadline's checker.
package check

import (
	"simpblkdev/blockdev/blkdevtest"
	"simpblkdev/exercises/exercise"
)

// Exercise is ch02-deadline's checker: chapter 2's checks less the two
// that expect noop ("scheduler", "noop switch fails"), and in their place
// the same two for deadline.
var Exercise = exercise.Exercise{Name: "ch02-deadline", Chapter: 2,
	Replaces: []string{"scheduler", "noop switch fails"},
	Checks: []blkdevtest.Test{
		{Name: "deadline scheduler", Run: checkDeadline},
		{Name: "deadline switch fails", Run: checkSwitchFails},
	}}
