package check_test

import (
	"testing"

	skeleton "simpblkdev/exercises/ch02-deadline"
	"simpblkdev/exercises/ch02-deadline/check"
	"simpblkdev/exercises/ch02-deadline/solution"
	"simpblkdev/exercises/exercise"
	_ "simpblkdev/internal/golden"
)

func TestChecker(t *testing.T) {
	exercise.Prove(t, check.Exercise, skeleton.Module, solution.Module,
		[]string{"deadline scheduler"})
}
