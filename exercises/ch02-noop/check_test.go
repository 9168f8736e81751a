//go:build exercise

package ch02noop

import (
	"testing"

	"simpblkdev/exercises/ch02-noop/check"
)

// TestExercise is your check: go test -tags exercise ./exercises/ch02-noop
func TestExercise(t *testing.T) { check.Exercise.Run(t, Module) }
