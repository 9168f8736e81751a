package errno

import (
	"errors"
	"io/fs"
	"syscall"
)

// fromSyscall maps the host's error numbers to ours. On Linux the numbers
// are the same; other hosts number them differently, so the map goes by
// name.
var fromSyscall = map[syscall.Errno]Errno{
	syscall.EPERM:        EPERM,
	syscall.ENOENT:       ENOENT,
	syscall.EINTR:        EINTR,
	syscall.EIO:          EIO,
	syscall.ENXIO:        ENXIO,
	syscall.E2BIG:        E2BIG,
	syscall.EBADF:        EBADF,
	syscall.EAGAIN:       EAGAIN,
	syscall.ENOMEM:       ENOMEM,
	syscall.EACCES:       EACCES,
	syscall.EFAULT:       EFAULT,
	syscall.EBUSY:        EBUSY,
	syscall.EEXIST:       EEXIST,
	syscall.EXDEV:        EXDEV,
	syscall.ENODEV:       ENODEV,
	syscall.ENOTDIR:      ENOTDIR,
	syscall.EISDIR:       EISDIR,
	syscall.EINVAL:       EINVAL,
	syscall.ENFILE:       ENFILE,
	syscall.EMFILE:       EMFILE,
	syscall.ENOTTY:       ENOTTY,
	syscall.EFBIG:        EFBIG,
	syscall.ENOSPC:       ENOSPC,
	syscall.ESPIPE:       ESPIPE,
	syscall.EROFS:        EROFS,
	syscall.EMLINK:       EMLINK,
	syscall.EPIPE:        EPIPE,
	syscall.ERANGE:       ERANGE,
	syscall.ENAMETOOLONG: ENAMETOOLONG,
	syscall.ENOSYS:       ENOSYS,
	syscall.ENOTEMPTY:    ENOTEMPTY,
	syscall.ELOOP:        ELOOP,
	syscall.EOPNOTSUPP:   EOPNOTSUPP,
}

// Of returns the error number err carries, for user space: an Errno it
// wraps, as it is; the host's error number (an *os.PathError from a file
// under /host wraps a syscall.Errno) as a positive Errno; for a host error
// that carries no number we know, the io/fs sentinel it matches. Anything
// else is EIO; nil is 0.
func Of(err error) Errno {
	if err == nil {
		return 0
	}
	var e Errno
	if errors.As(err, &e) {
		return e
	}
	var se syscall.Errno
	if errors.As(err, &se) {
		if e, ok := fromSyscall[se]; ok {
			return e
		}
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return ENOENT
	case errors.Is(err, fs.ErrExist):
		return EEXIST
	case errors.Is(err, fs.ErrPermission):
		return EACCES
	}
	return EIO
}
