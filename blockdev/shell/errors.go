package shell

import (
	"errors"
	"fmt"
	iofs "io/fs"
	"syscall"

	"simpblkdev/blockdev"
)

// The shell's own errors are syscall.Errno values, as system calls return
// them; the tools print them with glibc 2.5's strerror texts below (Go's own
// texts are lower-case and sometimes worded differently).
var glibcStrerror = map[syscall.Errno]string{
	syscall.EPERM:        "Operation not permitted",
	syscall.ENOENT:       "No such file or directory",
	syscall.EIO:          "Input/output error",
	syscall.ENXIO:        "No such device or address",
	syscall.E2BIG:        "Argument list too long",
	syscall.ENOEXEC:      "Exec format error",
	syscall.EBADF:        "Bad file descriptor",
	syscall.EAGAIN:       "Resource temporarily unavailable",
	syscall.ENOMEM:       "Cannot allocate memory",
	syscall.EACCES:       "Permission denied",
	syscall.EFAULT:       "Bad address",
	syscall.ENOTBLK:      "Block device required",
	syscall.EBUSY:        "Device or resource busy",
	syscall.EEXIST:       "File exists",
	syscall.EXDEV:        "Invalid cross-device link",
	syscall.ENODEV:       "No such device",
	syscall.ENOTDIR:      "Not a directory",
	syscall.EISDIR:       "Is a directory",
	syscall.EINVAL:       "Invalid argument",
	syscall.ENOTTY:       "Inappropriate ioctl for device",
	syscall.EFBIG:        "File too large",
	syscall.ENOSPC:       "No space left on device",
	syscall.ESPIPE:       "Illegal seek",
	syscall.EROFS:        "Read-only file system",
	syscall.ERANGE:       "Numerical result out of range",
	syscall.ENAMETOOLONG: "File name too long",
	syscall.ENOSYS:       "Function not implemented",
	syscall.ENOTEMPTY:    "Directory not empty",
	syscall.ELOOP:        "Too many levels of symbolic links",
	syscall.EOPNOTSUPP:   "Operation not supported",
}

// strerror models strerror(3) of glibc 2.5.
func strerror(e syscall.Errno) string {
	if s, ok := glibcStrerror[e]; ok {
		return s
	}
	return fmt.Sprintf("Unknown error %d", int(e))
}

// errnoOf returns the error number err carries: from the kernel
// (blockdev.Errno), the file systems (which match syscall.Errno), the host
// (os errors wrap syscall.Errno) or the shell itself. Anything else is EIO.
func errnoOf(err error) syscall.Errno {
	var ke blockdev.Errno
	if errors.As(err, &ke) {
		return syscall.Errno(ke.Abs())
	}
	var se syscall.Errno
	if errors.As(err, &se) {
		return se
	}
	return syscall.EIO
}

// errText is what a tool prints after the colon for err: the strerror text
// of its error number, or the error's own text when it carries none (such as
// the reason a file system type cannot be made).
func errText(err error) string {
	var ke blockdev.Errno
	var se syscall.Errno
	var pe *iofs.PathError
	switch {
	case errors.As(err, &ke), errors.As(err, &se):
		return strerror(errnoOf(err))
	case errors.As(err, &pe):
		return pe.Err.Error()
	}
	return err.Error()
}
