// Package check is the checker of the exercise ch08-tunit.
package check

import (
	"fmt"
	"strconv"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/blkdevtest"
	"simpblkdev/blockdev/errno"
	"simpblkdev/exercises/exercise"
)

// Exercise is ch08-tunit's checker: chapter 8's checks less "size
// parameter", which wants 2T refused, then the sizes with the T unit and
// the sizes that overflow.
var Exercise = exercise.Exercise{Name: "ch08-tunit", Chapter: 8,
	Replaces: []string{"size parameter"},
	Checks: []blkdevtest.Test{
		{Name: "sizes", Run: checkSizes},
		{Name: "overflow", Run: checkOverflow},
	}}

// A size and what insmod must answer, and the TODO that decides it.
type size struct {
	size    string
	sectors int            // the disk's size when insmod succeeds
	err     blockdev.Errno // else insmod's error
	todo    int
	why     string
}

// checkSizes: chapter 8's sizes still work, and the T unit is a size:
// 2T and 1t are 2^41 and 2^40 bytes, which the 1 GiB machine cannot
// back, so insmod fails in alloc_diskmem with ENOMEM, not in getparam.
func checkSizes(module *blockdev.ModuleInfo) error {
	return loads(module, []size{
		{"20M", 40960, 0, 0, "as in chapter 8"},
		{"20480k", 40960, 0, 0, "as in chapter 8"},
		{"1000B", 2, 0, 3, "1000 bytes are rounded up to 2 sectors"},
		{"16", 0, blockdev.EINVAL, 0, "as in chapter 8"},
		{"16MB", 0, blockdev.EINVAL, 0, "as in chapter 8"},
		{"4G", 0, blockdev.ENOMEM, 0, "as in chapter 8: more than the 1 GiB machine has"},
		{"2T", 0, blockdev.ENOMEM, 1, "t/T shifts by 40, and 2 TiB is more than the 1 GiB machine has"},
		{"1t", 0, blockdev.ENOMEM, 1, "t/T shifts by 40, and 1 TiB is more than the 1 GiB machine has"},
	})
}

// checkOverflow: a size whose shift, or whose rounding up to a sector,
// wraps around 2^64 is EINVAL; the largest that does not wrap is a size
// (ENOMEM on this machine).
func checkOverflow(module *blockdev.ModuleInfo) error {
	return loads(module, []size{
		{"17179869184G", 0, blockdev.EINVAL, 2, "2^34 << 30 is 2^64, which wraps to 0"},
		{"99999999999999999999G", 0, blockdev.EINVAL, 2, "simple_strtoull wraps the number to 7766279631452241919, whose shift by 30 overflows"},
		{"18446744073709551615K", 0, blockdev.EINVAL, 2, "2^64-1 << 10 overflows"},
		{"16777216T", 0, blockdev.EINVAL, 2, "2^24 << 40 is 2^64, which wraps to 0"},
		{"99999999999999T", 0, blockdev.EINVAL, 2, "99999999999999 << 40 overflows"},
		{"18446744073709551615b", 0, blockdev.EINVAL, 3, "rounding 2^64-1 bytes up to a sector wraps to 0"},
		{"17179869183G", 0, blockdev.ENOMEM, 2, "2^34-1 << 30 fits in 64 bits, and is more than the machine has"},
		{"16777215T", 0, blockdev.ENOMEM, 2, "2^24-1 << 40 fits in 64 bits, and is more than the machine has"},
	})
}

// loads runs insmod with each size on a pristine machine (every free page
// counted) and checks its answer, and that a failed insmod left every
// page, vmalloc byte and radix tree node where they were.
func loads(module *blockdev.ModuleInfo, sizes []size) error {
	k, err := blockdev.Boot(blockdev.Config{Seed: 1, Pristine: true})
	if err != nil {
		return err
	}
	for _, s := range sizes {
		arg := "size=" + strconv.Quote(s.size)
		todo := ""
		if s.todo != 0 {
			todo = fmt.Sprintf(" (TODO %d)", s.todo)
		}
		free, vm := k.Mem.NrFreePages(), k.Mem.VmallocUsed()
		_, err := k.InitModule(module, arg)
		if err != nil {
			if errno.Of(err) != s.err {
				return fmt.Errorf("insmod %s = %s, want %s: %s%s", arg, errno.Of(err).Name(), want(s), s.why, todo)
			}
			if k.Mem.NrFreePages() != free || k.Mem.VmallocUsed() != vm || k.RadixTreeNodes() != 0 {
				return fmt.Errorf("insmod %s failed and left %d pages, %d vmalloc bytes and %d radix tree nodes behind", arg, free-k.Mem.NrFreePages(), k.Mem.VmallocUsed()-vm, k.RadixTreeNodes())
			}
			continue
		}
		n, lerr := k.Lstat("/sys/block/simp_blkdev/size")
		got := "?"
		if lerr == nil {
			got, _ = n.Show()
			got = strings.TrimSuffix(got, "\n")
		}
		if err := k.DeleteModule("simp_blkdev"); err != nil {
			return fmt.Errorf("rmmod after insmod %s: %v", arg, err)
		}
		if s.err != 0 || got != strconv.Itoa(s.sectors) {
			return fmt.Errorf("insmod %s loaded a disk of %s sectors, want %s: %s%s", arg, got, want(s), s.why, todo)
		}
	}
	return nil
}

func want(s size) string {
	if s.err != 0 {
		return s.err.Name()
	}
	return fmt.Sprintf("a disk of %d sectors", s.sectors)
}
