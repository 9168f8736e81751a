// Package check is the checker of the exercise ch07-order.
package check

import (
	"fmt"
	"slices"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/blkdevtest"
	"simpblkdev/blockdev/mm"
	"simpblkdev/exercises/exercise"
)

// Exercise is ch07-order's checker: chapter 7's checks less "sysfs"
// (the parameter gives /sys/module/simp_blkdev a parameters/ directory
// chapter 7 lacks), then the parameter and what /proc/buddyinfo shows at
// orders 0 and 3.
var Exercise = exercise.Exercise{Name: "ch07-order", Chapter: 7,
	Replaces: []string{"sysfs"},
	Checks: []blkdevtest.Test{
		{Name: "order parameter", Run: checkParameter},
		{Name: "order 0", Run: checkOrder0},
		{Name: "order 3", Run: checkOrder3},
	}}

const (
	sysMod    = "/sys/module/simp_blkdev"
	diskBytes = 16 << 20
)

// freeBlocks is /proc/buddyinfo as numbers: per zone, the free blocks of
// each order.
func freeBlocks(k *blockdev.Kernel) map[string][mm.MAX_ORDER]int {
	out := map[string][mm.MAX_ORDER]int{}
	for _, z := range k.Mem.Zones() {
		var row [mm.MAX_ORDER]int
		for o := range row {
			row[o] = z.FreeBlocks(o)
		}
		out[z.Name()] = row
	}
	return out
}

// insmod loads module with args and checks the tree's size.
func insmod(k *blockdev.Kernel, module *blockdev.ModuleInfo, args string, nodes int64, what string) error {
	if _, err := k.InitModule(module, args); err != nil {
		hint := ""
		if strings.Contains(k.Dmesg(), "Unknown parameter `order'") {
			hint = ": the module has no parameter order (TODO 2)"
		}
		if hint != "" {
			return fmt.Errorf("insmod simp_blkdev.ko %s: %v%s", args, err, hint)
		}
		return fmt.Errorf("insmod simp_blkdev.ko %s: %v\n%s", args, err, k.Dmesg())
	}
	if got := k.RadixTreeNodes(); got != nodes {
		return fmt.Errorf("insmod simp_blkdev.ko %s built a tree of %d nodes, want %d for %s: SIMP_BLKDEV_DATASEGORDER must be the parameter's value (TODO 1)", args, got, nodes, what)
	}
	return nil
}

// checkParameter: order is an int readable by all, 2 unless insmod says
// otherwise; an order the buddy allocator has no free list for (below 0,
// MAX_ORDER and up) fails insmod with EINVAL, leaving nothing behind.
func checkParameter(module *blockdev.ModuleInfo) error {
	k, err := blockdev.Boot(blockdev.Config{Seed: 1, Pristine: true})
	if err != nil {
		return err
	}
	for _, c := range []struct{ args, want string }{{"", "2"}, {"order=3", "3"}} {
		if err := insmod(k, module, c.args, map[string]int64{"2": 17, "3": 9}[c.want], "the order's segments"); err != nil {
			return err
		}
		n, err := k.Lstat(sysMod)
		if err != nil {
			return err
		}
		var names []string
		for _, c := range n.Children() {
			names = append(names, c.Name)
		}
		if want := []string{"parameters", "refcnt", "srcversion"}; !slices.Equal(names, want) {
			return fmt.Errorf("%s holds %v, want %v (TODO 2)", sysMod, names, want)
		}
		p, err := k.Lstat(sysMod + "/parameters/order")
		if err != nil {
			return fmt.Errorf("%v (TODO 2)", err)
		}
		if got, _ := p.Show(); got != c.want+"\n" || p.Mode.Perm() != 0o444 || p.Store != nil {
			return fmt.Errorf("insmod %s: parameters/order reads %q, mode %v, writable %v; want %q, 0444, read-only (TODO 2: module_param_named(order, simp_blkdev_param_order, int, S_IRUGO), default 2)", c.args, got, p.Mode, p.Store != nil, c.want+"\n")
		}
		if err := exercise.Rmmod(k); err != nil {
			return err
		}
	}
	for _, order := range []string{"11", "-1"} {
		free, vm := k.Mem.NrFreePages(), k.Mem.VmallocUsed()
		if _, err := k.InitModule(module, "order="+order); err != blockdev.EINVAL {
			return fmt.Errorf("insmod order=%s = %v, want EINVAL: the buddy allocator has lists of orders 0 to %d only; refuse any other before allocating anything (TODO 3)", order, err, mm.MAX_ORDER-1)
		}
		if k.Mem.NrFreePages() != free || k.Mem.VmallocUsed() != vm || k.RadixTreeNodes() != 0 {
			return fmt.Errorf("insmod order=%s failed and left %d pages, %d vmalloc bytes and %d radix tree nodes behind", order, free-k.Mem.NrFreePages(), k.Mem.VmallocUsed()-vm, k.RadixTreeNodes())
		}
	}
	return nil
}

// checkOrder0: with order=0 the driver is chapter 6's, single pages, 4096
// of them in a tree of 65 nodes. On the chapter's box, whose Normal zone
// keeps thousands of single free pages, they all come from order-0 lists:
// no other column of /proc/buddyinfo moves ("原先的分配方式倒是可以把碎片都利用起来").
func checkOrder0(module *blockdev.ModuleInfo) error {
	k, err := blockdev.Boot(blockdev.Config{Seed: 1})
	if err != nil {
		return err
	}
	before := freeBlocks(k)
	if err := insmod(k, module, "order=0", 65, "4096 single pages"); err != nil {
		return err
	}
	after := freeBlocks(k)
	for zone, row := range after {
		for o := 1; o < mm.MAX_ORDER; o++ {
			if row[o] != before[zone][o] {
				return fmt.Errorf("insmod order=0 changed /proc/buddyinfo's %s order-%d column from %d to %d: single pages come from the order-0 lists, which hold plenty (TODO 1)", zone, o, before[zone][o], row[o])
			}
		}
	}
	return nil
}

// checkOrder3: with order=3 the disk is 512 blocks of 8 pages in a tree
// of 9 nodes, and the chapter's accounting after rmmod finds every one
// again: counted in order-3 blocks, the lists of order 3 and up grow by
// 512 over all zones, and the lists below do not move.
func checkOrder3(module *blockdev.ModuleInfo) error {
	k, err := blockdev.Boot(blockdev.Config{Seed: 1})
	if err != nil {
		return err
	}
	if err := insmod(k, module, "order=3", 9, "512 segments of order 3"); err != nil {
		return err
	}
	loaded := freeBlocks(k)
	if err := exercise.Rmmod(k); err != nil {
		return err
	}
	freed := freeBlocks(k)
	found := 0
	for zone, row := range freed {
		for o := range row {
			switch {
			case o < 3 && row[o] != loaded[zone][o]:
				return fmt.Errorf("rmmod after insmod order=3 changed /proc/buddyinfo's %s order-%d column from %d to %d: the segments must be blocks of order 3 (TODO 1)", zone, o, loaded[zone][o], row[o])
			case o >= 3:
				found += (row[o] - loaded[zone][o]) << (o - 3)
			}
		}
	}
	if want := diskBytes / (mm.PAGE_SIZE << 3); found != want {
		return fmt.Errorf("after rmmod of an order=3 disk /proc/buddyinfo's lists of order 3 and up grew by %d blocks of order 3, want %d: the segments must be blocks of order 3 (TODO 1)", found, want)
	}
	return nil
}
