package check_test

import (
	"testing"

	skeleton "simpblkdev/exercises/ch06-lookup"
	"simpblkdev/exercises/ch06-lookup/check"
	"simpblkdev/exercises/ch06-lookup/solution"
	"simpblkdev/exercises/exercise"
	_ "simpblkdev/internal/golden"
)

func TestChecker(t *testing.T) {
	exercise.Prove(t, check.Exercise, skeleton.Module, solution.Module,
		[]string{"round trips", "highmem pages", "no kmap at unload", "rmmod gives everything back",
			"insmod unwinds", "used by", "partitions", "geometry", "bios",
			"whole pages", "a sector inside a page", "a bio_vec across two pages"})
}
