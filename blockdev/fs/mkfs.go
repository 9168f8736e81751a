package fs

import (
	"fmt"
)

// Mkfs makes a file system of type t on the whole of dev (a disk or one
// partition: a Device is all it gets) and returns what the real tool of the
// tutorial's era prints: mke2fs 1.39 for ext, mkdosfs 2.11 (as mkfs.vfat or
// mkfs.msdos) for FAT, with the figures read back from what was made.
//
// What gets made, and how it differs from what those tools made, is in
// doc.go. Ext2 and Ext3 give an error wrapping ErrUnsupportedType that says
// why. The same dev size and options always give the same bytes, except the
// inode change times of ext (see doc.go).
func Mkfs(dev Device, t Type, opts MkfsOptions) (banner string, err error) {
	switch t {
	case Ext2, Ext3, Ext4:
		return mkfsExt(dev, t, opts)
	case Vfat, Msdos:
		return mkfsFAT(dev, t, opts)
	}
	return "", fmt.Errorf("mkfs.%s: %w", t, ErrUnsupportedType)
}

// mkfsError is a failure of the device during Mkfs: msg is the tool's
// message, and errors.Is and errors.As find the device's error in it.
type mkfsError struct {
	msg string
	err error
}

func (e *mkfsError) Error() string { return e.msg }
func (e *mkfsError) Unwrap() error { return e.err }
