package step06radix

import (
	"fmt"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/mm"
)

// The chapter's worked example ("关于块设备偏移到内存地址的转换，我们举个例子"):
// the disk's first four pages are wherever the buddy allocator found them,
// not next to each other; device offset 9000 is in the third page, index
// 9000 / PAGE_SIZE = 2, at 9000 % PAGE_SIZE = 808 into it. Five bytes
// written there through /dev/simp_blkdev are found at the address
// radix_tree_lookup gives for index 2, plus 808.
func Example() {
	k, _ := blockdev.Boot(blockdev.Config{Seed: 1})
	var d *simpBlkdev
	info := *Module
	info.New = func(k *blockdev.Kernel, this *blockdev.Module) blockdev.ModuleCode {
		c := Module.New(k, this)
		d = c.(*simpBlkdev) // the loaded module's static variables
		return c
	}
	k.InitModule(&info, "")
	for i := uint64(0); i < 4; i++ {
		addr := blockdev.RadixTreeLookup(&d.simpBlkdevData, i).(uint64)
		fmt.Printf("page %d at %#x holds device offsets %d~%d\n", i+1, addr, i*mm.PAGE_SIZE, (i+1)*mm.PAGE_SIZE-1)
	}

	var dskOffset uint64 = 9000
	index, inPage := dskOffset>>mm.PAGE_SHIFT, dskOffset & ^mm.PAGE_MASK
	fmt.Printf("offset %d: radix_tree_lookup(&simp_blkdev_data, %d) + %d\n", dskOffset, index, inPage)

	b, _ := k.Open("/dev/simp_blkdev")
	b.WriteAt([]byte("hello"), int64(dskOffset))
	b.Sync()
	b.Close()
	got := make([]byte, 5)
	k.MemcpyFromAddr(got, blockdev.RadixTreeLookup(&d.simpBlkdevData, index).(uint64)+inPage)
	fmt.Printf("%q\n", got)
	// Output:
	// page 1 at 0xf79f1000 holds device offsets 0~4095
	// page 2 at 0xf79e4000 holds device offsets 4096~8191
	// page 3 at 0xf79be000 holds device offsets 8192~12287
	// page 4 at 0xf79aa000 holds device offsets 12288~16383
	// offset 9000: radix_tree_lookup(&simp_blkdev_data, 2) + 808
	// "hello"
}
