package step04partitions

import (
	"encoding/binary"
	"fmt"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/shell"
)

// The chapter's driver loaded on the simulated machine: a disk of 64
// minors, which add_disk scans and finds no table on. Then a table of two
// partitions is written to sector 0 and the kernel told to re-read it
// (what fdisk's w does): the partitions get their nodes and their
// /proc/partitions lines, and the scan line names them.
func Example() {
	k, _ := blockdev.Boot(blockdev.Config{Seed: 1})
	sh := shell.New(k, shell.Options{Module: Module, Step: 4})
	defer sh.Close()
	fmt.Print(sh.RunTranscript(`# insmod simp_blkdev.ko
# cat /sys/block/simp_blkdev/range
`))

	// Two Linux partitions of one cylinder each at 255/63, as in the
	// chapter: sectors 63–16064 and 16065–32129.
	mbr := make([]byte, 512)
	for i, p := range [][2]uint32{{63, 16002}, {16065, 16065}} {
		e := mbr[446+16*i:]
		e[4] = 0x83
		binary.LittleEndian.PutUint32(e[8:], p[0])
		binary.LittleEndian.PutUint32(e[12:], p[1])
	}
	mbr[510], mbr[511] = 0x55, 0xaa
	b, _ := k.Open("/dev/simp_blkdev")
	b.WriteAt(mbr, 0)
	fmt.Println("BLKRRPART:", b.Ioctl(blockdev.BLKRRPART, nil))
	b.Close()

	fmt.Print(sh.RunTranscript(`# ls /dev/simp_blkdev*
# cat /proc/partitions
`))
	log := strings.Split(strings.TrimSuffix(k.Dmesg(), "\n"), "\n")
	fmt.Println("dmesg:")
	fmt.Println(strings.Join(log[len(log)-2:], "\n"))
	// Output:
	// # insmod simp_blkdev.ko
	// # cat /sys/block/simp_blkdev/range
	// 64
	// BLKRRPART: <nil>
	// # ls /dev/simp_blkdev*
	// /dev/simp_blkdev  /dev/simp_blkdev1  /dev/simp_blkdev2
	// # cat /proc/partitions
	// major minor  #blocks  name
	//
	//   72     0      16384 simp_blkdev
	//   72     1       8001 simp_blkdev1
	//   72     2       8032 simp_blkdev2
	// dmesg:
	//  simp_blkdev: unknown partition table
	//  simp_blkdev: simp_blkdev1 simp_blkdev2
}
