//go:build exercise

package ch08getparam

import (
	"testing"

	"simpblkdev/exercises/ch08-getparam/check"
)

func TestExercise(t *testing.T) { check.Exercise.Run(t, Module) }
