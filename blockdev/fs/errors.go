package fs

import (
	"errors"
	iofs "io/fs"
	"strings"
	"syscall"
)

// Errno is an error number with the C library's strerror text, which is what
// a shell of the tutorial's era prints ("cp: writing `/mnt/temp1/x': No space
// left on device"). Go's own syscall.Errno prints lower-case texts ("no space
// left on device"), so the file system returns these instead.
//
// errors.Is(err, syscall.ENOSPC) and errors.Is(err, fs.ErrNotExist) both work
// on the errors this package returns, and errors.As(err, &e) with a
// fs.Errno (or syscall.Errno) variable recovers the number.
type Errno syscall.Errno

// The errors the file system layer returns. Every failure of an operation is
// wrapped in an *io/fs.PathError whose Err is one of these.
const (
	EPERM        = Errno(syscall.EPERM)
	ENOENT       = Errno(syscall.ENOENT)
	EIO          = Errno(syscall.EIO)
	EEXIST       = Errno(syscall.EEXIST)
	ENOTDIR      = Errno(syscall.ENOTDIR)
	EISDIR       = Errno(syscall.EISDIR)
	EINVAL       = Errno(syscall.EINVAL)
	ENOSPC       = Errno(syscall.ENOSPC)
	EROFS        = Errno(syscall.EROFS)
	ENOTEMPTY    = Errno(syscall.ENOTEMPTY)
	EBUSY        = Errno(syscall.EBUSY)
	ENAMETOOLONG = Errno(syscall.ENAMETOOLONG)
)

var strerror = map[Errno]string{
	EPERM:        "Operation not permitted",
	ENOENT:       "No such file or directory",
	EIO:          "Input/output error",
	EEXIST:       "File exists",
	ENOTDIR:      "Not a directory",
	EISDIR:       "Is a directory",
	EINVAL:       "Invalid argument",
	ENOSPC:       "No space left on device",
	EROFS:        "Read-only file system",
	ENOTEMPTY:    "Directory not empty",
	EBUSY:        "Device or resource busy",
	ENAMETOOLONG: "File name too long",
}

// Error returns strerror(e).
func (e Errno) Error() string {
	if s, ok := strerror[e]; ok {
		return s
	}
	return syscall.Errno(e).Error()
}

// Is lets errors.Is match the same number as a syscall.Errno, and the io/fs
// sentinels (ENOENT is fs.ErrNotExist, EEXIST is fs.ErrExist, ...).
func (e Errno) Is(target error) bool {
	if t, ok := target.(syscall.Errno); ok {
		return syscall.Errno(e) == t
	}
	return syscall.Errno(e).Is(target)
}

// As lets errors.As fill a syscall.Errno variable.
func (e Errno) As(target any) bool {
	if t, ok := target.(*syscall.Errno); ok {
		*t = syscall.Errno(e)
		return true
	}
	return false
}

// ErrWrongFSType is what Mount returns for a device that holds no file system
// it recognises. The kernel's mount(2) fails with EINVAL and mount(8) prints
// "wrong fs type, bad option, bad superblock on /dev/…"; errors.Is(err,
// syscall.EINVAL) holds.
var ErrWrongFSType = &wrongFSType{}

type wrongFSType struct{}

func (*wrongFSType) Error() string {
	return "wrong fs type, bad option, bad superblock"
}

func (*wrongFSType) Is(target error) bool {
	return target == syscall.EINVAL || target == EINVAL
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
func errnoOf(err error) Errno {
	var e Errno
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
			return ENOSPC
		}
	}
	return EIO
}
