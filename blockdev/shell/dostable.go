package shell

import (
	"encoding/binary"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"time"

	"github.com/diskfs/go-diskfs/partition/mbr"
)

// The DOS partition table (MBR) as fdisk and sfdisk of util-linux 2.13
// hold it: the 512-byte sector 0 and its four 16-byte entries at 0x1be.
// Encoding the entries into the sector is go-diskfs's (partition/mbr's
// Table.Write); what go-diskfs leaves to its caller, the cylinder/head/
// sector fields, is computed here the way fdisk's set_hsc() does, since
// old BIOSes and DOS FDISK read them (go-diskfs stores the bytes it is
// given). The table reaches the disk in one write(2) of the whole sector
// through the block device, as fdisk's write_sector() does it.

const (
	ptOffset       = 0x1be // the first entry
	activeFlag     = 0x80
	sysEmpty       = 0x00
	sysExtended    = 0x05
	sysWin98Ext    = 0x0f
	sysLinuxExt    = 0x85
	sysLinuxSwap   = 0x82
	sysLinuxNative = 0x83
)

// isExtended is fdisk.h's IS_EXTENDED.
func isExtended(sys byte) bool {
	return sys == sysExtended || sys == sysWin98Ext || sys == sysLinuxExt
}

// dosEntry is struct partition (fdisk/fdisk.h): the CHS bytes as stored,
// with the cylinder's two high bits in the sector byte.
type dosEntry struct {
	boot, head, sector, cyl, sys, endHead, endSector, endCyl byte
	start, size                                              uint32
}

func entryAt(sector []byte, i int) dosEntry {
	b := sector[ptOffset+16*i:]
	return dosEntry{
		boot: b[0], head: b[1], sector: b[2], cyl: b[3],
		sys: b[4], endHead: b[5], endSector: b[6], endCyl: b[7],
		start: binary.LittleEndian.Uint32(b[8:]), size: binary.LittleEndian.Uint32(b[12:]),
	}
}

// cleared is fdisk's is_cleared_partition(): every byte zero.
func (e dosEntry) cleared() bool { return e == dosEntry{} }

// validSignature is valid_part_table_flag(): 0x55 0xaa at 510.
func validSignature(sector []byte) bool { return sector[510] == 0x55 && sector[511] == 0xaa }

// setHSC is fdisk's set_hsc macro: sector number → the stored CHS bytes
// for a geometry of heads × sectors.
func setHSC(lba, heads, sectors uint32) (h, s, c byte) {
	s32 := lba%sectors + 1
	lba /= sectors
	h = byte(lba % heads)
	lba /= heads
	c = byte(lba & 0xff)
	s = byte(s32) | byte((lba>>2)&0xc0)
	return h, s, c
}

// chsCylinder is fdisk's cylinder(s, c) macro.
func chsCylinder(s, c byte) uint32 { return uint32(c) | uint32(s&0xc0)<<2 }

// encodeTable puts the four entries into a copy of sector (boot code and
// disk signature kept), with the signature, through go-diskfs.
func encodeTable(sector []byte, entries [4]dosEntry) []byte {
	out := make([]byte, 512)
	copy(out, sector[:ptOffset])
	t := &mbr.Table{LogicalSectorSize: 512, PhysicalSectorSize: 512}
	for i, e := range entries {
		t.Partitions = append(t.Partitions, &mbr.Partition{
			Index:    i + 1,
			Bootable: e.boot == activeFlag,
			Type:     mbr.Type(e.sys),
			Start:    e.start, Size: e.size,
			StartHead: e.head, StartSector: e.sector, StartCylinder: e.cyl,
			EndHead: e.endHead, EndSector: e.endSector, EndCylinder: e.endCyl,
		})
	}
	if err := t.Write(&sectorFile{b: out}, 512); err != nil {
		panic(err) // a 512-byte buffer always takes the table
	}
	// go-diskfs's Bootable is a bool; fdisk keeps a garbage flag as read.
	for i, e := range entries {
		out[ptOffset+16*i] = e.boot
	}
	return out
}

// sectorFile is a sector in memory as go-diskfs's backend.WritableFile.
type sectorFile struct{ b []byte }

func (f *sectorFile) WriteAt(p []byte, off int64) (int, error) {
	if off < 0 || off+int64(len(p)) > int64(len(f.b)) {
		return 0, io.ErrShortWrite
	}
	return copy(f.b[off:], p), nil
}

func (f *sectorFile) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 || off >= int64(len(f.b)) {
		return 0, io.EOF
	}
	n := copy(p, f.b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (f *sectorFile) Read([]byte) (int, error)       { return 0, io.EOF }
func (f *sectorFile) Seek(int64, int) (int64, error) { return 0, nil }
func (f *sectorFile) Close() error                   { return nil }
func (f *sectorFile) Stat() (fs.FileInfo, error)     { return sectorInfo{}, nil }

type sectorInfo struct{}

func (sectorInfo) Name() string       { return "mbr" }
func (sectorInfo) Size() int64        { return 512 }
func (sectorInfo) Mode() fs.FileMode  { return 0o600 }
func (sectorInfo) ModTime() time.Time { return time.Time{} }
func (sectorInfo) IsDir() bool        { return false }
func (sectorInfo) Sys() any           { return nil }

// partName is partname() (fdisk/partname.c): the device name, "p" when it
// ends in a digit, and the number.
func partName(dev string, n int) string {
	if dev != "" && dev[len(dev)-1] >= '0' && dev[len(dev)-1] <= '9' {
		return dev + "p" + strconv.Itoa(n)
	}
	return dev + strconv.Itoa(n)
}

// partNameWidth is partname(dev, n, lth) with a width: the device name
// right-aligned in lth-2 columns (less the "p"), the number left-aligned
// in two.
func partNameWidth(dev string, n, lth int) string {
	p := ""
	if dev != "" && dev[len(dev)-1] >= '0' && dev[len(dev)-1] <= '9' {
		p = "p"
	}
	return fmt.Sprintf("%*s%s%-2d", lth-len(p)-2, dev, p, n)
}

// sysTypes is i386_sys_types (fdisk/i386_sys_types.c, 2.13), in its order.
var sysTypes = []struct {
	typ  byte
	name string
}{
	{0x00, "Empty"}, {0x01, "FAT12"}, {0x02, "XENIX root"}, {0x03, "XENIX usr"},
	{0x04, "FAT16 <32M"}, {0x05, "Extended"}, {0x06, "FAT16"}, {0x07, "HPFS/NTFS"},
	{0x08, "AIX"}, {0x09, "AIX bootable"}, {0x0a, "OS/2 Boot Manager"}, {0x0b, "W95 FAT32"},
	{0x0c, "W95 FAT32 (LBA)"}, {0x0e, "W95 FAT16 (LBA)"}, {0x0f, "W95 Ext'd (LBA)"}, {0x10, "OPUS"},
	{0x11, "Hidden FAT12"}, {0x12, "Compaq diagnostics"}, {0x14, "Hidden FAT16 <32M"}, {0x16, "Hidden FAT16"},
	{0x17, "Hidden HPFS/NTFS"}, {0x18, "AST SmartSleep"}, {0x1b, "Hidden W95 FAT32"}, {0x1c, "Hidden W95 FAT32 (LBA)"},
	{0x1e, "Hidden W95 FAT16 (LBA)"}, {0x24, "NEC DOS"}, {0x39, "Plan 9"}, {0x3c, "PartitionMagic recovery"},
	{0x40, "Venix 80286"}, {0x41, "PPC PReP Boot"}, {0x42, "SFS"}, {0x4d, "QNX4.x"},
	{0x4e, "QNX4.x 2nd part"}, {0x4f, "QNX4.x 3rd part"}, {0x50, "OnTrack DM"}, {0x51, "OnTrack DM6 Aux1"},
	{0x52, "CP/M"}, {0x53, "OnTrack DM6 Aux3"}, {0x54, "OnTrackDM6"}, {0x55, "EZ-Drive"},
	{0x56, "Golden Bow"}, {0x5c, "Priam Edisk"}, {0x61, "SpeedStor"}, {0x63, "GNU HURD or SysV"},
	{0x64, "Novell Netware 286"}, {0x65, "Novell Netware 386"}, {0x70, "DiskSecure Multi-Boot"}, {0x75, "PC/IX"},
	{0x80, "Old Minix"}, {0x81, "Minix / old Linux"}, {0x82, "Linux swap / Solaris"}, {0x83, "Linux"},
	{0x84, "OS/2 hidden C: drive"}, {0x85, "Linux extended"}, {0x86, "NTFS volume set"}, {0x87, "NTFS volume set"},
	{0x88, "Linux plaintext"}, {0x8e, "Linux LVM"}, {0x93, "Amoeba"}, {0x94, "Amoeba BBT"},
	{0x9f, "BSD/OS"}, {0xa0, "IBM Thinkpad hibernation"}, {0xa5, "FreeBSD"}, {0xa6, "OpenBSD"},
	{0xa7, "NeXTSTEP"}, {0xa8, "Darwin UFS"}, {0xa9, "NetBSD"}, {0xab, "Darwin boot"},
	{0xb7, "BSDI fs"}, {0xb8, "BSDI swap"}, {0xbb, "Boot Wizard hidden"}, {0xbe, "Solaris boot"},
	{0xbf, "Solaris"}, {0xc1, "DRDOS/sec (FAT-12)"}, {0xc4, "DRDOS/sec (FAT-16 < 32M)"}, {0xc6, "DRDOS/sec (FAT-16)"},
	{0xc7, "Syrinx"}, {0xda, "Non-FS data"}, {0xdb, "CP/M / CTOS / ..."}, {0xde, "Dell Utility"},
	{0xdf, "BootIt"}, {0xe1, "DOS access"}, {0xe3, "DOS R/O"}, {0xe4, "SpeedStor"},
	{0xeb, "BeOS fs"}, {0xee, "EFI GPT"}, {0xef, "EFI (FAT-12/16/32)"}, {0xf0, "Linux/PA-RISC boot"},
	{0xf1, "SpeedStor"}, {0xf4, "SpeedStor"}, {0xf2, "DOS secondary"}, {0xfd, "Linux raid autodetect"},
	{0xfe, "LANstep"}, {0xff, "BBT"},
}

// sysName is partition_type(): the type's name, "" when unknown.
func sysName(t byte) string {
	for _, st := range sysTypes {
		if st.typ == t {
			return st.name
		}
	}
	return ""
}
