package check_test

import (
	"testing"

	skeleton "simpblkdev/exercises/ch06-free"
	"simpblkdev/exercises/ch06-free/check"
	"simpblkdev/exercises/ch06-free/solution"
	"simpblkdev/exercises/exercise"
	_ "simpblkdev/internal/golden"
)

func TestChecker(t *testing.T) {
	exercise.Prove(t, check.Exercise, skeleton.Module, solution.Module,
		[]string{"rmmod gives everything back", "insmod unwinds", "rmmod frees the tree", "half-built tree", "the page the tree did not take"})
}
