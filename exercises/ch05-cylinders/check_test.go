//go:build exercise

package ch05cylinders

import (
	"testing"

	"simpblkdev/exercises/ch05-cylinders/check"
)

// TestExercise is the student's check: go test -tags exercise ./exercises/ch05-cylinders
func TestExercise(t *testing.T) { check.Exercise.Run(t, Module) }
