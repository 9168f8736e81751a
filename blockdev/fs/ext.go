package fs

import (
	"encoding/binary"
	"fmt"
	iofs "io/fs"
	"math/rand/v2"
	"path"
	"strings"
	"time"

	"github.com/diskfs/go-diskfs/filesystem"
	"github.com/diskfs/go-diskfs/filesystem/ext4"
	"github.com/google/uuid"
)

// mke2fs 1.39 defaults for the sizes the simulator uses (misc/mke2fs.conf of
// that release): "floppy" below 3 MiB, "small" below 512 MiB (1 KiB blocks,
// one inode per 4 KiB), otherwise 4 KiB blocks and one inode per 8 KiB; 5% of
// the blocks reserved for root; a check every 20+(UUID jitter) mounts or 180
// days.
const (
	extInodeSize       = 256 // go-diskfs always writes 256-byte inodes (mke2fs 1.39: 128)
	extDescSize        = 64  // 64bit is always on in go-diskfs, so descriptors are 64 bytes
	extReservedPercent = 5
	extDefaultMaxMount = 20              // EXT2_DFL_MAX_MNT_COUNT
	extCheckInterval   = 180 * 24 * 3600 // EXT2_DFL_CHECKINTERVAL
	extLostFound       = "lost+found"
)

// extFeatures are the go-diskfs features Mkfs turns off to stay as close to
// mke2fs 1.39's ext3 as go-diskfs allows. What stays on: has_journal,
// ext_attr, filetype, sparse_super, large_file (as mke2fs 1.39), and extent
// and 64bit (which go-diskfs cannot do without).
var extFeatures = []ext4.FeatureOpt{
	ext4.WithFeatureFlexBlockGroups(false),
	ext4.WithFeatureHugeFile(false),
	ext4.WithFeatureMetadataChecksums(false),
	ext4.WithFeatureGDTChecksum(false),
	// go-diskfs's resize inode (inode 7) has a wrong i_size that e2fsck
	// rejects, so there are no reserved GDT blocks either.
	ext4.WithFeatureReservedGDTBlocksForExpansion(false),
	ext4.WithFeatureDirectoryIndices(false), // go-diskfs writes linear directories only
}

// extParams is everything that decides the bytes of a new ext file system.
// Mkfs computes it from the device size and MkfsOptions; compaction reads it
// back from the superblock, so the remade file system is the same one.
type extParams struct {
	blocks        uint64 // file system size in blocks (may be less than the device)
	blockSize     uint32
	inodes        uint32
	journal       bool
	uuid          uuid.UUID
	hashSeed      [16]byte
	label         string
	mkfsTime      time.Time
	writeTime     time.Time
	checkTime     time.Time
	mountTime     time.Time
	reserved      uint64
	maxMountCount uint16
	checkInterval uint32
	lostFound     bool
}

// planExt decides the layout mke2fs 1.39 would choose for a device of this
// size, within what go-diskfs can make. unused is the number of blocks at the
// end of the device left out (mke2fs: "warning: N blocks unused").
func planExt(size int64, o MkfsOptions) (p extParams, unused uint64, err error) {
	const MiB = 1 << 20
	p.blockSize, p.journal = 1024, true
	ratio := uint64(4096)
	switch {
	case size < 3*MiB:
		ratio = 8192
	case size >= 512*MiB:
		p.blockSize, ratio = 4096, 8192
	}
	bs := uint64(p.blockSize)
	n := uint64(size) / bs
	devBlocks := n
	bpg := 8 * bs
	fdb := uint64(0)
	if bs == 1024 {
		fdb = 1
	}
	var groups, ipg uint64
	for {
		if n <= fdb+16 {
			return p, 0, fmt.Errorf("device of %d bytes is too small for a file system", size)
		}
		groups = ceilDiv(n-fdb, bpg)
		ipg = ceilDiv(n*bs/ratio, groups)
		ipg = (ipg + 7) &^ 7
		if ipg > bpg {
			ipg = bpg
		}
		itb := ipg * extInodeSize / bs
		overhead := 2 + itb
		if extHasSuper(groups - 1) {
			overhead += 1 + ceilDiv(groups*extDescSize, bs)
		}
		rem := (n - fdb) % bpg
		if groups == 1 && rem != 0 && rem < overhead {
			return p, 0, fmt.Errorf("Could not allocate block in ext2 filesystem while trying to allocate filesystem tables")
		}
		if rem != 0 && rem < overhead+50 {
			n -= rem
			continue
		}
		// go-diskfs counts groups as ceil(blocks/blocks_per_group), the
		// kernel as ceil((blocks-first_data_block)/blocks_per_group); they
		// differ only when the last group would hold a single block.
		if ceilDiv(n, bpg) != groups {
			n--
			continue
		}
		break
	}
	p.blocks, p.inodes = n, uint32(ipg*groups)
	p.reserved = n * extReservedPercent / 100
	// go-diskfs makes the journal at least 4 MiB (mke2fs 1.39: 1024 blocks
	// below 32768 blocks); leave it out where it would not fit, as mke2fs does
	// below 2048 blocks ("Filesystem too small for a journal").
	if n < 2048 || extJournalBlocks(n, p.blockSize)+extMetaBlocks(n, p.blockSize, groups, ipg)+64 > n {
		p.journal = false
	}

	rng := rand.New(rand.NewPCG(uint64(o.Seed), 0x6d6b6532667331)) // "mke2fs1"
	var u [16]byte
	for i := range u {
		u[i] = byte(rng.Uint32())
	}
	u[6] = u[6]&0x0f | 0x40 // version 4, as uuid_generate() makes from /dev/urandom
	u[8] = u[8]&0x3f | 0x80
	p.uuid = uuid.UUID(u)
	for i := range p.hashSeed {
		p.hashSeed[i] = byte(rng.Uint32())
	}
	p.hashSeed[6] = p.hashSeed[6]&0x0f | 0x40
	p.hashSeed[8] = p.hashSeed[8]&0x3f | 0x80

	now := o.Now
	if now.IsZero() {
		now = DefaultTime
	}
	p.mkfsTime, p.writeTime, p.checkTime = now, now, now
	p.label = o.Label
	// mke2fs 1.39: s_max_mnt_count = EXT2_DFL_MAX_MNT_COUNT + (sum of the
	// UUID's bytes) % EXT2_DFL_MAX_MNT_COUNT, "so that we don't check all
	// the filesystems at the same time".
	sum := 0
	for _, b := range u {
		sum += int(b)
	}
	p.maxMountCount = uint16(extDefaultMaxMount + sum%extDefaultMaxMount)
	p.checkInterval = extCheckInterval
	p.lostFound = true
	return p, devBlocks - n, nil
}

// extJournalBlocks is the size go-diskfs gives the journal (initJournal):
// blocks/32 between 1024 and 102400 blocks, then clamped to 4–128 MiB.
func extJournalBlocks(blocks uint64, bs uint32) uint64 {
	j := max(1024, min(102400, blocks/32))
	size := min(max(j*uint64(bs), 4<<20), 128<<20)
	return size / uint64(bs)
}

// extMetaBlocks counts the blocks of superblocks, descriptors, bitmaps and
// inode tables (the "overhead" of ext3_statfs).
func extMetaBlocks(blocks uint64, bs uint32, groups, ipg uint64) uint64 {
	fdb := uint64(0)
	if bs == 1024 {
		fdb = 1
	}
	gdb := ceilDiv(groups*extDescSize, uint64(bs))
	meta := fdb + groups*(2+ipg*extInodeSize/uint64(bs))
	for g := uint64(0); g < groups; g++ {
		if extHasSuper(g) {
			meta += 1 + gdb
		}
	}
	return meta
}

// extHasSuper is ext2fs_bg_has_super with sparse_super: groups 0, 1 and the
// powers of 3, 5 and 7 keep a copy of the superblock and descriptors.
func extHasSuper(g uint64) bool {
	if g <= 1 {
		return true
	}
	for _, b := range []uint64{3, 5, 7} {
		x := b
		for x < g {
			x *= b
		}
		if x == g {
			return true
		}
	}
	return false
}

func ceilDiv(a, b uint64) uint64 { return (a + b - 1) / b }

// extFormat makes the file system: go-diskfs's ext4.Create does the work;
// then, as mke2fs does, we set the label, make lost+found (mode 0700) and
// give root and lost+found their time stamps; finally extTune sets the
// superblock fields go-diskfs has no parameter for.
func extFormat(st *storage, p extParams) error {
	feats := append([]ext4.FeatureOpt{ext4.WithFeatureHasJournal(p.journal)}, extFeatures...)
	spb := uint8(p.blockSize / 512)
	u := p.uuid
	fsys, err := createExt(st, int64(p.blocks)*int64(p.blockSize), &ext4.Params{
		UUID:            &u,
		SectorsPerBlock: spb,
		InodeCount:      p.inodes,
		Features:        feats,
	})
	if err != nil {
		return err
	}
	if err := fsys.SetLabel(p.label); err != nil {
		return err
	}
	t := p.mkfsTime
	if p.lostFound {
		if err := fsys.Mkdir(extLostFound); err != nil {
			return err
		}
		if err := fsys.Chmod(extLostFound, 0o700); err != nil {
			return err
		}
		if err := fsys.Chtimes(extLostFound, t, t, t); err != nil {
			return err
		}
	}
	if err := fsys.Chtimes(".", t, t, t); err != nil {
		return err
	}
	return extTune(st, p)
}

// createExt calls ext4.Create, turning a panic inside go-diskfs (it panics,
// for instance, when 64bit is turned off) into an error.
func createExt(st *storage, size int64, params *ext4.Params) (fsys *ext4.FileSystem, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("go-diskfs ext4.Create panicked: %v", r)
		}
	}()
	return ext4.Create(st, size, 0, 512, params)
}

// Superblock field offsets (struct ext2_super_block, e2fsprogs
// lib/ext2fs/ext2_fs.h).
const (
	sbInodesCount     = 0x00
	sbBlocksCount     = 0x04
	sbRBlocksCount    = 0x08
	sbFreeBlocks      = 0x0C
	sbFreeInodes      = 0x10
	sbFirstDataBlock  = 0x14
	sbLogBlockSize    = 0x18
	sbLogFragSize     = 0x1C
	sbBlocksPerGroup  = 0x20
	sbFragsPerGroup   = 0x24
	sbInodesPerGroup  = 0x28
	sbMtime           = 0x2C
	sbWtime           = 0x30
	sbMaxMntCount     = 0x36
	sbMagic           = 0x38
	sbLastcheck       = 0x40
	sbCheckinterval   = 0x44
	sbCreatorOS       = 0x48
	sbInodeSize       = 0x58
	sbFeatureCompat   = 0x5C
	sbFeatureIncompat = 0x60
	sbFeatureRoCompat = 0x64
	sbUUID            = 0x68
	sbVolumeName      = 0x78
	sbLastMounted     = 0x88
	sbReservedGDT     = 0xCE
	sbHashSeed        = 0xEC
	sbJnlBackupType   = 0xFD
	sbDescSize        = 0xFE
	sbMkfsTime        = 0x108
	sbJnlBlocks       = 0x10C // s_jnl_blocks[17]: [15] i_size_high, [16] i_size
	sbBlocksCountHi   = 0x150
	sbRBlocksCountHi  = 0x154
	sbFreeBlocksHi    = 0x158
	sbMtimeHi         = 0x274
	sbWtimeHi         = 0x275
	sbMkfsTimeHi      = 0x276
	sbLastcheckHi     = 0x277

	compatHasJournal   = 0x0004
	incompat64Bit      = 0x0080
	roCompatSparse     = 0x0001
	roCompatMetaCsum   = 0x0400
	extSuperMagic      = 0xEF53
	extSuperblockBytes = 1024
)

// extTune sets what mke2fs sets and go-diskfs v1.9.4 does not, in every copy
// of the superblock (tune2fs's job, done at mkfs time):
//   - s_r_blocks_count: go-diskfs computes percent/100*blocks in integer
//     arithmetic, which is 0 for any percentage below 100;
//   - s_max_mnt_count and s_checkinterval: go-diskfs writes 100 and 0;
//   - the time stamps and the directory hash seed: go-diskfs takes them from
//     time.Now and uuid.NewRandom, which would make every image different;
//   - s_last_mounted: go-diskfs writes "/", mke2fs leaves it empty.
//
// Nothing else is touched; there is no superblock checksum without
// metadata_csum, which extFeatures turns off.
func extTune(st *storage, p extParams) error {
	return forEachSuper(st, func(sb []byte) {
		le := binary.LittleEndian
		le.PutUint32(sb[sbRBlocksCount:], uint32(p.reserved))
		if le.Uint32(sb[sbFeatureIncompat:])&incompat64Bit != 0 {
			le.PutUint32(sb[sbRBlocksCountHi:], uint32(p.reserved>>32))
		}
		putTime := func(lo, hi int, t time.Time) {
			var s int64
			if !t.IsZero() {
				s = t.Unix()
			}
			le.PutUint32(sb[lo:], uint32(s))
			sb[hi] = byte(s >> 32)
		}
		putTime(sbMtime, sbMtimeHi, p.mountTime)
		putTime(sbWtime, sbWtimeHi, p.writeTime)
		putTime(sbLastcheck, sbLastcheckHi, p.checkTime)
		putTime(sbMkfsTime, sbMkfsTimeHi, p.mkfsTime)
		le.PutUint16(sb[sbMaxMntCount:], p.maxMountCount)
		le.PutUint32(sb[sbCheckinterval:], p.checkInterval)
		copy(sb[sbHashSeed:sbHashSeed+16], p.hashSeed[:])
		clear(sb[sbLastMounted : sbLastMounted+64])
	})
}

// forEachSuper reads, changes and writes back the primary superblock and
// every backup copy.
func forEachSuper(st *storage, change func(sb []byte)) error {
	primary := make([]byte, extSuperblockBytes)
	if _, err := st.ReadAt(primary, 1024); err != nil {
		return err
	}
	s := parseExtSuper(primary)
	if s.roCompat&roCompatMetaCsum != 0 {
		return fmt.Errorf("superblock has metadata_csum; refusing to edit it")
	}
	offsets := []int64{1024}
	for g := uint64(1); g < s.groups(); g++ {
		if s.roCompat&roCompatSparse == 0 || extHasSuper(g) {
			offsets = append(offsets, int64(uint64(s.firstDataBlock)+g*uint64(s.blocksPerGroup))*int64(s.blockSize))
		}
	}
	for _, off := range offsets {
		sb := make([]byte, extSuperblockBytes)
		if _, err := st.ReadAt(sb, off); err != nil {
			return err
		}
		if binary.LittleEndian.Uint16(sb[sbMagic:]) != extSuperMagic {
			return fmt.Errorf("no superblock copy at byte %d", off)
		}
		change(sb)
		if _, err := st.WriteAt(sb, off); err != nil {
			return err
		}
	}
	return nil
}

// extSuper is the part of an ext superblock this package reads (for the
// mke2fs report, statfs and compaction).
type extSuper struct {
	inodes, freeInodes                  uint32
	blocks, reserved, freeBlocks        uint64
	firstDataBlock, blockSize, fragSize uint32
	blocksPerGroup, fragsPerGroup       uint32
	inodesPerGroup                      uint32
	inodeSize                           uint16
	descSize                            uint16
	reservedGDT                         uint16
	maxMountCount                       uint16
	checkInterval                       uint32
	creatorOS                           uint32
	compat, incompat, roCompat          uint32
	uuid                                uuid.UUID
	hashSeed                            [16]byte
	label                               string
	mountTime, writeTime                time.Time
	mkfsTime, checkTime                 time.Time
	journalBlocks                       uint64
}

func parseExtSuper(b []byte) extSuper {
	le := binary.LittleEndian
	t := func(lo, hi int) time.Time {
		s := int64(le.Uint32(b[lo:])) | int64(b[hi])<<32
		if s == 0 {
			return time.Time{}
		}
		return time.Unix(s, 0).UTC()
	}
	s := extSuper{
		inodes:         le.Uint32(b[sbInodesCount:]),
		freeInodes:     le.Uint32(b[sbFreeInodes:]),
		blocks:         uint64(le.Uint32(b[sbBlocksCount:])),
		reserved:       uint64(le.Uint32(b[sbRBlocksCount:])),
		freeBlocks:     uint64(le.Uint32(b[sbFreeBlocks:])),
		firstDataBlock: le.Uint32(b[sbFirstDataBlock:]),
		blockSize:      1024 << (le.Uint32(b[sbLogBlockSize:]) & 0xf),
		fragSize:       1024 << (le.Uint32(b[sbLogFragSize:]) & 0xf),
		blocksPerGroup: le.Uint32(b[sbBlocksPerGroup:]),
		fragsPerGroup:  le.Uint32(b[sbFragsPerGroup:]),
		inodesPerGroup: le.Uint32(b[sbInodesPerGroup:]),
		inodeSize:      le.Uint16(b[sbInodeSize:]),
		descSize:       32,
		reservedGDT:    le.Uint16(b[sbReservedGDT:]),
		maxMountCount:  le.Uint16(b[sbMaxMntCount:]),
		checkInterval:  le.Uint32(b[sbCheckinterval:]),
		creatorOS:      le.Uint32(b[sbCreatorOS:]),
		compat:         le.Uint32(b[sbFeatureCompat:]),
		incompat:       le.Uint32(b[sbFeatureIncompat:]),
		roCompat:       le.Uint32(b[sbFeatureRoCompat:]),
		label:          strings.TrimRight(string(b[sbVolumeName:sbVolumeName+16]), "\x00"),
		mountTime:      t(sbMtime, sbMtimeHi),
		writeTime:      t(sbWtime, sbWtimeHi),
		mkfsTime:       t(sbMkfsTime, sbMkfsTimeHi),
		checkTime:      t(sbLastcheck, sbLastcheckHi),
	}
	copy(s.uuid[:], b[sbUUID:sbUUID+16])
	copy(s.hashSeed[:], b[sbHashSeed:sbHashSeed+16])
	if s.incompat&incompat64Bit != 0 {
		s.blocks |= uint64(le.Uint32(b[sbBlocksCountHi:])) << 32
		s.reserved |= uint64(le.Uint32(b[sbRBlocksCountHi:])) << 32
		s.freeBlocks |= uint64(le.Uint32(b[sbFreeBlocksHi:])) << 32
		if d := le.Uint16(b[sbDescSize:]); d != 0 {
			s.descSize = d
		}
	}
	if s.inodeSize == 0 {
		s.inodeSize = 128 // revision 0
	}
	if s.compat&compatHasJournal != 0 && b[sbJnlBackupType] == 1 { // EXT3_JNL_BACKUP_BLOCKS
		size := uint64(le.Uint32(b[sbJnlBlocks+16*4:])) | uint64(le.Uint32(b[sbJnlBlocks+15*4:]))<<32
		s.journalBlocks = size / uint64(s.blockSize)
	}
	return s
}

func (s extSuper) groups() uint64 {
	if s.blocksPerGroup == 0 {
		return 0
	}
	return ceilDiv(s.blocks-uint64(s.firstDataBlock), uint64(s.blocksPerGroup))
}

func (s extSuper) hasSuper(g uint64) bool {
	return s.roCompat&roCompatSparse == 0 || extHasSuper(g)
}

func readExtSuper(st *storage) (extSuper, error) {
	b := make([]byte, extSuperblockBytes)
	if _, err := st.ReadAt(b, 1024); err != nil {
		return extSuper{}, err
	}
	if binary.LittleEndian.Uint16(b[sbMagic:]) != extSuperMagic {
		return extSuper{}, ErrWrongFSType
	}
	s := parseExtSuper(b)
	if s.blocksPerGroup == 0 || s.inodesPerGroup == 0 || s.blocks <= uint64(s.firstDataBlock) {
		return extSuper{}, ErrWrongFSType
	}
	return s, nil
}

// statfs is ext3_statfs (fs/ext3/super.c, 2.6.18; ext4_statfs of 2.6.27 is
// the same without flex_bg): the blocks holding superblocks, descriptors,
// bitmaps and inode tables are not counted in f_blocks, and f_bavail leaves
// out the blocks reserved for root.
func (s extSuper) statfs() Statfs {
	groups := s.groups()
	gdb := ceilDiv(groups*uint64(s.descSize), uint64(s.blockSize))
	overhead := uint64(s.firstDataBlock)
	for g := uint64(0); g < groups; g++ {
		if s.hasSuper(g) {
			overhead += 1 + gdb
		}
	}
	itb := uint64(s.inodesPerGroup) * uint64(s.inodeSize) / uint64(s.blockSize)
	overhead += groups * (2 + itb)
	st := Statfs{
		Type:    Ext4,
		Bsize:   int64(s.blockSize),
		Blocks:  s.blocks - overhead,
		Bfree:   s.freeBlocks,
		Files:   uint64(s.inodes),
		Ffree:   uint64(s.freeInodes),
		Namelen: 255,
	}
	if s.freeBlocks > s.reserved {
		st.Bavail = s.freeBlocks - s.reserved
	}
	return st
}

// extBanner is what mke2fs 1.39 prints (misc/mke2fs.c: PRS, show_stats,
// write_inode_tables, main, print_check_message), filled in from the
// superblock read back from the device. The inode-table progress counter
// ("1/2" and backspaces) is shown as a terminal leaves it: erased by "done"
// and the spaces after it.
func extBanner(s extSuper, unused uint64) string {
	var b strings.Builder
	b.WriteString("mke2fs 1.39 (29-May-2006)\n")
	if unused > 0 {
		fmt.Fprintf(&b, "warning: %d blocks unused.\n\n", unused)
	}
	fmt.Fprintf(&b, "Filesystem label=%s\n", s.label)
	os := "(unknown os)"
	switch s.creatorOS {
	case 0:
		os = "Linux"
	case 1:
		os = "Hurd"
	case 2:
		os = "Masix"
	case 3:
		os = "FreeBSD"
	case 4:
		os = "Lites"
	}
	fmt.Fprintf(&b, "OS type: %s\n", os)
	fmt.Fprintf(&b, "Block size=%d (log=%d)\n", s.blockSize, log2(s.blockSize)-10)
	fmt.Fprintf(&b, "Fragment size=%d (log=%d)\n", s.fragSize, log2(s.fragSize)-10)
	fmt.Fprintf(&b, "%d inodes, %d blocks\n", s.inodes, s.blocks)
	fmt.Fprintf(&b, "%d blocks (%2.2f%%) reserved for the super user\n", s.reserved, 100*float64(s.reserved)/float64(s.blocks))
	fmt.Fprintf(&b, "First data block=%d\n", s.firstDataBlock)
	groups := s.groups()
	if s.reservedGDT > 0 {
		descBlocks := ceilDiv(groups*uint64(s.descSize), uint64(s.blockSize))
		fmt.Fprintf(&b, "Maximum filesystem blocks=%d\n",
			(uint64(s.reservedGDT)+descBlocks)*(uint64(s.blockSize)/uint64(s.descSize))*uint64(s.blocksPerGroup))
	}
	if groups > 1 {
		fmt.Fprintf(&b, "%d block groups\n", groups)
	} else {
		fmt.Fprintf(&b, "%d block group\n", groups)
	}
	fmt.Fprintf(&b, "%d blocks per group, %d fragments per group\n", s.blocksPerGroup, s.fragsPerGroup)
	fmt.Fprintf(&b, "%d inodes per group\n", s.inodesPerGroup)
	if groups == 1 {
		b.WriteString("\n")
	} else {
		b.WriteString("Superblock backups stored on blocks: ")
		groupBlock := uint64(s.firstDataBlock)
		colLeft := 0
		for g := uint64(1); g < groups; g++ {
			groupBlock += uint64(s.blocksPerGroup)
			if !s.hasSuper(g) {
				continue
			}
			if g != 1 {
				b.WriteString(", ")
			}
			need := len(fmt.Sprint(groupBlock)) + 2 // int_log10(n)+2; mke2fs's int_log10 counts the digits
			if need > colLeft {
				b.WriteString("\n\t")
				colLeft = 72
			}
			colLeft -= need
			fmt.Fprintf(&b, "%d", groupBlock)
		}
		b.WriteString("\n\n")
	}
	b.WriteString("Writing inode tables: done                            \n")
	if s.compat&compatHasJournal != 0 {
		fmt.Fprintf(&b, "Creating journal (%d blocks): done\n", s.journalBlocks)
	} else {
		b.WriteString("\nFilesystem too small for a journal\n")
	}
	b.WriteString("Writing superblocks and filesystem accounting information: done\n\n")
	fmt.Fprintf(&b, "This filesystem will be automatically checked every %d mounts or\n"+
		"%g days, whichever comes first.  Use tune2fs -c or -i to override.\n",
		int16(s.maxMountCount), float64(s.checkInterval)/(3600*24))
	return b.String()
}

func log2(n uint32) int {
	l := 0
	for n > 1 {
		n >>= 1
		l++
	}
	return l
}

// mkfsExt is Mkfs for the ext types.
func mkfsExt(dev Device, t Type, o MkfsOptions) (string, error) {
	switch t {
	case Ext2, Ext3:
		// go-diskfs v1.9.4 cannot make ext2 or ext3: every inode it writes
		// has an extent tree (e2fsck rejects that without the extent
		// feature), and with the 64bit feature off it panics writing the
		// group descriptors. Say so plainly and point at what works.
		return "", fmt.Errorf("mkfs.%s: %w: this simulator makes ext4 only (go-diskfs cannot turn off ext4's extents); use mkfs.ext4", t, ErrUnsupportedType)
	}
	st := newStorage(dev)
	p, unused, err := planExt(dev.Size(), o)
	if err != nil {
		return "", fmt.Errorf("mke2fs: %w", err)
	}
	err = extFormat(st, p)
	if _, derr := st.take(); derr != nil {
		// mke2fs reports a failed write through com_err: the errno's
		// text, then what it was doing.
		return "", &mkfsError{fmt.Sprintf("mke2fs: %s while writing out and closing file system", derr), derr}
	}
	if err != nil {
		return "", fmt.Errorf("mke2fs: %w", err)
	}
	s, err := readExtSuper(st)
	if _, derr := st.take(); derr != nil {
		err = derr
	}
	if err != nil {
		return "", fmt.Errorf("mke2fs: reading back the superblock: %w", err)
	}
	return extBanner(s, unused), nil
}

// extDriver is a mounted ext4 file system.
type extDriver struct {
	st *storage
	fs *ext4.FileSystem
	sb extSuper // as found at mount: the identity compaction keeps
	lf bool
}

func openExt(st *storage) (*extDriver, error) {
	s, err := readExtSuper(st)
	if err != nil {
		return nil, err
	}
	fsys, err := readExt(st, s)
	if err != nil {
		return nil, fmt.Errorf("%w: go-diskfs cannot read this ext file system: %v", ErrWrongFSType, err)
	}
	return &extDriver{st: st, fs: fsys, sb: s}, nil
}

func readExt(st *storage, s extSuper) (fsys *ext4.FileSystem, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("go-diskfs ext4.Read panicked: %v", r)
		}
	}()
	return ext4.Read(st, int64(s.blocks)*int64(s.blockSize), 0, 512)
}

func (d *extDriver) typ() Type                  { return Ext4 }
func (d *extDriver) gfs() filesystem.FileSystem { return d.fs }
func (d *extDriver) lostFound() string          { return extLostFound }
func (d *extDriver) foldCase() bool             { return false }
func (d *extDriver) unit() int                  { return int(d.sb.blockSize) }

func (d *extDriver) created() time.Time {
	if d.sb.mkfsTime.IsZero() {
		return DefaultTime
	}
	return d.sb.mkfsTime
}

func (d *extDriver) reformat(lostFound bool) error {
	s := d.sb
	p := extParams{
		blocks:        s.blocks,
		blockSize:     s.blockSize,
		inodes:        s.inodes,
		journal:       s.compat&compatHasJournal != 0,
		uuid:          s.uuid,
		hashSeed:      s.hashSeed,
		label:         s.label,
		mkfsTime:      s.mkfsTime,
		writeTime:     s.writeTime,
		checkTime:     s.checkTime,
		mountTime:     s.mountTime,
		reserved:      s.reserved,
		maxMountCount: s.maxMountCount,
		checkInterval: s.checkInterval,
		lostFound:     lostFound,
	}
	if err := extFormat(d.st, p); err != nil {
		return err
	}
	fsys, err := readExt(d.st, s)
	if err != nil {
		return err
	}
	d.fs = fsys
	return nil
}

func (d *extDriver) statfs() (Statfs, error) {
	s, err := readExtSuper(d.st)
	if err != nil {
		return Statfs{}, err
	}
	return s.statfs(), nil
}

// info describes an entry. The FileInfo of go-diskfs's ReadDir has no
// permission bits (directoryEntryInfo.Info builds the mode from the
// directory entry's file type only), so the mode comes from Stat.
func (d *extDriver) info(abs string, fi iofs.FileInfo) (Entry, error) {
	st, err := d.fs.Stat(rel(abs))
	if err != nil {
		return Entry{}, err
	}
	return Entry{Name: path.Base(abs), IsDir: fi.IsDir(), Size: fi.Size(), Mode: st.Mode(), ModTime: fi.ModTime().UTC()}, nil
}

func (d *extDriver) setAttr(rel string, _ bool, mode iofs.FileMode, t time.Time) error {
	if err := d.fs.Chmod(rel, mode.Perm()); err != nil {
		return err
	}
	return d.fs.Chtimes(rel, t, t, t)
}
