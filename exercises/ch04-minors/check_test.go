//go:build exercise

package ch04minors

import (
	"testing"

	"simpblkdev/exercises/ch04-minors/check"
)

// TestExercise is the student's check: go test -tags exercise ./exercises/ch04-minors
func TestExercise(t *testing.T) { check.Exercise.Run(t, Module) }
