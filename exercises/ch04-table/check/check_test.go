package check_test

import (
	"testing"

	skeleton "simpblkdev/exercises/ch04-table"
	"simpblkdev/exercises/ch04-table/check"
	"simpblkdev/exercises/ch04-table/solution"
	"simpblkdev/exercises/exercise"
	_ "simpblkdev/internal/golden"
)

func TestChecker(t *testing.T) {
	exercise.Prove(t, check.Exercise, skeleton.Module, solution.Module,
		[]string{"partitions at insmod"})
}
