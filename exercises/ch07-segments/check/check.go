// Package check is the checker of the exercise ch07-segments.
package check

import (
	"bytes"
	"fmt"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/blkdevtest"
	"simpblkdev/blockdev/ktest"
	"simpblkdev/blockdev/mm"
	"simpblkdev/exercises/exercise"
)

// Exercise is ch07-segments' checker: chapter 7's checks (its "disk
// memory" wants 17 tree nodes: 1024 segments), then the segments and the
// copy loop's arithmetic on them.
var Exercise = exercise.Exercise{Name: "ch07-segments", Chapter: 7,
	Checks: []blkdevtest.Test{
		{Name: "order-2 segments", Run: checkSegments},
		{Name: "segment arithmetic", Run: checkArithmetic},
	}}

const diskBytes = 16 << 20

// checkSegments: the disk is 1024 blocks of order 2, which the tree
// indexes with 17 nodes (4096 pages take 65).
func checkSegments(module *blockdev.ModuleInfo) error {
	k, err := blockdev.Boot(blockdev.Config{Seed: 1, Pristine: true})
	if err != nil {
		return err
	}
	if err := exercise.Insmod(k, module); err != nil {
		return err
	}
	if n := k.RadixTreeNodes(); n != 17 {
		return fmt.Errorf("the tree has %d nodes, want 17 for 1024 segments of order 2 (65 would be 4096 pages): define the four SIMP_BLKDEV_DATASEG macros for order 2 (TODO 1)", n)
	}
	return nil
}

// checkArithmetic writes each page of the first two segments, and the
// last page of the disk, with a pattern of its own, one O_DIRECT write
// each, and reads them back one by one. A wrong index reaches segments
// past the 1024 the tree holds ("search memory failed"); a wrong offset
// puts the four pages of a segment on top of each other.
func checkArithmetic(module *blockdev.ModuleInfo) error {
	k, b, err := exercise.LoadOpen(module)
	if err != nil {
		return err
	}
	defer b.Close()
	pages := []int{0, 1, 2, 3, 4, 5, 6, 7, diskBytes/mm.PAGE_SIZE - 1}
	data := map[int][]byte{}
	for _, p := range pages {
		data[p] = ktest.Pattern(mm.PAGE_SIZE, byte(p+1))
		if _, err := b.WriteDirect(data[p], int64(p)*mm.PAGE_SIZE); err != nil {
			return failed(k, fmt.Sprintf("O_DIRECT write of page %d of the disk", p), err)
		}
	}
	got := make([]byte, mm.PAGE_SIZE)
	for _, p := range pages {
		if _, err := b.ReadDirect(got, int64(p)*mm.PAGE_SIZE); err != nil {
			return failed(k, fmt.Sprintf("O_DIRECT read of page %d of the disk", p), err)
		}
		if bytes.Equal(got, data[p]) {
			continue
		}
		for _, q := range pages {
			if bytes.Equal(got, data[q]) {
				return fmt.Errorf("page %d of the disk reads what was written to page %d: the two land at the same place in segment %d; the offset inside a segment is dsk_offset & ~SIMP_BLKDEV_DATASEGMASK (TODO 3)", p, q, p/4)
			}
		}
		return fmt.Errorf("page %d of the disk reads other bytes than were written to it: %s (TODO 2, TODO 3)", p, ktest.DiffBytesAt(data[p], got, "the page", int64(p)*mm.PAGE_SIZE))
	}
	return nil
}

// failed says why an I/O failed, with the driver's log line.
func failed(k *blockdev.Kernel, what string, err error) error {
	if i := strings.LastIndex(k.Dmesg(), "search memory failed: "); i >= 0 {
		line, _, _ := strings.Cut(k.Dmesg()[i:], "\n")
		return fmt.Errorf("%s: %v, and the driver logged %q: its lookup found no segment, though the tree holds all 1024 (0 to 1023); the index of an offset's segment is dsk_offset >> SIMP_BLKDEV_DATASEGSHIFT (TODO 2)", what, err, line)
	}
	return fmt.Errorf("%s: %v\n%s", what, err, k.Dmesg())
}
