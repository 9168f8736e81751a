package partitions

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const disk16M = 32768 // sectors

// threeLogical is a 16 MiB disk with one primary and an extended partition
// holding a chain of three EBRs, each with one logical partition.
func threeLogical(t *testing.T) *image {
	im := newImage(disk16M)
	im.sectors[0] = table(t, linux(63, 16002), extended(16065, 16065))
	im.sectors[16065] = table(t, linux(63, 5000), extended(5063, 5063))
	im.sectors[21128] = table(t, linux(63, 5000), extended(10126, 5939))
	im.sectors[26191] = table(t, linux(63, 5876))
	return im
}

// selfLoop is a disk whose only EBR, at sector 100, links to itself, with
// a data partition in it when withData.
func selfLoop(t *testing.T, withData bool) *image {
	im := newImage(disk16M)
	im.sectors[0] = table(t, extended(100, 1000))
	if withData {
		im.sectors[100] = table(t, linux(1, 10), extended(0, 1000))
	} else {
		im.sectors[100] = table(t, nil, extended(0, 1000))
	}
	return im
}

// logicalsUpTo is the scan line's names and the partitions of selfLoop
// with data: the same logical partition again under every number below
// limit, as the kernel registers it.
func logicalsUpTo(limit int) ([]Partition, string) {
	parts := []Partition{{1, 100, 2}}
	var names []string
	for n := 5; n < limit; n++ {
		parts = append(parts, Partition{n, 101, 10})
		names = append(names, fmt.Sprintf(" d%d", n))
	}
	return parts, " d: d1 <" + strings.Join(names, "") + " >\n"
}

func TestCheckPartition(t *testing.T) {
	loopParts, loopLine := logicalsUpTo(64)
	bigParts, bigLine := logicalsUpTo(MaxPart)
	tests := []struct {
		name      string
		disk      string
		minors    int
		image     func(t *testing.T) *image
		wantParts []Partition
		wantLine  string
		maxReads  int
	}{
		{name: "primary only", minors: 64,
			image: func(t *testing.T) *image {
				im := newImage(disk16M)
				im.sectors[0] = table(t, linux(63, 16002), linux(16065, 16065))
				return im
			},
			wantParts: []Partition{{1, 63, 16002}, {2, 16065, 16065}},
			wantLine:  " d: d1 d2\n", maxReads: 1},
		{name: "extended with three logical", minors: 64, image: threeLogical,
			wantParts: []Partition{{1, 63, 16002}, {2, 16065, 2}, {5, 16128, 5000}, {6, 21191, 5000}, {7, 26254, 5876}},
			wantLine:  " d: d1 d2 < d5 d6 d7 >\n", maxReads: 4},
		{name: "logical partitions beyond the minors", minors: 6, image: threeLogical,
			wantParts: []Partition{{1, 63, 16002}, {2, 16065, 2}, {5, 16128, 5000}},
			wantLine:  " d: d1 d2 < d5 >\n", maxReads: 2},
		{name: "primary partitions beyond the minors", minors: 4,
			image: func(t *testing.T) *image {
				im := newImage(disk16M)
				im.sectors[0] = table(t, linux(1, 10), linux(11, 10), linux(21, 10), linux(31, 10))
				return im
			},
			wantParts: []Partition{{1, 1, 10}, {2, 11, 10}, {3, 21, 10}},
			wantLine:  " d: d1 d2 d3\n", maxReads: 1},
		{name: "empty entries keep their slots", minors: 64,
			image: func(t *testing.T) *image {
				im := newImage(disk16M)
				zero := linux(2000, 0)
				im.sectors[0] = table(t, nil, linux(63, 1000), zero, linux(3000, 1000))
				return im
			},
			wantParts: []Partition{{2, 63, 1000}, {4, 3000, 1000}},
			wantLine:  " d: d2 d4\n", maxReads: 1},
		{name: "an EBR linking to itself, without data", minors: 64,
			image:     func(t *testing.T) *image { return selfLoop(t, false) },
			wantParts: []Partition{{1, 100, 2}},
			wantLine:  " d: d1 < >\n", maxReads: 1 + maxLinksWithoutData},
		{name: "an EBR linking to itself, with data", minors: 64,
			image:     func(t *testing.T) *image { return selfLoop(t, true) },
			wantParts: loopParts, wantLine: loopLine, maxReads: 1 + 59},
		{name: "a loop with data on a disk of two minors", minors: 2,
			image:     func(t *testing.T) *image { return selfLoop(t, true) },
			wantParts: []Partition{{1, 100, 2}},
			wantLine:  " d: d1 < >\n", maxReads: 1},
		{name: "more minors than parts[] holds", minors: 1 << 20,
			image:     func(t *testing.T) *image { return selfLoop(t, true) },
			wantParts: bigParts, wantLine: bigLine, maxReads: MaxPart},
		{name: "an EBR link outside the disk", minors: 64,
			image: func(t *testing.T) *image {
				im := newImage(disk16M)
				im.sectors[0] = table(t, extended(100, 1000))
				im.sectors[100] = table(t, linux(1, 10), extended(50000, 10))
				return im
			},
			wantParts: []Partition{{1, 100, 2}, {5, 101, 10}},
			wantLine:  " d: d1 < d5 >\n", maxReads: 3},
		{name: "an extended partition wrapping the u32 sector", minors: 64,
			image: func(t *testing.T) *image {
				im := newImage(disk16M)
				im.sectors[0] = table(t, extended(0xffffff00, 0x1000))
				return im
			},
			wantParts: []Partition{{1, 0xffffff00, 2}},
			wantLine:  " d: d1 < >\n", maxReads: 2},
		{name: "garbage in an EBR's 3rd and 4th entries", minors: 64,
			image: func(t *testing.T) *image {
				im := newImage(disk16M)
				im.sectors[0] = table(t, extended(100, 1000))
				im.sectors[100] = table(t, linux(1, 10), nil, linux(500, 100), linux(900, 200))
				return im
			},
			wantParts: []Partition{{1, 100, 2}, {5, 101, 10}, {6, 600, 100}},
			wantLine:  " d: d1 < d5 d6 >\n", maxReads: 2},
		{name: "a partition past the end of the disk", minors: 64,
			image: func(t *testing.T) *image {
				im := newImage(disk16M)
				im.sectors[0] = table(t, linux(30000, 5000))
				return im
			},
			wantParts: []Partition{{1, 30000, 5000}},
			wantLine:  " d: d1\n", maxReads: 1},
		{name: "a bad signature", minors: 64,
			image: func(t *testing.T) *image {
				im := newImage(disk16M)
				im.sectors[0] = table(t, linux(63, 16002))
				im.sectors[0][511] = 0xab
				return im
			},
			wantLine: " d: unknown partition table\n", maxReads: 1},
		{name: "no table at all", minors: 64,
			image:    func(t *testing.T) *image { return newImage(disk16M) },
			wantLine: " d: unknown partition table\n", maxReads: 1},
		{name: "a boot flag other than 0 and 0x80", minors: 64,
			image: func(t *testing.T) *image {
				im := newImage(disk16M)
				im.sectors[0] = rawSector()
				rawEntry(im.sectors[0], 0, 0x80, 0x83, 63, 1000)
				rawEntry(im.sectors[0], 3, 0x01, 0x83, 2000, 1000)
				return im
			},
			wantLine: " d: unknown partition table\n", maxReads: 1},
		{name: "a GPT's protective MBR", minors: 64,
			image: func(t *testing.T) *image {
				im := newImage(disk16M)
				im.sectors[0] = rawSector()
				rawEntry(im.sectors[0], 0, 0, EFI_PMBR_OSTYPE_EFI_GPT, 1, disk16M-1)
				return im
			},
			wantLine: " d: unknown partition table\n", maxReads: 1},
		{name: "sector 0 unreadable", minors: 64,
			image: func(t *testing.T) *image {
				im := newImage(disk16M)
				im.bad[0] = true
				return im
			},
			wantLine: " d: unable to read partition table\n", maxReads: 1},
		{name: "Disk Manager's type is marked", minors: 64,
			image: func(t *testing.T) *image {
				im := newImage(disk16M)
				im.sectors[0] = rawSector()
				rawEntry(im.sectors[0], 0, 0, DM6_PARTITION, 63, 1000)
				return im
			},
			wantParts: []Partition{{1, 63, 1000}},
			wantLine:  " d: d1[DM]\n", maxReads: 1},
		{name: "a disk name ending in a digit", disk: "disk0", minors: 64,
			image: func(t *testing.T) *image {
				im := newImage(disk16M)
				im.sectors[0] = table(t, linux(63, 16002), linux(16065, 16065))
				return im
			},
			wantParts: []Partition{{1, 63, 16002}, {2, 16065, 16065}},
			wantLine:  " disk0: p1 p2\n", maxReads: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := tt.disk
			if name == "" {
				name = "d"
			}
			im := tt.image(t)
			parts, line := CheckPartition(name, tt.minors, im)
			if diff := cmp.Diff(tt.wantParts, parts); diff != "" {
				t.Errorf("partitions (-want +got):\n%s", diff)
			}
			if line != tt.wantLine {
				t.Errorf("scan line %q, want %q", line, tt.wantLine)
			}
			if im.reads > tt.maxReads {
				t.Errorf("%d sectors read, want at most %d", im.reads, tt.maxReads)
			}
		})
	}
}

func TestExceedsCapacity(t *testing.T) {
	for _, tt := range []struct {
		p    Partition
		want string
	}{
		{Partition{1, 63, disk16M - 63}, ""},
		{Partition{2, 30000, 5000}, " simp_blkdev: p2 exceeds device capacity\n"},
		{Partition{6, disk16M, 1}, " simp_blkdev: p6 exceeds device capacity\n"},
		{Partition{5, 0xffffffff, 0xffffffff}, " simp_blkdev: p5 exceeds device capacity\n"},
	} {
		if got := ExceedsCapacity("simp_blkdev", tt.p, disk16M); got != tt.want {
			t.Errorf("ExceedsCapacity(%+v) = %q, want %q", tt.p, got, tt.want)
		}
	}
}
