package check_test

import (
	"testing"

	skeleton "simpblkdev/exercises/ch04-minors"
	"simpblkdev/exercises/ch04-minors/check"
	"simpblkdev/exercises/ch04-minors/solution"
	"simpblkdev/exercises/exercise"
	_ "simpblkdev/internal/golden"
)

func TestChecker(t *testing.T) {
	exercise.Prove(t, check.Exercise, skeleton.Module, solution.Module,
		[]string{"sysfs", "partitions"})
}
