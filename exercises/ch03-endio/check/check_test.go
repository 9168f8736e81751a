package check_test

import (
	"testing"

	skeleton "simpblkdev/exercises/ch03-endio"
	"simpblkdev/exercises/ch03-endio/check"
	"simpblkdev/exercises/ch03-endio/solution"
	"simpblkdev/exercises/exercise"
	_ "simpblkdev/internal/golden"
)

func TestChecker(t *testing.T) {
	exercise.Prove(t, check.Exercise, skeleton.Module, solution.Module,
		[]string{"a bio past the end ends", "a bio of unknown bio_rw ends"})
}
