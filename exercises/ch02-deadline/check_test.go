//go:build exercise

package ch02deadline

import (
	"testing"

	"simpblkdev/exercises/ch02-deadline/check"
)

// TestExercise is your check: go test -tags exercise ./exercises/ch02-deadline
func TestExercise(t *testing.T) { check.Exercise.Run(t, Module) }
