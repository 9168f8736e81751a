package check_test

import (
	"testing"

	skeleton "simpblkdev/exercises/ch09-lazy"
	"simpblkdev/exercises/ch09-lazy/check"
	"simpblkdev/exercises/ch09-lazy/solution"
	"simpblkdev/exercises/exercise"
	_ "simpblkdev/internal/golden"
)

func TestChecker(t *testing.T) {
	exercise.Prove(t, check.Exercise, skeleton.Module, solution.Module,
		[]string{"nothing at insmod", "first write takes the segment", "concurrent first writes", "sizes"})
}
