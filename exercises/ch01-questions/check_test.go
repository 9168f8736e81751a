//go:build exercise

package ch01questions

import (
	"testing"

	"simpblkdev/exercises/ch01-questions/check"
)

// TestExercise is your check: go test -tags exercise ./exercises/ch01-questions
func TestExercise(t *testing.T) { check.Exercise.Run(t, Module) }
