package blockdev

import "fmt"

// Errno is a kernel error number. The kernel returns errors as negative
// numbers (return -ENOMEM;), and so do the drivers here: an Errno may be
// negative or positive, and both mean the same error. It implements error,
// printing the C library's strerror text, as insmod and the shell do.
type Errno int

// The error numbers the simulated kernel uses (include/asm-generic/errno-base.h).
const (
	EPERM   Errno = 1
	ENOENT  Errno = 2
	EIO     Errno = 5
	ENXIO   Errno = 6
	E2BIG   Errno = 7
	EBADF   Errno = 9
	EAGAIN  Errno = 11
	ENOMEM  Errno = 12
	EFAULT  Errno = 14
	EBUSY   Errno = 16
	EEXIST  Errno = 17
	ENODEV  Errno = 19
	EINVAL  Errno = 22
	ENOTTY  Errno = 25
	EFBIG   Errno = 27
	ENOSPC  Errno = 28
	ESPIPE  Errno = 29
	EROFS   Errno = 30
	ERANGE  Errno = 34
	ENOSYS  Errno = 38
	ENOEXEC Errno = 8
)

var strerror = map[Errno]string{
	EPERM:   "Operation not permitted",
	ENOENT:  "No such file or directory",
	EIO:     "Input/output error",
	ENXIO:   "No such device or address",
	E2BIG:   "Argument list too long",
	ENOEXEC: "Exec format error",
	EBADF:   "Bad file descriptor",
	EAGAIN:  "Resource temporarily unavailable",
	ENOMEM:  "Cannot allocate memory",
	EFAULT:  "Bad address",
	EBUSY:   "Device or resource busy",
	EEXIST:  "File exists",
	ENODEV:  "No such device",
	EINVAL:  "Invalid argument",
	ENOTTY:  "Inappropriate ioctl for device",
	EFBIG:   "File too large",
	ENOSPC:  "No space left on device",
	ESPIPE:  "Illegal seek",
	EROFS:   "Read-only file system",
	ERANGE:  "Numerical result out of range",
	ENOSYS:  "Function not implemented",
}

// Abs returns the positive error number.
func (e Errno) Abs() Errno {
	if e < 0 {
		return -e
	}
	return e
}

// Error returns strerror(abs(e)).
func (e Errno) Error() string {
	if s, ok := strerror[e.Abs()]; ok {
		return s
	}
	return fmt.Sprintf("Unknown error %d", int(e.Abs()))
}

// ErrnoOf extracts the error number carried by err: an Errno itself, or
// EIO for any other non-nil error. nil gives 0.
func ErrnoOf(err error) Errno {
	if err == nil {
		return 0
	}
	if e, ok := err.(Errno); ok {
		return e.Abs()
	}
	if w, ok := err.(interface{ Unwrap() error }); ok {
		return ErrnoOf(w.Unwrap())
	}
	return EIO
}

// IS_ERR_VALUE models IS_ERR_VALUE() (include/linux/err.h): is x a negative
// error number?
func IS_ERR_VALUE(x Errno) bool { return x < 0 }
