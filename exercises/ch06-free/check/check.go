// Package check is the checker of the exercise ch06-free.
package check

import (
	"fmt"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/blkdevtest"
	"simpblkdev/blockdev/fault"
	"simpblkdev/exercises/exercise"
)

// Exercise is ch06-free's checker: chapter 6's checks, the judges being
// "rmmod gives everything back" and "insmod unwinds" (every Nth
// allocation of insmod failed in turn), then its own, which fail a few
// chosen allocations and say which TODO left what behind.
var Exercise = exercise.Exercise{Name: "ch06-free", Chapter: 6,
	Checks: []blkdevtest.Test{
		{Name: "rmmod frees the tree", Run: checkRmmod},
		{Name: "half-built tree", Run: checkHalfBuilt},
		{Name: "the page the tree did not take", Run: checkInsertFails},
	}}

// pristine boots a machine whose every free page is counted: no earlier
// work, so nothing is reclaimed on the way.
func pristine() (*blockdev.Kernel, error) {
	return blockdev.Boot(blockdev.Config{Seed: 1, Pristine: true})
}

// left says what k holds that it did not hold when free pages were free.
func left(k *blockdev.Kernel, free int64) (pages, nodes int64) {
	return free - k.Mem.NrFreePages(), k.RadixTreeNodes()
}

// checkRmmod: rmmod gives back the 4096 pages and the 65 nodes.
func checkRmmod(module *blockdev.ModuleInfo) error {
	k, err := pristine()
	if err != nil {
		return err
	}
	free := k.Mem.NrFreePages()
	if err := exercise.Insmod(k, module); err != nil {
		return err
	}
	if err := exercise.Rmmod(k); err != nil {
		return err
	}
	if pages, nodes := left(k, free); pages != 0 || nodes != 0 {
		return fmt.Errorf("after insmod and rmmod, %d pages and %d radix tree node(s) are not back: free_diskmem must delete every index from the tree and free its page (TODO 1)", pages, nodes)
	}
	return nil
}

// checkHalfBuilt fails the first, the hundredth and the last of the
// disk's 4096 page allocations: alloc_diskmem goes to err_alloc with a
// tree built up to there, which free_diskmem must take apart.
func checkHalfBuilt(module *blockdev.ModuleInfo) error {
	k, err := pristine()
	if err != nil {
		return err
	}
	for _, n := range []int{1, 100, 4096} {
		free := k.Mem.NrFreePages()
		k.Fault.FailNth(fault.Page, n)
		_, err := k.InitModule(module, "")
		k.Fault.FailNth(fault.Page, 0)
		if err != blockdev.ENOMEM {
			return fmt.Errorf("with page allocation #%d failing, insmod = %v, want ENOMEM", n, err)
		}
		if pages, nodes := left(k, free); pages != 0 || nodes != 0 {
			return fmt.Errorf("with page allocation #%d failing, insmod failed and left %d pages and %d radix tree node(s) behind: err_alloc must free the half-built tree (TODO 3) with a free_diskmem that passes over the indexes never filled (TODO 1)", n, pages, nodes)
		}
	}
	return nil
}

// checkInsertFails fails radix tree node allocations: radix_tree_insert
// fails with -ENOMEM, and the page it was to take is the driver's to free
// at err_radix_tree_insert, before the tree. Node #1 would not do: index 0
// needs no node (a tree of height 0 keeps it in the root), so when it
// fails the tree holds one page, and a page left behind could be either.
// With node #2 failing (index 64, the tree growing to height 2) the tree
// holds 64 pages and a node.
func checkInsertFails(module *blockdev.ModuleInfo) error {
	k, err := pristine()
	if err != nil {
		return err
	}
	for _, n := range []int{2, 65} {
		free := k.Mem.NrFreePages()
		k.Fault.FailNth(fault.Radix, n)
		_, err := k.InitModule(module, "")
		k.Fault.FailNth(fault.Radix, 0)
		if err != blockdev.ENOMEM {
			return fmt.Errorf("with radix tree node #%d failing, insmod = %v, want ENOMEM", n, err)
		}
		switch pages, nodes := left(k, free); {
		case pages == 1 && nodes == 0:
			return fmt.Errorf("with radix tree node #%d failing, insmod failed and left 1 page behind: err_radix_tree_insert must free the page the tree did not take (TODO 2)", n)
		case pages != 0 || nodes != 0:
			return fmt.Errorf("with radix tree node #%d failing, insmod failed and left %d pages and %d radix tree node(s) behind: the page the tree did not take (TODO 2), then the tree (TODO 3, TODO 1)", n, pages, nodes)
		}
	}
	return nil
}
