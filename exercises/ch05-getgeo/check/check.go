// Package check is exercise ch05-getgeo's checker.
package check

import "simpblkdev/exercises/exercise"

// Exercise is ch05-getgeo's checker: chapter 5's checks, of which
// "geometry" judges the task.
var Exercise = exercise.Exercise{Name: "ch05-getgeo", Chapter: 5}
