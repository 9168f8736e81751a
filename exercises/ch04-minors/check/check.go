// Package check is exercise ch04-minors's checker.
package check

import "simpblkdev/exercises/exercise"

// Exercise is ch04-minors's checker: chapter 4's checks, of which "sysfs"
// (range 64) and "partitions" judge the task.
var Exercise = exercise.Exercise{Name: "ch04-minors", Chapter: 4}
