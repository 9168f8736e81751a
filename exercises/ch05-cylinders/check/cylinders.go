package check

import (
	"encoding/binary"
	"fmt"

	"simpblkdev/blockdev"
	"simpblkdev/exercises/exercise"
)

// want is HDIO_GETGEO on the whole 16 MiB disk: the table's second band,
// 1 head and 32 sectors a track, and 32768 sectors / 1 / 32 = 1024
// cylinders.
var want = blockdev.HdGeometry{Heads: 1, Sectors: 32, Cylinders: 1024}

// part2 is the second partition of the table the check writes: the kernel
// fills in its start before it calls the driver's getgeo.
const part2 = 16065

// checkCylinders asks the disk for its geometry with HDIO_GETGEO, then the
// second partition of a table re-read with BLKRRPART, whose start the
// kernel adds.
func checkCylinders(module *blockdev.ModuleInfo) error {
	k, b, err := exercise.LoadOpen(module)
	if err != nil {
		return err
	}
	defer b.Close()
	var geo blockdev.HdGeometry
	if err := b.Ioctl(blockdev.HDIO_GETGEO, &geo); err != nil {
		return fmt.Errorf("HDIO_GETGEO: %v", err)
	}
	if geo.Heads != want.Heads || geo.Sectors != want.Sectors {
		return fmt.Errorf("HDIO_GETGEO gave %d heads and %d sectors a track, want the chapter's %d and %d for 16 MiB: the task leaves them as they are", geo.Heads, geo.Sectors, want.Heads, want.Sectors)
	}
	if geo != want {
		return fmt.Errorf("HDIO_GETGEO gave %d cylinders for the 16 MiB disk, want %d = 32768 sectors / %d head / %d sectors a track: in C, / binds tighter than >>, so BYTES>>9/heads/sectors is BYTES>>(9/heads/sectors) (TODO 1)", geo.Cylinders, want.Cylinders, want.Heads, want.Sectors)
	}
	mbr := make([]byte, 512)
	for i, p := range [][2]uint32{{63, 16002}, {part2, 16065}} {
		e := mbr[446+16*i:]
		e[4] = 0x83
		binary.LittleEndian.PutUint32(e[8:], p[0])
		binary.LittleEndian.PutUint32(e[12:], p[1])
	}
	mbr[510], mbr[511] = 0x55, 0xaa
	if _, err := b.WriteDirect(mbr, 0); err != nil {
		return fmt.Errorf("write of a partition table: %v", err)
	}
	if err := b.Ioctl(blockdev.BLKRRPART, nil); err != nil {
		return fmt.Errorf("BLKRRPART: %v", err)
	}
	p, err := k.Open("/dev/simp_blkdev2")
	if err != nil {
		return fmt.Errorf("open /dev/simp_blkdev2: %v", err)
	}
	defer p.Close()
	wantPart := want
	wantPart.Start = part2
	if err := p.Ioctl(blockdev.HDIO_GETGEO, &geo); err != nil || geo != wantPart {
		return fmt.Errorf("HDIO_GETGEO on /dev/simp_blkdev2 = %+v, %v; want %+v: the disk's geometry, and the start the kernel fills in", geo, err, wantPart)
	}
	return nil
}
