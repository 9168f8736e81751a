//go:build linux

package serve

import "simpblkdev/blockdev/errno"

// The fallocate(2) modes a block device takes (include/uapi/linux/falloc.h).
const (
	fallocKeepSize    = 0x01 // FALLOC_FL_KEEP_SIZE
	fallocPunchHole   = 0x02 // FALLOC_FL_PUNCH_HOLE
	fallocNoHideStale = 0x04 // FALLOC_FL_NO_HIDE_STALE
	fallocZeroRange   = 0x10 // FALLOC_FL_ZERO_RANGE
)

// zeroChunk is how much one zeroing write moves.
const zeroChunk = 1 << 20

// Fallocate models blkdev_fallocate() (block/fops.c, Linux 6.x), what the
// real kernel does for fallocate(2) of a block device, which is what the
// loop driver sends for a discard (PUNCH_HOLE) or WRITE_ZEROES (ZERO_RANGE):
// both zero the range, here by direct writes of zeros, as the simulated
// disks have neither discard nor write-zeroes. Offset and length must be
// multiples of 512 (EINVAL); a range past the end is cut with KEEP_SIZE and
// refused without (EINVAL); any other mode, plain allocation included, is
// EOPNOTSUPP, as a device cannot grow.
func (d *Device) Fallocate(mode uint32, off, length int64) error {
	switch mode {
	case fallocZeroRange | fallocKeepSize, fallocZeroRange,
		fallocPunchHole | fallocKeepSize, fallocPunchHole | fallocKeepSize | fallocNoHideStale:
	default:
		return errno.EOPNOTSUPP
	}
	if off < 0 || length <= 0 || (off|length)&(sectorSize-1) != 0 {
		return errno.EINVAL
	}
	size := d.Size()
	if off >= size {
		return errno.EINVAL
	}
	if off+length > size {
		if mode&fallocKeepSize == 0 {
			return errno.EINVAL
		}
		length = size - off
	}
	return d.zero(off, length)
}

// zero writes zeros over [off, off+length), both sector-aligned.
func (d *Device) zero(off, length int64) error {
	zeros := make([]byte, min(length, zeroChunk))
	for length > 0 {
		n := min(length, int64(len(zeros)))
		if _, err := d.WriteAt(zeros[:n], off); err != nil {
			return err
		}
		off += n
		length -= n
	}
	return nil
}
