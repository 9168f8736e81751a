//go:build exercise

package ch07segments

import (
	"testing"

	"simpblkdev/exercises/ch07-segments/check"
)

func TestExercise(t *testing.T) { check.Exercise.Run(t, Module) }
