package check_test

import (
	"testing"

	skeleton "simpblkdev/exercises/ch05-getgeo"
	"simpblkdev/exercises/ch05-getgeo/check"
	"simpblkdev/exercises/ch05-getgeo/solution"
	"simpblkdev/exercises/exercise"
	_ "simpblkdev/internal/golden"
)

func TestChecker(t *testing.T) {
	exercise.Prove(t, check.Exercise, skeleton.Module, solution.Module,
		[]string{"geometry"})
}
