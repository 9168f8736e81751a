//go:build exercise

package ch08tunit

import (
	"testing"

	"simpblkdev/exercises/ch08-tunit/check"
)

func TestExercise(t *testing.T) { check.Exercise.Run(t, Module) }
