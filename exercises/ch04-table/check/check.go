// Package check is exercise ch04-table's checker.
package check

import (
	"simpblkdev/blockdev/blkdevtest"
	"simpblkdev/exercises/exercise"
)

// Exercise is ch04-table's checker: chapter 4's checks but "partitions",
// which wants a disk without a table at insmod, and "sysfs", which wants
// no partition directories under /sys/block/simp_blkdev; its own check
// wants the two partitions there at insmod, where the table says.
var Exercise = exercise.Exercise{
	Name:     "ch04-table",
	Chapter:  4,
	Replaces: []string{"partitions", "sysfs"},
	Checks: []blkdevtest.Test{
		{Name: "partitions at insmod", Run: checkPartitionsAtInsmod},
	},
}
