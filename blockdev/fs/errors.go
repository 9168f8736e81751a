package fs

import (
	"errors"
	iofs "io/fs"
	"strings"

	"simpblkdev/blockdev/errno"
)

// ErrWrongFSType is what Mount returns for a device that holds no file system
// it recognises. The kernel's mount(2) fails with EINVAL and mount(8) prints
// "wrong fs type, bad option, bad superblock on /dev/…"; errors.Is(err,
// errno.EINVAL) holds.
var ErrWrongFSType = &wrongFSType{}

type wrongFSType struct{}

func (*wrongFSType) Error() string {
	return "wrong fs type, bad option, bad superblock"
}

func (*wrongFSType) Is(target error) bool {
	return target == errno.EINVAL
}

// ErrUnsupportedType is returned (wrapped, with the reason) by Mkfs for a type
// this package cannot create; see the Type constants.
var ErrUnsupportedType = errors.New("file system type not supported")

func pathErr(op, path string, err error) error {
	return &iofs.PathError{Op: op, Path: path, Err: err}
}

// errnoOf maps an error coming out of go-diskfs to an errno. go-diskfs
// returns plain fmt.Errorf strings, not typed errors, so the only way to tell
// "the disk is full" from "something broke" is the message; the strings below
// are the ones go-diskfs v1.9.4 uses when an allocation fails. Anything else
// is an I/O error: it means go-diskfs could not do what it should have been
// able to do.
func errnoOf(err error) errno.Errno {
	var e errno.Errno
	if errors.As(err, &e) {
		return e
	}
	msg := err.Error()
	for _, s := range []string{
		"blocks free, requires",        // ext4 allocateExtents: superblock says too few
		"could not allocate",           // ext4 allocateExtents: bitmaps say too few
		"no free inodes",               // ext4 allocateInode
		"no space left on device",      // fat12 allocateSpace
		"root directory full",          // fat12/16 fixed root directory
		"cannot allocate more than",    // ext4 single extent limit
		"internal nodes not supported", // ext4 directory needs too many extents
	} {
		if strings.Contains(msg, s) {
			return errno.ENOSPC
		}
	}
	return errno.EIO
}
