package step05getgeo

import (
	"fmt"

	"simpblkdev/blockdev"
)

// What the chapter's getgeo answers for its 16 MiB disk, through
// ioctl(HDIO_GETGEO) as fdisk and hdparm ask it: 1 head, 32 sectors a
// track, and 0 cylinders, the low 16 bits of 16777216 >> (9/1/32). fdisk
// computes its own cylinders from the size: 32768 sectors / (1 * 32).
func Example() {
	k, _ := blockdev.Boot(blockdev.Config{Seed: 1})
	k.InitModule(Module, "")
	b, _ := k.Open("/dev/simp_blkdev")
	defer b.Close()
	var geo blockdev.HdGeometry
	var size uint64
	b.Ioctl(blockdev.HDIO_GETGEO, &geo)
	b.Ioctl(blockdev.BLKGETSIZE64, &size)
	fmt.Printf("HDIO_GETGEO: heads %d, sectors %d, cylinders %d, start %d\n", geo.Heads, geo.Sectors, geo.Cylinders, geo.Start)
	fmt.Printf("fdisk: %d heads, %d sectors/track, %d cylinders\n", geo.Heads, geo.Sectors, size>>9/(uint64(geo.Heads)*uint64(geo.Sectors)))
	// Output:
	// HDIO_GETGEO: heads 1, sectors 32, cylinders 0, start 0
	// fdisk: 1 heads, 32 sectors/track, 1024 cylinders
}
