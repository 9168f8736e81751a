//go:build !race

package ktest

const raceEnabled = false
