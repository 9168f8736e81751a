package check_test

import (
	"testing"

	skeleton "simpblkdev/exercises/ch08-tunit"
	"simpblkdev/exercises/ch08-tunit/check"
	"simpblkdev/exercises/ch08-tunit/solution"
	"simpblkdev/exercises/exercise"
	_ "simpblkdev/internal/golden"
)

func TestChecker(t *testing.T) {
	exercise.Prove(t, check.Exercise, skeleton.Module, solution.Module,
		[]string{"sizes", "overflow"})
}
