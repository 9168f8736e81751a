package check_test

import (
	"testing"

	skeleton "simpblkdev/exercises/ch08-getparam"
	"simpblkdev/exercises/ch08-getparam/check"
	"simpblkdev/exercises/ch08-getparam/solution"
	"simpblkdev/exercises/exercise"
	_ "simpblkdev/internal/golden"
)

func TestChecker(t *testing.T) {
	exercise.Prove(t, check.Exercise, skeleton.Module, solution.Module,
		[]string{"size parameter", "getparam"})
}
