//go:build exercise

package ch03endio

import (
	"testing"

	"simpblkdev/exercises/ch03-endio/check"
)

// TestExercise is the student's check: go test -tags exercise ./exercises/ch03-endio
func TestExercise(t *testing.T) { check.Exercise.Run(t, Module) }
