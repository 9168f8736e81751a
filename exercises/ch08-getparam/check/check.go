// Package check is the checker of the exercise ch08-getparam.
package check

import (
	"fmt"
	"strconv"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/blkdevtest"
	"simpblkdev/exercises/exercise"
)

// Exercise is ch08-getparam's checker: chapter 8's checks (its "size
// parameter" among them), and getparam on the chapter's cases one by one.
var Exercise = exercise.Exercise{Name: "ch08-getparam", Chapter: 8,
	Checks: []blkdevtest.Test{{Name: "getparam", Run: checkGetparam}}}

// hints says, for each TODO, what getparam must do there.
var hints = map[int]string{
	1: `sscanf(size, "%llu%c%c", ...) must convert exactly 2, a number (white space before it skipped) and one unit character, and 0 is refused`,
	2: "the units b/B, k/K, m/M and g/G shift by 0, 10, 20 and 30; any other character is EINVAL",
	3: "the size is rounded up to a multiple of 512",
}

// sizes are the cases, in the order of the TODOs: what insmod is given,
// the disk's sectors it gives (0: insmod fails with EINVAL) and the TODO
// that decides it.
var sizes = []struct {
	size    string
	sectors int
	todo    int
}{
	{"16", 0, 1},
	{"16MB", 0, 1},
	{"0M", 0, 1},
	{"M", 0, 1},
	{"", 0, 1},
	{" 16M", 32768, 1},
	{"20M", 40960, 2},
	{"20480k", 40960, 2},
	{"20971520b", 40960, 2},
	{"1k", 2, 2},
	{"1x", 0, 2},
	{"16P", 0, 2},
	{"1000B", 2, 3},
	{"1000000b", 1954, 3},
}

// checkGetparam loads the module with each size and reads the disk's size
// from sysfs.
func checkGetparam(module *blockdev.ModuleInfo) error {
	k, err := blockdev.Boot(blockdev.Config{Seed: 1})
	if err != nil {
		return err
	}
	for _, c := range sizes {
		arg := "size=" + strconv.Quote(c.size)
		want := "EINVAL"
		if c.sectors != 0 {
			want = fmt.Sprintf("a disk of %d sectors", c.sectors)
		}
		_, err := k.InitModule(module, arg)
		got := fmt.Sprint(err)
		if err == blockdev.EINVAL {
			got = "EINVAL"
		}
		if err == nil {
			n, err := k.Lstat("/sys/block/simp_blkdev/size")
			if err != nil {
				return fmt.Errorf("insmod %s: %v", arg, err)
			}
			s, _ := n.Show()
			got = fmt.Sprintf("a disk of %s sectors", s[:len(s)-1])
			if err := exercise.Rmmod(k); err != nil {
				return err
			}
		}
		if got != want {
			return fmt.Errorf("insmod %s gave %s, want %s: %s (TODO %d)", arg, got, want, hints[c.todo], c.todo)
		}
	}
	return nil
}
