package fs

import (
	"encoding/binary"
	"errors"
	"fmt"
	iofs "io/fs"
	"path"
	"strings"
	"time"

	"github.com/diskfs/go-diskfs/filesystem"
	"github.com/diskfs/go-diskfs/filesystem/fat12"
	"github.com/diskfs/go-diskfs/filesystem/fat16"
	"github.com/diskfs/go-diskfs/filesystem/fat32"
	"simpblkdev/blockdev/errno"
)

// mkdosfs 2.11 (dosfstools, as mkfs.vfat and mkfs.msdos) on a block device
// that is not a floppy: media 0xf8, 512 root directory entries, 2 FATs, one
// reserved sector, 4 sectors per cluster to start with, FAT32 only above
// 1064960 sectors (520 MiB), otherwise FAT12 or FAT16, whichever gives more
// clusters (FAT12 must stay below 4085 clusters: FAT12_THRESHOLD).
const (
	fat32Threshold = 1064960 // sectors
	fat12Threshold = 4085
	maxClust12     = (1 << 12) - 16
	maxClust16     = (1 << 16) - 16
)

// fatBits chooses the FAT size the way mkdosfs 2.11's setup_tables does for
// a hard disk of the given number of 512-byte sectors.
func fatBits(sectors uint64) int {
	if sectors > fat32Threshold {
		return 32
	}
	const nrFats, rootSectors, reserved, sectorSize = 2, 32, 1, 512
	fatdata := int64(sectors) - rootSectors - reserved
	cdiv := func(a, b int64) int64 { return (a + b - 1) / b }
	for cs := int64(4); cs <= 128; cs <<= 1 {
		clust12 := 2 * (fatdata*sectorSize + nrFats*3) / (2*cs*sectorSize + nrFats*3)
		fatlength12 := cdiv(((clust12+2)*3+1)>>1, sectorSize)
		clust12 = (fatdata - nrFats*fatlength12) / cs
		maxclust12 := min(fatlength12*2*sectorSize/3, maxClust12)
		if clust12 > maxclust12-2 {
			clust12 = 0
		}
		clust16 := (fatdata*sectorSize + nrFats*4) / (cs*sectorSize + nrFats*2)
		fatlength16 := cdiv((clust16+2)*2, sectorSize)
		clust16 = (fatdata - nrFats*fatlength16) / cs
		maxclust16 := min(fatlength16*sectorSize/2, maxClust16)
		if clust16 > maxclust16-2 || clust16 < fat12Threshold {
			clust16 = 0
		}
		if clust12 > 0 || clust16 > 0 {
			if clust16 > clust12 {
				return 16
			}
			return 12
		}
	}
	return 16
}

// fatParams decides the bytes of a new FAT file system.
type fatParams struct {
	bits           int
	volumeID       uint32
	heads, sectors uint16
	label          string
}

// fatFormat makes the file system with go-diskfs's fat12/fat16/fat32 Create,
// then writes into the boot sector the two things mkdosfs takes from its
// environment and go-diskfs has no parameter for: the drive geometry
// (HDIO_GETGEO; go-diskfs writes 255/63, 2/18 or 1/1) and the volume ID
// (mkdosfs 2.11: the creation time; go-diskfs: 0 or a clock reading). Last it
// gives the volume label entry go-diskfs puts in the root directory the
// creation time.
func fatFormat(st *storage, p fatParams, created time.Time) (filesystem.FileSystem, error) {
	size := st.dev.Size() / 512 * 512
	// mkdosfs clears the reserved sectors before it writes the boot sector;
	// go-diskfs does not. Without it the superblock of an ext file system
	// made earlier (at byte 1024) would survive in go-diskfs's 4 reserved
	// sectors of FAT16, and the device would look like ext again.
	if _, err := st.WriteAt(make([]byte, min(8*512, size)), 0); err != nil {
		return nil, err
	}
	var err error
	switch p.bits {
	case 12:
		_, err = fat12.Create(st, size, 0, 512, p.label, true)
	case 16:
		_, err = fat16.Create(st, size, 0, 512, p.label, true)
	case 32:
		_, err = fat32.Create(st, size, 0, 512, p.label, true)
	default:
		err = fmt.Errorf("no FAT%d", p.bits)
	}
	if err != nil {
		return nil, err
	}
	idOff := int64(0x27)
	bootSectors := []int64{0}
	if p.bits == 32 {
		idOff = 0x43
		bootSectors = append(bootSectors, 6) // the backup boot sector go-diskfs writes
	}
	for _, sec := range bootSectors {
		b := make([]byte, 512)
		if _, err := st.ReadAt(b, sec*512); err != nil {
			return nil, err
		}
		binary.LittleEndian.PutUint16(b[0x18:], p.sectors)
		binary.LittleEndian.PutUint16(b[0x1A:], p.heads)
		binary.LittleEndian.PutUint32(b[idOff:], p.volumeID)
		if _, err := st.WriteAt(b, sec*512); err != nil {
			return nil, err
		}
	}
	if p.bits != 32 {
		if err := fatFreeCluster2(st); err != nil {
			return nil, err
		}
	}
	fsys, err := readFAT(st, p.bits)
	if err != nil {
		return nil, err
	}
	if err := fatStampLabel(fsys, created); err != nil {
		return nil, err
	}
	return fsys, nil
}

// fatFreeCluster2 undoes a slip of go-diskfs's fat12 and fat16 Create: they
// mark cluster 2 end-of-chain "for the root directory", but on FAT12/16 the
// root directory has its own fixed area and cluster 2 is an ordinary data
// cluster; mkdosfs leaves it free, and fsck.fat would reclaim it as lost. Its
// entry is cleared in every copy of the FAT.
func fatFreeCluster2(st *storage) error {
	p, err := readBPB(st.dev)
	if err != nil {
		return err
	}
	for i := uint32(0); i < p.fats; i++ {
		off := int64((p.reserved + i*p.fatSectors) * p.bytesPerSector)
		b := make([]byte, 6)
		if _, err := st.ReadAt(b, off); err != nil {
			return err
		}
		if p.bits == 12 {
			b[3], b[4] = 0, b[4]&0xf0 // entry 2: byte 3 and the low nibble of byte 4
		} else {
			b[4], b[5] = 0, 0
		}
		if _, err := st.WriteAt(b, off); err != nil {
			return err
		}
	}
	return nil
}

// fatStampLabel sets the time stamps of the volume label entry.
func fatStampLabel(fsys filesystem.FileSystem, t time.Time) error {
	label := strings.TrimRight(fsys.Label(), " ")
	if label == "" {
		return nil
	}
	return fsys.Chtimes("/"+label, t, t, t)
}

func readFAT(st *storage, bits int) (filesystem.FileSystem, error) {
	size := st.dev.Size() / 512 * 512
	switch bits {
	case 12:
		return fat12.Read(st, size, 0, 512)
	case 16:
		return fat16.Read(st, size, 0, 512)
	case 32:
		return fat32.Read(st, size, 0, 512)
	}
	return nil, fmt.Errorf("no FAT%d", bits)
}

// bpb is the part of a FAT boot sector this package reads.
type bpb struct {
	oem               string
	bytesPerSector    uint32
	sectorsPerCluster uint32
	reserved          uint32
	fats              uint32
	rootEntries       uint32
	totalSectors      uint32
	media             uint8
	fatSectors        uint32
	sectorsPerTrack   uint16
	heads             uint16
	volumeID          uint32
	label             string
	clusters          uint32
	bits              int
}

var errNoFAT = errors.New("no FAT boot sector")

func readBPB(dev Device) (bpb, error) {
	b := make([]byte, 512)
	if _, err := dev.ReadAt(b, 0); err != nil {
		return bpb{}, err
	}
	le := binary.LittleEndian
	if b[510] != 0x55 || b[511] != 0xAA {
		return bpb{}, errNoFAT
	}
	p := bpb{
		oem:               strings.TrimRight(string(b[3:11]), " \x00"),
		bytesPerSector:    uint32(le.Uint16(b[0x0B:])),
		sectorsPerCluster: uint32(b[0x0D]),
		reserved:          uint32(le.Uint16(b[0x0E:])),
		fats:              uint32(b[0x10]),
		rootEntries:       uint32(le.Uint16(b[0x11:])),
		totalSectors:      uint32(le.Uint16(b[0x13:])),
		media:             b[0x15],
		fatSectors:        uint32(le.Uint16(b[0x16:])),
		sectorsPerTrack:   le.Uint16(b[0x18:]),
		heads:             le.Uint16(b[0x1A:]),
	}
	if p.totalSectors == 0 {
		p.totalSectors = le.Uint32(b[0x20:])
	}
	vi := 0x24 // struct msdos_volume_info of FAT12/16
	if p.fatSectors == 0 {
		p.fatSectors = le.Uint32(b[0x24:])
		vi = 0x40 // FAT32's comes after its extra fields
	}
	switch p.bytesPerSector {
	case 512, 1024, 2048, 4096:
	default:
		return bpb{}, errNoFAT
	}
	if p.sectorsPerCluster == 0 || p.sectorsPerCluster&(p.sectorsPerCluster-1) != 0 ||
		p.reserved == 0 || p.fats == 0 || p.fatSectors == 0 || p.totalSectors == 0 {
		return bpb{}, errNoFAT
	}
	rootSectors := (p.rootEntries*32 + p.bytesPerSector - 1) / p.bytesPerSector
	meta := p.reserved + p.fats*p.fatSectors + rootSectors
	if meta >= p.totalSectors || uint64(p.totalSectors)*uint64(p.bytesPerSector) > uint64(dev.Size()) {
		return bpb{}, errNoFAT
	}
	p.clusters = (p.totalSectors - meta) / p.sectorsPerCluster
	switch {
	case p.clusters < 4085:
		p.bits = 12
	case p.clusters < 65525:
		p.bits = 16
	default:
		p.bits = 32
	}
	if (p.bits == 32) != (p.rootEntries == 0) {
		return bpb{}, errNoFAT
	}
	if b[vi+2] == 0x29 { // extended boot signature: ID and label present
		p.volumeID = le.Uint32(b[vi+3:])
		p.label = string(b[vi+7 : vi+18])
	}
	return p, nil
}

// statfs is fat_statfs (fs/fat/inode.c): the units are clusters, all of the
// data area counts, and every free cluster is available.
func (p bpb) statfs(dev Device) (Statfs, error) {
	fat := make([]byte, p.fatSectors*p.bytesPerSector)
	if _, err := dev.ReadAt(fat, int64(p.reserved*p.bytesPerSector)); err != nil {
		return Statfs{}, err
	}
	free := uint64(0)
	for c := uint32(2); c < p.clusters+2; c++ {
		var v uint32
		switch p.bits {
		case 12:
			i := c * 3 / 2
			if c&1 == 0 {
				v = uint32(fat[i]) | uint32(fat[i+1]&0x0f)<<8
			} else {
				v = uint32(fat[i])>>4 | uint32(fat[i+1])<<4
			}
		case 16:
			v = uint32(binary.LittleEndian.Uint16(fat[c*2:]))
		case 32:
			v = binary.LittleEndian.Uint32(fat[c*4:]) & 0x0fffffff
		}
		if v == 0 {
			free++
		}
	}
	return Statfs{
		Type:    Vfat,
		Bsize:   int64(p.sectorsPerCluster * p.bytesPerSector),
		Blocks:  uint64(p.clusters),
		Bfree:   free,
		Bavail:  free,
		Namelen: 260,
	}, nil
}

func (p bpb) hasLabel() bool {
	l := strings.TrimRight(p.label, " ")
	return l != "" && l != "NO NAME"
}

// fatBanner is what mkdosfs 2.11 prints, with the -v report filled in from
// the boot sector read back from the device. Without a geometry from
// HDIO_GETGEO it says so, in 2.11's words and without a newline (2.11 forgot
// it; dosfstools 3.0 added it).
func fatBanner(program string, p bpb, o MkfsOptions) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s 2.11 (12 Mar 2005)\n", program)
	if o.Geometry == nil {
		b.WriteString("unable to get drive geometry, using default 255/63")
	}
	if !o.Verbose {
		return b.String()
	}
	plural := func(n uint32, s string) string {
		if n != 1 {
			return s
		}
		return ""
	}
	dev := o.Device
	if dev == "" {
		dev = "/dev/simp_blkdev"
	}
	fmt.Fprintf(&b, "%s has %d head%s and %d sector%s per track,\n", dev,
		p.heads, plural(uint32(p.heads), "s"), p.sectorsPerTrack, plural(uint32(p.sectorsPerTrack), "s"))
	fmt.Fprintf(&b, "logical sector size is %d,\n", p.bytesPerSector)
	fmt.Fprintf(&b, "using 0x%02x media descriptor, with %d sectors;\n", p.media, p.totalSectors)
	fmt.Fprintf(&b, "file system has %d %d-bit FAT%s and %d sector%s per cluster.\n",
		p.fats, p.bits, plural(p.fats, "s"), p.sectorsPerCluster, plural(p.sectorsPerCluster, "s"))
	fmt.Fprintf(&b, "FAT size is %d sector%s, and provides %d cluster%s.\n",
		p.fatSectors, plural(p.fatSectors, "s"), p.clusters, plural(p.clusters, "s"))
	if p.bits != 32 {
		fmt.Fprintf(&b, "Root directory contains %d slots.\n", p.rootEntries)
	}
	fmt.Fprintf(&b, "Volume ID is %08x, ", p.volumeID)
	if p.hasLabel() {
		fmt.Fprintf(&b, "volume label %-11.11s.\n", p.label)
	} else {
		b.WriteString("no volume label.\n")
	}
	return b.String()
}

// mkfsFAT is Mkfs for vfat and msdos.
func mkfsFAT(dev Device, t Type, o MkfsOptions) (string, error) {
	program := "mkfs." + string(t)
	st := newStorage(dev)
	now := o.Now
	if now.IsZero() {
		now = DefaultTime
	}
	p := fatParams{
		bits:     fatBits(uint64(dev.Size() / 512)),
		volumeID: uint32(now.Unix()), // mkdosfs 2.11: volume_id = (long)create_time
		heads:    255,
		sectors:  63,
		label:    o.Label,
	}
	if o.Geometry != nil {
		p.heads, p.sectors = uint16(o.Geometry.Heads), uint16(o.Geometry.Sectors)
	}
	tries := []int{p.bits}
	switch p.bits {
	case 12:
		tries = append(tries, 16)
	case 16:
		tries = append(tries, 12)
	}
	var err error
	for _, bits := range tries {
		p.bits = bits
		_, err = fatFormat(st, p, now)
		if off, derr := st.take(); derr != nil {
			return "", &mkfsError{fmt.Sprintf("%s: failed whilst writing %s", program, fatSection(st.dev, off)), derr}
		}
		if err == nil {
			break
		}
	}
	if err != nil {
		return "", fmt.Errorf("%s: %w", program, err)
	}
	bp, err := readBPB(st.dev)
	if _, derr := st.take(); derr != nil {
		err = derr
	}
	if err != nil {
		return "", fmt.Errorf("%s: reading back the boot sector: %w", program, err)
	}
	return fatBanner(program, bp, o), nil
}

// fatSection names the part of a FAT file system at byte off as mkdosfs
// 2.11's write_tables names it when a write fails ("failed whilst writing
// FAT"); the layout is read from the boot sector, if it was written.
func fatSection(dev Device, off int64) string {
	p, err := readBPB(dev)
	switch {
	case err != nil:
		return "reserved sector" // mkdosfs clears them first
	case off < int64(p.bytesPerSector):
		return "boot sector"
	case off < int64(p.reserved*p.bytesPerSector):
		return "reserved sector"
	case off < int64((p.reserved+p.fats*p.fatSectors)*p.bytesPerSector):
		return "FAT"
	}
	return "root directory"
}

// fatDriver is a mounted FAT file system.
type fatDriver struct {
	st  *storage
	fs  filesystem.FileSystem
	bpb bpb
}

func openFAT(st *storage) (*fatDriver, error) {
	p, err := readBPB(st.dev)
	if err != nil {
		return nil, ErrWrongFSType
	}
	fsys, err := readFATSafely(st, p.bits)
	if err != nil {
		return nil, fmt.Errorf("%w: go-diskfs cannot read this FAT file system: %v", ErrWrongFSType, err)
	}
	return &fatDriver{st: st, fs: fsys, bpb: p}, nil
}

func readFATSafely(st *storage, bits int) (fsys filesystem.FileSystem, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("go-diskfs panicked: %v", r)
		}
	}()
	return readFAT(st, bits)
}

func (d *fatDriver) typ() Type                  { return Vfat }
func (d *fatDriver) gfs() filesystem.FileSystem { return d.fs }
func (d *fatDriver) lostFound() string          { return "" }
func (d *fatDriver) foldCase() bool             { return true }
func (d *fatDriver) unit() int                  { return int(d.bpb.sectorsPerCluster * d.bpb.bytesPerSector) }

// created is mkdosfs 2.11's volume ID read back as the time it was made.
func (d *fatDriver) created() time.Time {
	if d.bpb.volumeID == 0 {
		return DefaultTime
	}
	return time.Unix(int64(d.bpb.volumeID), 0).UTC()
}

func (d *fatDriver) reformat(bool) error {
	label := ""
	if d.bpb.hasLabel() {
		label = strings.TrimRight(d.bpb.label, " ")
	}
	fsys, err := fatFormat(d.st, fatParams{
		bits:     d.bpb.bits,
		volumeID: d.bpb.volumeID,
		heads:    d.bpb.heads,
		sectors:  d.bpb.sectorsPerTrack,
		label:    label,
	}, d.created())
	if err != nil {
		return err
	}
	d.fs = fsys
	return nil
}

func (d *fatDriver) statfs() (Statfs, error) { return d.bpb.statfs(d.st.dev) }

// info describes a FAT entry the way Linux's vfat shows it with the default
// mount options (uid 0, umask 022): every file and directory is rwxr-xr-x.
func (d *fatDriver) info(abs string, fi iofs.FileInfo) (Entry, error) {
	e := Entry{Name: path.Base(abs), IsDir: fi.IsDir(), Size: fi.Size(), Mode: 0o755, ModTime: fi.ModTime().UTC()}
	if e.IsDir {
		e.Mode |= iofs.ModeDir
		e.Size = int64(d.bpb.sectorsPerCluster * d.bpb.bytesPerSector)
		if abs == "/" && d.bpb.bits != 32 {
			e.Size = int64(d.bpb.rootEntries * 32) // the fixed root directory
		}
	}
	return e, nil
}

// setAttr sets the time stamps; FAT keeps no permissions. The root directory
// of FAT has no entry, hence no time stamps.
//
// A new directory's "." and ".." entries get the same stamps, as Linux's
// fat_alloc_new_dir gives them; go-diskfs would leave the host's clock there.
func (d *fatDriver) setAttr(rel string, dir bool, _ iofs.FileMode, t time.Time) error {
	if rel == "." {
		return nil
	}
	if err := d.fs.Chtimes("/"+rel, t, t, t); err != nil || !dir {
		return err
	}
	for _, dot := range []string{"/.", "/.."} {
		if err := d.fs.Chtimes("/"+rel+dot, t, t, t); err != nil {
			return err
		}
	}
	return nil
}

// fit says how much of an n-byte file created in dir may be written, and
// ENOSPC when that is not all of it (or nothing can be created at all).
//
// go-diskfs's FAT allocator walks every entry the FAT sectors can hold, which
// on most sizes is more than the data area has clusters: once the real
// clusters are used up it would hand out clusters past the end of the device
// instead of failing. So the volume never asks it for more than there is:
// the file's clusters, plus one for the directory to grow into unless it is
// the fixed root directory of FAT12/16.
func (d *fatDriver) fit(dir string, n int) (int, error) {
	s, err := d.statfs()
	if err != nil {
		return 0, errno.EIO
	}
	slack := uint64(1)
	if dir == "/" && d.bpb.bits != 32 {
		slack = 0
	}
	if s.Bfree < 1+slack {
		return 0, errno.ENOSPC
	}
	room := (s.Bfree - slack) * uint64(s.Bsize)
	if uint64(n) > room {
		return int(room), errno.ENOSPC
	}
	return n, nil
}
