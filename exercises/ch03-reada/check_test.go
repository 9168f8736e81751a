//go:build exercise

package ch03reada

import (
	"testing"

	"simpblkdev/exercises/ch03-reada/check"
)

// TestExercise is the student's check: go test -tags exercise ./exercises/ch03-reada
func TestExercise(t *testing.T) { check.Exercise.Run(t, Module) }
