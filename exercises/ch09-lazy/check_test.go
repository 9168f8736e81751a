//go:build exercise

package ch09lazy

import (
	"testing"

	"simpblkdev/exercises/ch09-lazy/check"
)

func TestExercise(t *testing.T) { check.Exercise.Run(t, Module) }
