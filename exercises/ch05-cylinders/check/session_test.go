package check_test

import (
	"testing"

	"simpblkdev/blockdev/ktest"
	skeleton "simpblkdev/exercises/ch05-cylinders"
	"simpblkdev/exercises/ch05-cylinders/solution"
)

// geometry is what the README shows on the skeleton and on the answer:
// sfdisk -g computes the cylinders from the size, as fdisk does, so only
// hdparm -g, which prints the kernel's, changes with the fix.
const geometry = `# insmod simp_blkdev.ko
# sfdisk -g /dev/simp_blkdev
# hdparm -g /dev/simp_blkdev
# rmmod simp_blkdev
`

// TestREADMESessions keeps the README's two sessions as the shell prints
// them with each driver (go test -update rewrites them).
func TestREADMESessions(t *testing.T) {
	ktest.GoldenDocBlock(t, "../README.md", "skeleton", ktest.Session(t, 5, skeleton.Module, ktest.NewHostRoot(t), geometry))
	ktest.GoldenDocBlock(t, "../README.md", "solution", ktest.Session(t, 5, solution.Module, ktest.NewHostRoot(t), geometry))
}
