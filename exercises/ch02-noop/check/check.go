// Package check is ch02-noop's checker.
package check

import (
	"simpblkdev/exercises/exercise"
)

// Exercise is ch02-noop's checker: chapter 2's own checks, which see the
// noop scheduler in /sys and the fallback line when elevator_init fails.
var Exercise = exercise.Exercise{Name: "ch02-noop", Chapter: 2}
