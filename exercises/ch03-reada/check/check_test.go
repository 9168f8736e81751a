package check_test

import (
	"testing"

	skeleton "simpblkdev/exercises/ch03-reada"
	"simpblkdev/exercises/ch03-reada/check"
	"simpblkdev/exercises/ch03-reada/solution"
	"simpblkdev/exercises/exercise"
	_ "simpblkdev/internal/golden"
)

func TestChecker(t *testing.T) {
	exercise.Prove(t, check.Exercise, skeleton.Module, solution.Module,
		[]string{"reada is read", "unknown bio_rw fails"})
}
