package check_test

import (
	"testing"

	skeleton "simpblkdev/exercises/ch01-cleanup"
	"simpblkdev/exercises/ch01-cleanup/check"
	"simpblkdev/exercises/ch01-cleanup/solution"
	"simpblkdev/exercises/exercise"
	_ "simpblkdev/internal/golden"
)

func TestChecker(t *testing.T) {
	exercise.Prove(t, check.Exercise, skeleton.Module, solution.Module,
		[]string{"rmmod gives everything back", "insmod unwinds", "error labels", "exit order"})
}
