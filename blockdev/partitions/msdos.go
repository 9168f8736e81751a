package partitions

import "encoding/binary"

// The partition types msdos.c looks at (include/linux/genhd.h,
// fs/partitions/efi.h).
const (
	DOS_EXTENDED_PARTITION   = 0x05
	WIN98_EXTENDED_PARTITION = 0x0f
	LINUX_EXTENDED_PARTITION = 0x85
	DM6_PARTITION            = 0x54 // OnTrack Disk Manager 6
	EZD_PARTITION            = 0x55 // EZ-Drive
	EFI_PMBR_OSTYPE_EFI_GPT  = 0xee // a GPT's protective entry
)

// The layout of an MBR or EBR sector.
const (
	tableOffset = 0x1be // four 16-byte entries
	entrySize   = 16
	magicOffset = 510 // 0x55 0xAA
)

// maxLinksWithoutData is parse_extended()'s loopct limit: it follows at
// most 100 links of the chain in a row that hold no data partition.
const maxLinksWithoutData = 100

// entry models struct partition (include/linux/genhd.h): boot_ind, start
// CHS, sys_ind, end CHS, then start_sect and nr_sects as little-endian u32.
type entry []byte

func entryOf(sector []byte, i int) entry {
	return entry(sector[tableOffset+i*entrySize : tableOffset+(i+1)*entrySize])
}

func (p entry) bootInd() byte     { return p[0] }
func (p entry) sysInd() byte      { return p[4] }
func (p entry) startSect() uint32 { return binary.LittleEndian.Uint32(p[8:]) }
func (p entry) nrSects() uint32   { return binary.LittleEndian.Uint32(p[12:]) }

// isExtendedPartition models is_extended_partition() (msdos.c).
func (p entry) isExtendedPartition() bool {
	switch p.sysInd() {
	case DOS_EXTENDED_PARTITION, WIN98_EXTENDED_PARTITION, LINUX_EXTENDED_PARTITION:
		return true
	}
	return false
}

// msdosMagicPresent models msdos_magic_present(): 0x55 0xAA at 510.
func msdosMagicPresent(sector []byte) bool {
	return sector[magicOffset] == 0x55 && sector[magicOffset+1] == 0xaa
}

// readSector models read_dev_sector(): a sector shorter than 512 bytes is
// as unreadable as one the reader refused.
func (s *state) readSector(n uint64) ([]byte, bool) {
	data, ok := s.r.ReadSector(n)
	if !ok || len(data) < SectorSize {
		return nil, false
	}
	return data, true
}

// msdosPartition models msdos_partition() (fs/partitions/msdos.c, 2.6.18):
// -1 when sector 0 cannot be read; 0 (no table) without the 0x55AA
// signature, when a primary entry's boot indicator is neither 0 nor 0x80
// (2.6.18 rejects the sector outright; 2.6.26 and later first ask whether
// it is a FAT boot sector), or when an entry is a GPT's protective one (a
// GPT is efi.c's to parse, and an MBR parser must not take it); else 1,
// with the primary entries in slots 1–4 (empty ones skipped, gaps kept) and
// each extended entry's logical partitions from 5 on, printed between " <"
// and " >". An extended entry itself is registered with 2 sectors (1 if it
// has only one), so that nobody makes a file system on it.
//
// The second pass over BSD, Solaris, Minix and UnixWare sub-partitions is
// not modelled: such entries are plain primaries here.
func (s *state) msdosPartition() int {
	data, ok := s.readSector(0)
	if !ok {
		return -1
	}
	if !msdosMagicPresent(data) {
		return 0
	}
	for slot := 0; slot < 4; slot++ {
		if b := entryOf(data, slot).bootInd(); b != 0 && b != 0x80 {
			return 0
		}
	}
	for slot := 0; slot < 4; slot++ {
		if entryOf(data, slot).sysInd() == EFI_PMBR_OSTYPE_EFI_GPT {
			return 0
		}
	}
	s.next = 5
	for slot := 1; slot <= 4; slot++ {
		p := entryOf(data, slot-1)
		start, size := uint64(p.startSect()), uint64(p.nrSects())
		if size == 0 {
			continue
		}
		if p.isExtendedPartition() {
			s.putPartition(slot, start, min(size, 2))
			s.printk(" <")
			s.parseExtended(p.startSect(), p.nrSects())
			s.printk(" >")
			continue
		}
		s.putPartition(slot, start, size)
		switch p.sysInd() {
		case DM6_PARTITION:
			s.printk("[DM]")
		case EZD_PARTITION:
			s.printk("[EZD]")
		}
	}
	s.printk("\n")
	return 1
}

// parseExtended models parse_extended() (fs/partitions/msdos.c, 2.6.18):
// walk the chain of EBRs of the extended partition at firstSector. In each
// EBR every non-extended entry of non-zero size is a logical partition
// starting relative to that EBR, except that the 3rd and 4th entries, often
// garbage, count only when they lie inside both the EBR's own extent and
// the extended partition; the first extended entry links to the next EBR,
// relative to firstSector. The walk ends at an EBR that cannot be read or
// lacks the signature, an EBR without a link, the partition limit, or 100
// links in a row without a data partition (a chain that loops back on
// itself). Sector arithmetic is the kernel's u32, wrapping as it does.
//
// 2.6.18 stops at the limit with ==, which a disk of fewer than 5 minors
// never meets (logical numbers start at 5), so a loop of EBRs that each
// hold a data partition would spin forever; >= stops it at once, and no
// partition is lost: none of those numbers is below the limit anyway.
func (s *state) parseExtended(firstSector, firstSize uint32) {
	thisSector, thisSize := firstSector, firstSize
	loopct := 0
	for {
		if loopct++; loopct > maxLinksWithoutData || s.next >= s.limit {
			return
		}
		data, ok := s.readSector(uint64(thisSector))
		if !ok || !msdosMagicPresent(data) {
			return
		}
		for i := 0; i < 4; i++ {
			p := entryOf(data, i)
			if p.nrSects() == 0 || p.isExtendedPartition() {
				continue
			}
			offs, size := p.startSect(), p.nrSects()
			next := thisSector + offs
			if i >= 2 {
				if offs+size > thisSize || next < firstSector || next+size > firstSector+firstSize {
					continue
				}
			}
			s.putPartition(s.next, uint64(next), uint64(size))
			loopct = 0
			if s.next++; s.next >= s.limit {
				return
			}
		}
		link := -1
		for i := 0; i < 4; i++ {
			if p := entryOf(data, i); p.nrSects() != 0 && p.isExtendedPartition() {
				link = i
				break
			}
		}
		if link < 0 {
			return
		}
		p := entryOf(data, link)
		thisSector, thisSize = firstSector+p.startSect(), p.nrSects()
	}
}
