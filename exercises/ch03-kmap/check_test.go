//go:build exercise

package ch03kmap

import (
	"testing"

	"simpblkdev/exercises/ch03-kmap/check"
)

// TestExercise is the student's check: go test -tags exercise ./exercises/ch03-kmap
func TestExercise(t *testing.T) { check.Exercise.Run(t, Module) }
