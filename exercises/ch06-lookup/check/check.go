// Package check is the checker of the exercise ch06-lookup.
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

// Exercise is ch06-lookup's checker: chapter 6's checks, which move data
// both ways in every shape a bio takes, then its own, one for each TODO
// in the order a student meets them: whole pages (the lookup), a sector
// inside a page (the offset), a bio_vec across two of the disk's pages
// (count_current).
var Exercise = exercise.Exercise{Name: "ch06-lookup", Chapter: 6,
	Checks: []blkdevtest.Test{
		{Name: "whole pages", Run: checkWholePages},
		{Name: "a sector inside a page", Run: checkSector},
		{Name: "a bio_vec across two pages", Run: checkAcross},
	}}

const diskBytes = 16 << 20

// failed says why an O_DIRECT transfer failed.
func failed(k *blockdev.Kernel, what string, err error) error {
	if strings.Contains(k.Dmesg(), "search memory failed") {
		return fmt.Errorf("%s: %v, and the driver logged \"search memory failed\": dsk_mem must be the page the tree keeps under index (dsk_offset + count_done) >> PAGE_SHIFT (TODO 2)", what, err)
	}
	return fmt.Errorf("%s: %v\n%s", what, err, k.Dmesg())
}

// checkWholePages: whole pages, each its own pattern, at the start, in
// the middle and at the end of the disk, read back one by one.
func checkWholePages(module *blockdev.ModuleInfo) error {
	k, b, err := exercise.LoadOpen(module)
	if err != nil {
		return err
	}
	defer b.Close()
	pages := []int64{0, 1, 2, 1000, diskBytes/mm.PAGE_SIZE - 1}
	for _, p := range pages {
		if _, err := b.WriteDirect(ktest.Pattern(mm.PAGE_SIZE, byte(p)), p*mm.PAGE_SIZE); err != nil {
			return failed(k, fmt.Sprintf("O_DIRECT write of page %d", p), err)
		}
	}
	got := make([]byte, mm.PAGE_SIZE)
	for _, p := range pages {
		if _, err := b.ReadDirect(got, p*mm.PAGE_SIZE); err != nil {
			return failed(k, fmt.Sprintf("O_DIRECT read of page %d", p), err)
		}
		if d := ktest.DiffBytesAt(ktest.Pattern(mm.PAGE_SIZE, byte(p)), got, "the page", p*mm.PAGE_SIZE); d != "" {
			return fmt.Errorf("page %d of the disk, written whole, reads back other bytes, %s: each index of the tree is one page of the disk (TODO 2)", p, d)
		}
	}
	return nil
}

// checkSector writes one sector at 512 bytes into a page: it must land
// there, not at the page's start.
func checkSector(module *blockdev.ModuleInfo) error {
	k, b, err := exercise.LoadOpen(module)
	if err != nil {
		return err
	}
	defer b.Close()
	page := ktest.Pattern(mm.PAGE_SIZE, 1)
	if _, err := b.WriteDirect(page, 0); err != nil {
		return failed(k, "O_DIRECT write of page 0", err)
	}
	sector := ktest.Pattern(512, 2)
	if _, err := b.WriteDirect(sector, 512); err != nil {
		return failed(k, "O_DIRECT write of sector 1", err)
	}
	copy(page[512:], sector)
	got := make([]byte, mm.PAGE_SIZE)
	if _, err := b.ReadDirect(got, 0); err != nil {
		return failed(k, "O_DIRECT read of page 0", err)
	}
	if bytes.Equal(got[:512], sector) {
		return fmt.Errorf("sector 1, written alone, landed on sector 0: dsk_mem must point at dsk_offset + count_done inside its page, the page's address plus (dsk_offset + count_done) & ~PAGE_MASK (TODO 3)")
	}
	if d := ktest.DiffBytesAt(page, got, "page 0", 0); d != "" {
		return fmt.Errorf("after a write of sector 1 into page 0, the page reads other bytes, %s (TODO 3)", d)
	}
	return nil
}

// checkAcross writes one page of user memory, a single bio_vec, at 2048
// bytes into the disk: its second half belongs to the disk's page 1,
// which is anywhere in memory, not after page 0.
func checkAcross(module *blockdev.ModuleInfo) error {
	k, b, err := exercise.LoadOpen(module)
	if err != nil {
		return err
	}
	defer b.Close()
	want := ktest.Pattern(2*mm.PAGE_SIZE, 3)
	if _, err := b.WriteDirect(want, 0); err != nil {
		return failed(k, "O_DIRECT write of pages 0 and 1", err)
	}
	across := ktest.Pattern(mm.PAGE_SIZE, 4)
	if _, err := b.WriteDirect(across, mm.PAGE_SIZE/2); err != nil {
		return failed(k, "O_DIRECT write of 4096 bytes at 2048", err)
	}
	copy(want[mm.PAGE_SIZE/2:], across)
	got := make([]byte, len(want))
	if _, err := b.ReadDirect(got, 0); err != nil {
		return failed(k, "O_DIRECT read of pages 0 and 1", err)
	}
	if d := ktest.DiffBytesAt(want[:mm.PAGE_SIZE], got[:mm.PAGE_SIZE], "page 0", 0); d != "" {
		return fmt.Errorf("after a write of 4096 bytes at 2048, page 0 reads other bytes, %s: the copy starts at 2048 into the page (TODO 3)", d)
	}
	if d := ktest.DiffBytesAt(want[mm.PAGE_SIZE:], got[mm.PAGE_SIZE:], "page 1", mm.PAGE_SIZE); d != "" {
		return fmt.Errorf("a write of 4096 bytes at 2048, one bio_vec across the disk's pages 0 and 1, did not reach page 1 (%s): the copy must stop at the end of page 0 and look page 1 up; count_current is at most what is left of the disk's page (TODO 1)", d)
	}
	return nil
}
