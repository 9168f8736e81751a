//go:build exercise

package ch05getgeo

import (
	"testing"

	"simpblkdev/exercises/ch05-getgeo/check"
)

// TestExercise is the student's check: go test -tags exercise ./exercises/ch05-getgeo
func TestExercise(t *testing.T) { check.Exercise.Run(t, Module) }
