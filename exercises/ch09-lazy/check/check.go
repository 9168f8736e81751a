// Package check is the checker of the exercise ch09-lazy.
package check

import (
	"bytes"
	"errors"
	"fmt"
	"sync"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/blkdevtest"
	"simpblkdev/blockdev/ktest"
	"simpblkdev/blockdev/mm"
	"simpblkdev/exercises/exercise"
)

// Exercise is ch09-lazy's checker: chapter 9's checks less the two that
// count the disk's memory at insmod, and the lazy disk's own.
var Exercise = exercise.Exercise{Name: "ch09-lazy", Chapter: 9,
	// "disk memory" wants the 1024 segments and their 17 nodes at insmod;
	// "size parameter" wants size=4G refused with ENOMEM on the 1 GiB
	// machine. A lazy disk takes neither until it is written.
	Replaces: []string{"disk memory", "size parameter"},
	Checks: []blkdevtest.Test{
		{Name: "nothing at insmod", Run: checkNothingAtInsmod},
		{Name: "first write takes the segment", Run: checkFirstWrite},
		{Name: "concurrent first writes", Run: checkConcurrentWrites},
		{Name: "sizes", Run: checkSizes},
	}}

const (
	diskBytes   = 16 << 20
	segPages    = 4 // an order-2 segment
	segmentSize = segPages * mm.PAGE_SIZE
)

// loadLazy boots a pristine machine (every free page counted: nothing
// reclaimed on the way), loads module with args and checks that insmod
// took no segment.
func loadLazy(module *blockdev.ModuleInfo, args string) (*blockdev.Kernel, error) {
	k, err := blockdev.Boot(blockdev.Config{Seed: 1, Pristine: true})
	if err != nil {
		return nil, err
	}
	free := k.Mem.NrFreePages()
	if _, err := k.InitModule(module, args); err != nil {
		return nil, fmt.Errorf("insmod %s: %v\n%s", args, err, k.Dmesg())
	}
	// The module core is a page or two of vmalloc space; a segment is 4.
	if took, nodes := free-k.Mem.NrFreePages(), k.RadixTreeNodes(); took >= segPages || nodes != 0 {
		return nil, fmt.Errorf("insmod took %d pages and %d radix tree nodes, want none for the disk until it is written: alloc_diskmem must only set up the tree (TODO 4)", took, nodes)
	}
	return k, nil
}

// checkNothingAtInsmod: insmod takes no segment and no tree node.
func checkNothingAtInsmod(module *blockdev.ModuleInfo) error {
	_, err := loadLazy(module, "")
	return err
}

// checkFirstWrite: a write takes the segments it touches, once; reading
// the whole disk takes nothing and reads zeros where nothing was written.
func checkFirstWrite(module *blockdev.ModuleInfo) error {
	k, err := loadLazy(module, "")
	if err != nil {
		return err
	}
	b, err := exercise.OpenDisk(k)
	if err != nil {
		return err
	}
	defer b.Close()

	const off, n = 1 << 20, 4 * segmentSize // 4 segments
	data := ktest.Pattern(n, 7)
	free := k.Mem.NrFreePages()
	if _, err := b.WriteDirect(data, off); err != nil {
		return fmt.Errorf("O_DIRECT write of %d bytes at %d to a fresh disk: %v: a write to a segment the tree does not hold must add it (TODO 1, TODO 2)\n%s", n, off, err, k.Dmesg())
	}
	// 16 pages for the segments, and a slab page for the tree's nodes.
	if took := free - k.Mem.NrFreePages(); took < 4*segPages || took > 4*segPages+2 {
		return fmt.Errorf("an O_DIRECT write of 4 segments' worth to a fresh disk took %d pages, want %d (4 segments) and a page of tree nodes: a write takes the segments it touches (TODO 1, TODO 2)", took, 4*segPages)
	}

	free = k.Mem.NrFreePages()
	if _, err := b.WriteDirect(ktest.Pattern(n, 8), off); err != nil {
		return fmt.Errorf("O_DIRECT rewrite: %v", err)
	}
	if took := free - k.Mem.NrFreePages(); took != 0 {
		return fmt.Errorf("writing the same 4 segments again took %d more pages, want 0: only a segment the tree does not hold is added (TODO 2)", took)
	}
	copy(data, ktest.Pattern(n, 8))

	want := make([]byte, diskBytes)
	copy(want[off:], data)
	got := make([]byte, diskBytes)
	free = k.Mem.NrFreePages()
	if _, err := b.ReadDirect(got, 0); err != nil {
		return fmt.Errorf("O_DIRECT read of the whole disk: %v: a read of a segment the tree does not hold reads zeros (TODO 3)\n%s", err, k.Dmesg())
	}
	if took := free - k.Mem.NrFreePages(); took != 0 {
		return fmt.Errorf("reading the whole disk took %d pages, want 0: a read of a segment never written copies zeros and allocates nothing (TODO 3)", took)
	}
	if d := ktest.DiffBytesAt(want, got, "the disk", 0); d != "" {
		return fmt.Errorf("after a write of 4 segments at 1 MiB, the disk reads other bytes (%s); want zeros around them (TODO 3)", d)
	}
	return nil
}

// checkConcurrentWrites: writers racing to be the first in a segment all
// find their data there afterwards, and no segment is taken twice.
func checkConcurrentWrites(module *blockdev.ModuleInfo) error {
	k, err := loadLazy(module, "")
	if err != nil {
		return err
	}
	b, err := exercise.OpenDisk(k)
	if err != nil {
		return err
	}
	defer b.Close()
	const segments = 16
	want := ktest.Pattern(segments*segmentSize, 9)
	free := k.Mem.NrFreePages()
	var wg sync.WaitGroup
	errs := make([]error, segPages)
	for w := range segPages { // writer w writes page w of every segment
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range segments {
				off := s*segmentSize + w*mm.PAGE_SIZE
				if _, err := b.WriteDirect(want[off:off+mm.PAGE_SIZE], int64(off)); err != nil {
					errs[w] = fmt.Errorf("writer %d at %d: %v", w, off, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("concurrent O_DIRECT writes to fresh segments: %v", err)
	}
	got := make([]byte, len(want))
	if _, err := b.ReadDirect(got, 0); err != nil {
		return fmt.Errorf("O_DIRECT read: %v", err)
	}
	if !bytes.Equal(want, got) {
		return fmt.Errorf("%d writers wrote a page each of %d fresh segments at once, and the disk reads other bytes (%s): two writers adding the same segment must end with one segment in the tree, and both writes in it (TODO 1: insert under the lock; on a failed insert free yours and look the other up)", segPages, segments, ktest.DiffBytesAt(want, got, "the disk", 0))
	}
	if took := free - k.Mem.NrFreePages(); took > segments*segPages+2 {
		return fmt.Errorf("%d fresh segments written at once took %d pages, want %d: a segment another writer inserted first must be freed (TODO 1)", segments, took, segments*segPages)
	}
	return nil
}

// checkSizes: the size parameter works as in chapter 8, and a lazy disk
// may be larger than the machine (brd's rd_size knows no RAM): size=4G
// loads on the 1 GiB box and its last sector takes a write.
func checkSizes(module *blockdev.ModuleInfo) error {
	k, err := loadLazy(module, "size=20M")
	if err != nil {
		return err
	}
	if n, err := k.Lstat("/sys/block/simp_blkdev/size"); err != nil {
		return err
	} else if got, _ := n.Show(); got != "40960\n" {
		return fmt.Errorf("size=20M: /sys/block/simp_blkdev/size = %q, want 40960", got)
	}
	if err := exercise.Rmmod(k); err != nil {
		return err
	}
	if _, err := k.InitModule(module, "size=16MB"); err != blockdev.EINVAL {
		return fmt.Errorf("insmod size=16MB = %v, want EINVAL", err)
	}

	k, err = loadLazy(module, "size=4G")
	if err != nil {
		return fmt.Errorf("on the 1 GiB machine: %v", err)
	}
	b, err := exercise.OpenDisk(k)
	if err != nil {
		return err
	}
	last := ktest.Pattern(512, 10)
	if _, err := b.WriteDirect(last, 4<<30-512); err != nil {
		b.Close()
		return fmt.Errorf("size=4G: O_DIRECT write of the last sector: %v\n%s", err, k.Dmesg())
	}
	got := make([]byte, 512)
	_, err = b.ReadDirect(got, 4<<30-512)
	b.Close()
	if err != nil || !bytes.Equal(got, last) {
		return fmt.Errorf("size=4G: the last sector reads back %v, %s", err, ktest.DiffBytesAt(last, got, "the sector", 4<<30-512))
	}
	free := k.Mem.NrFreePages()
	if err := exercise.Rmmod(k); err != nil {
		return err
	}
	if k.Mem.NrFreePages() <= free || k.RadixTreeNodes() != 0 {
		return fmt.Errorf("size=4G: rmmod left %d radix tree nodes (free pages %d, %d before): free_diskmem must free the segments written", k.RadixTreeNodes(), k.Mem.NrFreePages(), free)
	}
	return nil
}
