package check_test

import (
	"testing"

	"simpblkdev/blockdev/ktest"
	"simpblkdev/exercises/ch04-table/solution"
)

// atInsmod is what the README shows on the answer: the partitions are
// there as soon as the module is loaded, before anyone runs fdisk.
const atInsmod = `# insmod simp_blkdev.ko
# dmesg | tail -n 2
# cat /proc/partitions
# fdisk -l /dev/simp_blkdev
# rmmod simp_blkdev
`

// TestREADMESession keeps the README's session as the shell prints it
// with the answer (go test -update rewrites it).
func TestREADMESession(t *testing.T) {
	ktest.GoldenDocBlock(t, "../README.md", "solution", ktest.Session(t, 4, solution.Module, ktest.NewHostRoot(t), atInsmod))
}
