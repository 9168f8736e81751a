package check_test

import (
	"testing"

	skeleton "simpblkdev/exercises/ch07-segments"
	"simpblkdev/exercises/ch07-segments/check"
	"simpblkdev/exercises/ch07-segments/solution"
	"simpblkdev/exercises/exercise"
	_ "simpblkdev/internal/golden"
)

func TestChecker(t *testing.T) {
	exercise.Prove(t, check.Exercise, skeleton.Module, solution.Module,
		[]string{"disk memory", "order-2 segments"})
}
