//go:build exercise

package ch07order

import (
	"testing"

	"simpblkdev/exercises/ch07-order/check"
)

func TestExercise(t *testing.T) { check.Exercise.Run(t, Module) }
