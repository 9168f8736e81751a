package check_test

import (
	"testing"

	skeleton "simpblkdev/exercises/ch05-cylinders"
	"simpblkdev/exercises/ch05-cylinders/check"
	"simpblkdev/exercises/ch05-cylinders/solution"
	"simpblkdev/exercises/exercise"
	_ "simpblkdev/internal/golden"
)

func TestChecker(t *testing.T) {
	exercise.Prove(t, check.Exercise, skeleton.Module, solution.Module,
		[]string{"cylinders"})
}
