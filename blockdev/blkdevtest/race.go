//go:build race

package blkdevtest

// raceEnabled: the race detector slows the checks several times over, and
// Deadline gives them longer.
const raceEnabled = true
