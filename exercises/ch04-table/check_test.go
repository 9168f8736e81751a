//go:build exercise

package ch04table

import (
	"testing"

	"simpblkdev/exercises/ch04-table/check"
)

// TestExercise is the student's check: go test -tags exercise ./exercises/ch04-table
func TestExercise(t *testing.T) { check.Exercise.Run(t, Module) }
