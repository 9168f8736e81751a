package shell

import (
	"encoding/binary"
	"fmt"

	"simpblkdev/blockdev"
)

// The incompatible features ext2 and ext3 of 2.6.18 know
// (EXT2_FEATURE_INCOMPAT_SUPP, EXT3_FEATURE_INCOMPAT_SUPP in
// include/linux/ext2_fs.h and ext3_fs.h): filetype, meta_bg, and for ext3
// the journal's needs_recovery.
const (
	extIncompatFiletype = 0x0002
	extIncompatRecover  = 0x0004
	extIncompatMetaBG   = 0x0010
	ext2IncompatSupp    = extIncompatFiletype | extIncompatMetaBG
	ext3IncompatSupp    = extIncompatFiletype | extIncompatRecover | extIncompatMetaBG
)

// extUnsupported models the feature check of ext2_fill_super() and
// ext3_fill_super() (fs/ext2/super.c, fs/ext3/super.c, 2.6.18): the
// superblock's s_feature_incompat (offset 0x60 of the superblock at 1024)
// outside what the driver supports. go-diskfs's ext4 has extents and
// 64bit (0xc0), so 2.6.18's ext3 refuses it: mount(2) fails with EINVAL
// after the log line this returns ("" when the driver would go on).
func extUnsupported(b *blockdev.BlockDevice, fstype string) string {
	var sb [4]byte
	if _, err := b.ReadAt(sb[:], 1024+0x60); err != nil {
		return ""
	}
	incompat := binary.LittleEndian.Uint32(sb[:])
	prefix, supp := "EXT3-fs", uint32(ext3IncompatSupp)
	if fstype == "ext2" {
		prefix, supp = "EXT2-fs", ext2IncompatSupp
	}
	if f := incompat &^ supp; f != 0 {
		return fmt.Sprintf("%s: %s: couldn't mount because of unsupported optional features (%x).\n", prefix, b.Name(), f)
	}
	return ""
}
