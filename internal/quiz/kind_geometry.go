package quiz

import (
	"fmt"
	"strings"

	"simpblkdev/blockdev"
)

// geometryStep is the chapter whose driver a geometry problem loads:
// chapter 5's getgeo with the size a parameter. Chapters 5 to 7 have a
// fixed 16 MiB disk; chapter 8's is chapter 5's getgeo on a disk of any
// size= (and 9's the same).
func geometryStep(step int) int { return max(step, 8) }

// genDiskSize draws a size= for a disk the box can hold: in KiB, or now
// and then in MiB, under 16 MiB (getgeo's first band: 1 head, 1 sector a
// track) or from 16 to 64 MiB (the second: 1 head, 32 sectors).
func genDiskSize(seed int64) string {
	r := newRand(seed, "geometry")
	switch r.IntN(4) {
	case 0:
		return fmt.Sprintf("%dM", 1+r.IntN(63))
	case 1:
		return fmt.Sprintf("%dk", 64+r.IntN(16384-64))
	default:
		return fmt.Sprintf("%dk", 16384+r.IntN(65536-16384))
	}
}

func makeGeometry(step int, seed int64) (*Quiz, error) {
	size := genDiskSize(seed)
	drv := geometryStep(step)
	b, err := newBox(blockdev.Config{Seed: 1}, drv)
	if err != nil {
		return nil, err
	}
	defer b.close()
	insmod := "insmod simp_blkdev.ko size=" + size
	if msg, status := b.run(insmod); status != 0 {
		return nil, fmt.Errorf("%s: %s", insmod, strings.TrimSpace(msg))
	}
	fdisk, _ := b.run("fdisk -l /dev/simp_blkdev")
	hdparm, _ := b.run("hdparm -g /dev/simp_blkdev")
	sectors, _ := b.run("cat /sys/block/simp_blkdev/size")

	driver := fmt.Sprintf("Chapter %d's driver", drv)
	if drv != step {
		driver = fmt.Sprintf("Chapter %d's driver (chapter 5's getgeo; its size= lets the size vary)", drv)
	}
	q := &Quiz{
		Title: "getgeo: the geometry the kernel returns, and the one fdisk shows",
		Givens: []string{
			driver + ",",
			fmt.Sprintf("loaded with a disk of %s (blksim shell --step %d):", size, drv),
			"",
			"# " + insmod,
			"",
			"simp_blkdev_getgeo chooses heads and sectors a track by the disk's size:",
			"",
			"  capacity   heads  sectors",
			"  0~16M          1        1",
			"  16M~512M       1       32",
			"  512M~16G      32       32",
			"",
			"and then, as the chapter writes it,",
			"",
			"  geo->cylinders = simp_blkdev_bytes>>9/geo->heads/geo->sectors;",
		},
		Questions: []Question{
			{
				Ask:    "How many sectors has the disk (cat /sys/block/simp_blkdev/size)?",
				Blanks: []Blank{{"sectors", strings.TrimSpace(sectors)}},
				Why:    "size= in bytes, rounded up to whole 512-byte sectors",
			},
			{
				Ask:    "What does HDIO_GETGEO return (hdparm -g: cylinders/heads/sectors)?",
				Blanks: []Blank{{"geometry", hdparmGeometry(hdparm)}},
				Why:    "C binds / tighter than >>: the line is bytes >> (9/heads/sectors), a shift of 9 for 1/1 and 0 for 1/32, stored in the 16 bits of hd_geometry.cylinders",
			},
			{
				Ask:    "What geometry does fdisk -l /dev/simp_blkdev print?",
				Blanks: []Blank{{"fdisk", fdiskGeometry(fdisk)}},
				Why:    "fdisk takes the heads and sectors from HDIO_GETGEO but counts the cylinders itself, from the disk's size",
			},
		},
	}
	return q, nil
}

// hdparmGeometry is C/H/S from hdparm -g's "geometry = C/H/S, ..." line.
func hdparmGeometry(out string) string {
	for _, l := range strings.Split(out, "\n") {
		if _, rest, ok := strings.Cut(l, "geometry"); ok {
			rest = strings.TrimLeft(rest, " =")
			g, _, _ := strings.Cut(rest, ",")
			return g
		}
	}
	return strings.TrimSpace(out)
}

// fdiskGeometry is fdisk -l's "H heads, S sectors/track, C cylinders" line.
func fdiskGeometry(out string) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "heads,") {
			return strings.TrimSpace(l)
		}
	}
	return strings.TrimSpace(out)
}
