//go:build exercise

package ch09gfpzero

import (
	"testing"

	"simpblkdev/exercises/ch09-gfpzero/check"
)

func TestExercise(t *testing.T) { check.Exercise.Run(t, Module) }
