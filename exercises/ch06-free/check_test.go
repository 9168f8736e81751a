//go:build exercise

package ch06free

import (
	"testing"

	"simpblkdev/exercises/ch06-free/check"
)

func TestExercise(t *testing.T) { check.Exercise.Run(t, Module) }
