//go:build !race

package blkdevtest

const raceEnabled = false
