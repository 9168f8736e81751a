package check_test

import (
	"testing"

	skeleton "simpblkdev/exercises/ch03-kmap"
	"simpblkdev/exercises/ch03-kmap/check"
	"simpblkdev/exercises/ch03-kmap/solution"
	"simpblkdev/exercises/exercise"
	_ "simpblkdev/internal/golden"
)

func TestChecker(t *testing.T) {
	exercise.Prove(t, check.Exercise, skeleton.Module, solution.Module,
		[]string{"round trips", "highmem pages", "no kmap at unload", "rmmod gives everything back", "insmod unwinds"})
}
