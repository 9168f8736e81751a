//go:build exercise

package ch01cleanup

import (
	"testing"

	"simpblkdev/exercises/ch01-cleanup/check"
)

// TestExercise is your check: go test -tags exercise ./exercises/ch01-cleanup
func TestExercise(t *testing.T) { check.Exercise.Run(t, Module) }
