package partitions

import (
	"testing"

	_ "simpblkdev/internal/golden" // accepts go test ./... -update
)

// maxReads bounds the sectors one scan may read: sector 0, then for each of
// the four primary entries a chain of at most 100 links per logical
// partition found, of which there are fewer than MaxPart.
const maxReads = 1 + 4*maxLinksWithoutData + (maxLinksWithoutData+1)*MaxPart

// FuzzParseMSDOS scans an arbitrary first sector and EBR: the MBR is sector
// 0, the EBR appears wherever the chain asks for a sector (so any link
// finds it, and a chain can loop through it), on a disk of any size and
// any number of minors. Whatever the bytes, the scan must end within
// maxReads reads, return partitions numbered 1 to minors-1 in order, each
// of non-zero size, and every one either inside the disk or reported by
// ExceedsCapacity; its line must begin with the disk's name and end in a
// newline.
func FuzzParseMSDOS(f *testing.F) {
	primary := table(f, linux(63, 16002), linux(16065, 16065))
	chain := table(f, linux(63, 5000), extended(5063, 5063))
	withExtended := table(f, linux(63, 16002), extended(16065, 16065))
	loop := table(f, linux(1, 10), extended(0, 1000))
	badFlag := rawSector()
	rawEntry(badFlag, 1, 0x01, 0x83, 63, 100)
	past := table(f, linux(30000, 5000))
	f.Add(primary, []byte{}, uint64(disk16M), 64)
	f.Add(withExtended, chain, uint64(disk16M), 64)
	f.Add(withExtended, loop, uint64(disk16M), 64)
	f.Add(withExtended, loop, uint64(disk16M), 2)
	f.Add(badFlag, []byte{}, uint64(disk16M), 64)
	f.Add(past, []byte{}, uint64(disk16M), 16)
	f.Add(withExtended, chain, uint64(100), 1<<20)
	f.Fuzz(func(t *testing.T, mbrSector, ebr []byte, size uint64, minors int) {
		if minors < 2 {
			return // rescan_partitions never scans a disk of one minor
		}
		r := &fuzzDisk{mbr: mbrSector, ebr: ebr, size: size}
		parts, line := CheckPartition("simp_blkdev", minors, r)
		if r.reads > maxReads {
			t.Fatalf("%d sectors read, want at most %d", r.reads, maxReads)
		}
		if len(line) < len(" simp_blkdev:\n") || line[:len(" simp_blkdev:")] != " simp_blkdev:" || line[len(line)-1] != '\n' {
			t.Fatalf("scan line %q", line)
		}
		prev := 0
		for _, p := range parts {
			if p.N <= prev || p.N >= minors || p.N >= MaxPart || p.Size == 0 {
				t.Fatalf("partition %+v after %d on a disk of %d minors", p, prev, minors)
			}
			prev = p.N
			if p.From+p.Size > size && ExceedsCapacity("simp_blkdev", p, size) == "" {
				t.Fatalf("partition %+v reaches past %d sectors unreported", p, size)
			}
		}
	})
}

// fuzzDisk answers sector 0 with the fuzzed MBR and every other sector of
// the disk with the fuzzed EBR (each padded or cut to 512 bytes).
type fuzzDisk struct {
	mbr, ebr []byte
	size     uint64
	reads    int
}

func (d *fuzzDisk) ReadSector(n uint64) ([]byte, bool) {
	d.reads++
	if n >= d.size {
		return nil, false
	}
	out := make([]byte, SectorSize)
	if n == 0 {
		copy(out, d.mbr)
	} else {
		copy(out, d.ebr)
	}
	return out, true
}
