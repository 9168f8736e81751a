package ktest

import "testing"

// Sample lists the ordinals 1..calls a fault-injection test fails in turn:
// all of them in a normal run, about fifty spread evenly (always the first
// and the last) under -short or the race detector, which is ten times slower.
func Sample(calls int) []int {
	var ns []int
	step := 1
	if (testing.Short() || raceEnabled) && calls > 50 {
		step = calls / 50
	}
	for n := 1; n <= calls; n += step {
		ns = append(ns, n)
	}
	if len(ns) > 0 && ns[len(ns)-1] != calls {
		ns = append(ns, calls)
	}
	return ns
}
