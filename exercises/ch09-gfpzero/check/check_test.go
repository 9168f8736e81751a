package check_test

import (
	"testing"

	skeleton "simpblkdev/exercises/ch09-gfpzero"
	"simpblkdev/exercises/ch09-gfpzero/check"
	"simpblkdev/exercises/ch09-gfpzero/solution"
	"simpblkdev/exercises/exercise"
	_ "simpblkdev/internal/golden"
)

func TestChecker(t *testing.T) {
	exercise.Prove(t, check.Exercise, skeleton.Module, solution.Module,
		[]string{"zeroed", "the last user's data"})
}
