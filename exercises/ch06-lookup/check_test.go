//go:build exercise

package ch06lookup

import (
	"testing"

	"simpblkdev/exercises/ch06-lookup/check"
)

func TestExercise(t *testing.T) { check.Exercise.Run(t, Module) }
