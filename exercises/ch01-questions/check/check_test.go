package check_test

import (
	"testing"

	skeleton "simpblkdev/exercises/ch01-questions"
	"simpblkdev/exercises/ch01-questions/check"
	"simpblkdev/exercises/ch01-questions/solution"
	"simpblkdev/exercises/exercise"
	_ "simpblkdev/internal/golden"
)

func TestChecker(t *testing.T) {
	exercise.Prove(t, check.Exercise, skeleton.Module, solution.Module,
		[]string{"round trips", "highmem pages", "bad requests", "no kmap at unload",
			"rmmod gives everything back", "insmod unwinds", "used by", "sysfs",
			"scheduler", "partitions", "geometry", "question marks"})
}
