package partitions

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/diskfs/go-diskfs/partition/mbr"
)

// image is a disk for the parser: size sectors, zero except where sectors
// holds something. It counts the reads, to show that a scan is bounded.
type image struct {
	size    uint64
	sectors map[uint64][]byte
	bad     map[uint64]bool // sectors whose read fails (an I/O error)
	reads   int
}

func newImage(size uint64) *image {
	return &image{size: size, sectors: map[uint64][]byte{}, bad: map[uint64]bool{}}
}

func (im *image) ReadSector(n uint64) ([]byte, bool) {
	im.reads++
	if n >= im.size || im.bad[n] {
		return nil, false
	}
	out := make([]byte, SectorSize)
	copy(out, im.sectors[n])
	return out, true
}

// atOffset lets go-diskfs's mbr.Table.Write, which writes a table at byte
// 446 of its file, write an EBR at any sector: an EBR is laid out as an MBR.
type atOffset struct {
	*os.File
	off int64
}

func (f atOffset) WriteAt(p []byte, off int64) (int, error) { return f.File.WriteAt(p, off+f.off) }

// table returns a sector holding the table go-diskfs writes for entries
// (nil entries are empty slots).
func table(t testing.TB, entries ...*mbr.Partition) []byte {
	t.Helper()
	f, err := os.Create(filepath.Join(t.TempDir(), "sector"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(SectorSize); err != nil {
		t.Fatal(err)
	}
	tab := &mbr.Table{LogicalSectorSize: SectorSize, PhysicalSectorSize: SectorSize}
	for _, e := range entries {
		if e == nil {
			e = &mbr.Partition{Type: mbr.Empty}
		}
		tab.Partitions = append(tab.Partitions, e)
	}
	if err := tab.Write(atOffset{File: f}, SectorSize); err != nil {
		t.Fatal(err)
	}
	b := make([]byte, SectorSize)
	if _, err := f.ReadAt(b, 0); err != nil {
		t.Fatal(err)
	}
	return b
}

// linux and extended are go-diskfs entries of type 0x83 and 0x05.
func linux(start, size uint32) *mbr.Partition {
	return &mbr.Partition{Type: mbr.Linux, Start: start, Size: size}
}

func extended(start, size uint32) *mbr.Partition {
	return &mbr.Partition{Type: mbr.ExtendedCHS, Start: start, Size: size}
}

// rawEntry writes entry i of a sector by hand, for what no partitioning
// library would write: boot flags other than 0 and 0x80, any type.
func rawEntry(sector []byte, i int, boot, typ byte, start, size uint32) {
	e := sector[tableOffset+i*entrySize:]
	e[0], e[4] = boot, typ
	binary.LittleEndian.PutUint32(e[8:], start)
	binary.LittleEndian.PutUint32(e[12:], size)
}

// rawSector is an empty table with the signature.
func rawSector() []byte {
	b := make([]byte, SectorSize)
	b[510], b[511] = 0x55, 0xaa
	return b
}
