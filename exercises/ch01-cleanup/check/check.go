// Package check is ch01-cleanup's checker.
package check

import (
	"simpblkdev/blockdev/blkdevtest"
	"simpblkdev/exercises/exercise"
)

// Exercise is ch01-cleanup's checker: chapter 1's checks, whose "rmmod
// gives everything back" and "insmod unwinds" judge what is given back,
// and two that judge the order, naming the TODO: the error labels with
// each allocation failing, and whether the disk is gone when
// blk_cleanup_queue runs.
var Exercise = exercise.Exercise{Name: "ch01-cleanup", Chapter: 1,
	Checks: []blkdevtest.Test{
		{Name: "error labels", Run: checkErrorLabels},
		{Name: "exit order", Run: checkExitOrder},
	}}
