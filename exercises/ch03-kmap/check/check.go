// Package check is exercise ch03-kmap's checker.
package check

import "simpblkdev/exercises/exercise"

// Exercise is ch03-kmap's checker: chapter 3's checks, of which "highmem
// pages" and "no kmap at unload" judge the task.
var Exercise = exercise.Exercise{Name: "ch03-kmap", Chapter: 3}
