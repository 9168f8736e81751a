package check_test

import (
	"testing"

	skeleton "simpblkdev/exercises/ch07-order"
	"simpblkdev/exercises/ch07-order/check"
	"simpblkdev/exercises/ch07-order/solution"
	"simpblkdev/exercises/exercise"
	_ "simpblkdev/internal/golden"
)

func TestChecker(t *testing.T) {
	exercise.Prove(t, check.Exercise, skeleton.Module, solution.Module,
		[]string{"order parameter", "order 0", "order 3"})
}
