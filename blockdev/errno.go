package blockdev

import "simpblkdev/blockdev/errno"

// Errno is the kernel's error number (package errno holds the table). Inside
// the kernel and in drivers an error is a negative Errno, as C returns it
// (return -ENOMEM;); the system calls of syscalls.go give user space the
// positive one, converted there once. Error prints glibc's strerror text of
// |e|, as insmod and the shell do.
type Errno = errno.Errno

// The error numbers, for drivers: -blockdev.ENOMEM reads as the chapter's
// -ENOMEM.
const (
	EPERM        = errno.EPERM
	ENOENT       = errno.ENOENT
	EIO          = errno.EIO
	ENXIO        = errno.ENXIO
	E2BIG        = errno.E2BIG
	ENOEXEC      = errno.ENOEXEC
	EBADF        = errno.EBADF
	EAGAIN       = errno.EAGAIN
	ENOMEM       = errno.ENOMEM
	EACCES       = errno.EACCES
	EFAULT       = errno.EFAULT
	ENOTBLK      = errno.ENOTBLK
	EBUSY        = errno.EBUSY
	EEXIST       = errno.EEXIST
	EXDEV        = errno.EXDEV
	ENODEV       = errno.ENODEV
	ENOTDIR      = errno.ENOTDIR
	EISDIR       = errno.EISDIR
	EINVAL       = errno.EINVAL
	ENOTTY       = errno.ENOTTY
	EFBIG        = errno.EFBIG
	ENOSPC       = errno.ENOSPC
	ESPIPE       = errno.ESPIPE
	EROFS        = errno.EROFS
	ERANGE       = errno.ERANGE
	ENAMETOOLONG = errno.ENAMETOOLONG
	ENOSYS       = errno.ENOSYS
	ENOTEMPTY    = errno.ENOTEMPTY
	ELOOP        = errno.ELOOP
	EOPNOTSUPP   = errno.EOPNOTSUPP
	EWOULDBLOCK  = errno.EWOULDBLOCK
)

// IS_ERR_VALUE models IS_ERR_VALUE() (include/linux/err.h): is x a negative
// error number?
func IS_ERR_VALUE(x Errno) bool { return x < 0 }
