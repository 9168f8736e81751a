package blkdevtest

// RaceEnabled lets the external tests give a check that must hang a
// deadline the race detector's slowdown cannot reach before the hang.
const RaceEnabled = raceEnabled
