package shell

import (
	"errors"
	"fmt"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/errno"
)

// What the partitioning tools of the tutorial's box learn about a disk,
// and only through the ioctls they used: HDIO_GETGEO for the heads and
// sectors the driver's getgeo reports (and, for hdparm alone, its
// cylinders), BLKGETSIZE and BLKGETSIZE64 for the size. fdisk and sfdisk
// never believe the kernel's cylinder count, a u16 that overflows on big
// disks (and that chapter 5's getgeo gets wrong): they divide the size by
// heads × sectors themselves.

// diskSize models disksize() (fdisk/disksize.c, util-linux 2.13): the
// size in 512-byte sectors from BLKGETSIZE, or from BLKGETSIZE64 when
// BLKGETSIZE overflows (EFBIG) or disagrees.
func diskSize(b *blockdev.BlockDevice) (uint64, error) {
	var sz, bytes uint64
	if err := b.Ioctl(blockdev.BLKGETSIZE, &sz); err != nil {
		sz = 0
		if !errors.Is(err, errno.EFBIG) {
			return 0, err
		}
	}
	if err := b.Ioctl(blockdev.BLKGETSIZE64, &bytes); err != nil || bytes == 0 || bytes == sz {
		return sz, nil
	}
	return bytes >> 9, nil
}

// kernelGeometry is HDIO_GETGEO: the driver's getgeo, or ENOTTY when it
// has none (the chapters before 5).
func kernelGeometry(b *blockdev.BlockDevice) (blockdev.HdGeometry, error) {
	var g blockdev.HdGeometry
	err := b.Ioctl(blockdev.HDIO_GETGEO, &g)
	return g, err
}

// fdiskGeometry is fdisk's get_geometry() (fdisk/fdisk.c, 2.13): heads and
// sectors from an existing table if its used entries agree (ptHeads,
// ptSectors; 0 when not), else from the kernel, else 255 and 63; the
// cylinders are the size divided by a cylinder, never the kernel's.
type fdiskGeometry struct {
	heads, sectors, cylinders uint32
	total                     uint64 // sectors, from diskSize
}

func getFdiskGeometry(b *blockdev.BlockDevice, ptHeads, ptSectors uint32) fdiskGeometry {
	var kernHeads, kernSectors uint32
	if g, err := kernelGeometry(b); err == nil {
		// never use geometry.cylinders - it is truncated
		kernHeads, kernSectors = uint32(g.Heads), uint32(g.Sectors)
	}
	g := fdiskGeometry{heads: 255, sectors: 63}
	switch {
	case ptHeads != 0:
		g.heads = ptHeads
	case kernHeads != 0:
		g.heads = kernHeads
	}
	switch {
	case ptSectors != 0:
		g.sectors = ptSectors
	case kernSectors != 0:
		g.sectors = kernSectors
	}
	g.total, _ = diskSize(b) // on failure fdisk goes on with 0 sectors
	cyls := g.total / uint64(g.heads*g.sectors)
	g.cylinders = uint32(cyls)
	if uint64(g.cylinders) != cyls { // truncated?
		g.cylinders = ^uint32(0)
	}
	return g
}

// sfdiskGeometry is sfdisk's get_geometry() (fdisk/sfdisk.c, 2.13): heads
// and sectors straight from HDIO_GETGEO (0 without getgeo, with "Disk %s:
// cannot get geometry" unless silent), cylinders from the size.
type sfdiskGeometry struct {
	heads, sectors, cylinders, cylinderSize uint64
	start, total                            uint64
}

func getSfdiskGeometry(p *proc, dev string, b *blockdev.BlockDevice, silent bool) sfdiskGeometry {
	var r sfdiskGeometry
	g, err := kernelGeometry(b)
	if err != nil {
		g = blockdev.HdGeometry{}
		if !silent {
			fmt.Fprintf(p.err, "Disk %s: cannot get geometry\n", dev)
		}
	}
	r.start, r.heads, r.sectors = g.Start, uint64(g.Heads), uint64(g.Sectors)
	r.cylinderSize = r.heads * r.sectors
	if total, err := diskSize(b); err != nil {
		if !silent {
			fmt.Fprintf(p.err, "Disk %s: cannot get size\n", dev)
		}
	} else {
		r.total = total
	}
	if r.cylinderSize != 0 && r.total != 0 {
		r.cylinders = uint64(uint32(r.total / r.cylinderSize)) // an i386 unsigned long
		if r.cylinders != r.total/r.cylinderSize {
			r.cylinders = uint64(^uint32(0))
		}
	}
	return r
}
