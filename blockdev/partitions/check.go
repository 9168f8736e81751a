// Package partitions models the partition-table scan of 2.6.18's
// fs/partitions/: check_partition() and put_partition() of check.c and
// check.h, and the msdos (MBR) parser of msdos.c. It reads the disk only
// through a SectorReader, so it can be tested and fuzzed without a kernel;
// package blockdev runs it from add_disk and ioctl(BLKRRPART) and turns what
// it finds into partitions (rescan_partitions, add_partition).
//
// The scan follows 2.6.18, the tutorial box's kernel. Where a hostile table
// would make that C misbehave (overflow parts[], loop forever) the Go stops
// instead, and the doc comment says where.
package partitions

import (
	"fmt"
	"strings"
)

// SectorSize is the 512-byte unit partition tables count in; the simulated
// queues keep the default hardware sector size of 512 bytes, so the
// kernel's sector_size factor (bdev_hardsect_size / 512) is always 1.
const SectorSize = 512

// MaxPart models MAX_PART (fs/partitions/check.h, 2.6.18): the size of
// parsed_partitions.parts[]. 2.6.18 sets the limit to the disk's minors
// without clamping it, which would overflow parts[] for a disk of more than
// 256 minors; the limit is clamped here, as 2.6.27's disk_max_parts does.
const MaxPart = 256

// SectorReader reads one 512-byte sector of the whole disk, as
// read_dev_sector() does through the disk's page cache. ok is false when
// the sector cannot be read: an I/O error, or a sector past the end of the
// disk.
type SectorReader interface {
	ReadSector(n uint64) (data []byte, ok bool)
}

// Partition is one used slot of parsed_partitions.parts[]: partition number
// N (1–4 primary, 5 on logical), From and Size in sectors of the whole disk.
type Partition struct {
	N          int
	From, Size uint64
}

// state models struct parsed_partitions (fs/partitions/check.h): the name
// put_partition prints before each number, the slots found, the next
// logical number and the limit (the disk's minors), and the text printk'd
// so far.
type state struct {
	name  string
	parts [MaxPart]Partition
	next  int
	limit int
	r     SectorReader
	out   strings.Builder
}

// printk appends to the scan line, as check_partition's and msdos.c's
// continuation printks do.
func (s *state) printk(format string, args ...any) { fmt.Fprintf(&s.out, format, args...) }

// putPartition models put_partition() (fs/partitions/check.h): a slot below
// the limit is recorded and its name printed; one at or above it is
// silently dropped, which is how partitions beyond minors-1 are ignored.
func (s *state) putPartition(n int, from, size uint64) {
	if n < s.limit {
		s.parts[n] = Partition{N: n, From: from, Size: size}
		s.printk(" %s%d", s.name, n)
	}
}

// CheckPartition models check_partition() (fs/partitions/check.c, 2.6.18)
// with msdos_partition as the one parser configured: it prints
// " <disk>:", runs the parser and ends the line; without a table the line
// says " unknown partition table", and when sector 0 cannot be read
// " unable to read partition table". It returns the partitions found, in
// number order, numbered below minors and of non-zero size (those
// rescan_partitions adds), and the line for printk at KERN_INFO.
func CheckPartition(diskName string, minors int, r SectorReader) ([]Partition, string) {
	s := &state{name: diskName, limit: min(minors, MaxPart), r: r}
	s.printk(" %s:", diskName)
	if last := diskName[len(diskName)-1]; last >= '0' && last <= '9' {
		s.name = "p"
	}
	switch res := s.msdosPartition(); {
	case res == 0:
		s.printk(" unknown partition table\n")
		return nil, s.out.String()
	case res < 0:
		s.printk(" unable to read partition table\n")
		return nil, s.out.String()
	}
	var parts []Partition
	for n := 1; n < s.limit; n++ {
		if s.parts[n].Size != 0 {
			parts = append(parts, s.parts[n])
		}
	}
	return parts, s.out.String()
}

// ExceedsCapacity models rescan_partitions()'s check (fs/partitions/
// check.c, 2.6.18): the line it prints, at the default log level, for a
// partition that reaches past the end of a disk of capacity sectors, or ""
// when the partition fits. 2.6.18 adds such a partition all the same; the
// block layer's end-of-device check on the whole disk keeps I/O through it
// from reaching past the disk.
func ExceedsCapacity(diskName string, p Partition, capacity uint64) string {
	if p.From+p.Size <= capacity {
		return ""
	}
	return fmt.Sprintf(" %s: p%d exceeds device capacity\n", diskName, p.N)
}
