// Package check is exercise ch05-cylinders's checker.
package check

import (
	"simpblkdev/blockdev/blkdevtest"
	"simpblkdev/exercises/exercise"
)

// Exercise is ch05-cylinders's checker: chapter 5's checks but
// "geometry", which wants the chapter's 0 cylinders; its own check wants
// 1024.
var Exercise = exercise.Exercise{
	Name:     "ch05-cylinders",
	Chapter:  5,
	Replaces: []string{"geometry"},
	Checks:   []blkdevtest.Test{{Name: "cylinders", Run: checkCylinders}},
}
