package check_test

import (
	"testing"

	skeleton "simpblkdev/exercises/ch02-noop"
	"simpblkdev/exercises/ch02-noop/check"
	"simpblkdev/exercises/ch02-noop/solution"
	"simpblkdev/exercises/exercise"
	_ "simpblkdev/internal/golden"
)

func TestChecker(t *testing.T) {
	exercise.Prove(t, check.Exercise, skeleton.Module, solution.Module,
		[]string{"scheduler", "noop switch fails"})
}
