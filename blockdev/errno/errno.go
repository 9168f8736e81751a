package errno

import (
	"errors"
	"io/fs"
	"strconv"
)

// Errno is an error number: negative inside the kernel, as C returns it
// (-EIO), positive in user space, as errno(3) holds it (EIO). It implements
// error.
type Errno int

// The error numbers of include/asm-generic/errno-base.h, and those of
// include/asm-generic/errno.h the simulator uses.
const (
	EPERM        Errno = 1  // Operation not permitted
	ENOENT       Errno = 2  // No such file or directory
	ESRCH        Errno = 3  // No such process
	EINTR        Errno = 4  // Interrupted system call
	EIO          Errno = 5  // I/O error
	ENXIO        Errno = 6  // No such device or address
	E2BIG        Errno = 7  // Argument list too long
	ENOEXEC      Errno = 8  // Exec format error
	EBADF        Errno = 9  // Bad file number
	ECHILD       Errno = 10 // No child processes
	EAGAIN       Errno = 11 // Try again
	ENOMEM       Errno = 12 // Out of memory
	EACCES       Errno = 13 // Permission denied
	EFAULT       Errno = 14 // Bad address
	ENOTBLK      Errno = 15 // Block device required
	EBUSY        Errno = 16 // Device or resource busy
	EEXIST       Errno = 17 // File exists
	EXDEV        Errno = 18 // Cross-device link
	ENODEV       Errno = 19 // No such device
	ENOTDIR      Errno = 20 // Not a directory
	EISDIR       Errno = 21 // Is a directory
	EINVAL       Errno = 22 // Invalid argument
	ENFILE       Errno = 23 // File table overflow
	EMFILE       Errno = 24 // Too many open files
	ENOTTY       Errno = 25 // Not a typewriter
	ETXTBSY      Errno = 26 // Text file busy
	EFBIG        Errno = 27 // File too large
	ENOSPC       Errno = 28 // No space left on device
	ESPIPE       Errno = 29 // Illegal seek
	EROFS        Errno = 30 // Read-only file system
	EMLINK       Errno = 31 // Too many links
	EPIPE        Errno = 32 // Broken pipe
	EDOM         Errno = 33 // Math argument out of domain of func
	ERANGE       Errno = 34 // Math result not representable
	EDEADLK      Errno = 35 // Resource deadlock would occur
	ENAMETOOLONG Errno = 36 // File name too long
	ENOLCK       Errno = 37 // No record locks available
	ENOSYS       Errno = 38 // Function not implemented
	ENOTEMPTY    Errno = 39 // Directory not empty
	ELOOP        Errno = 40 // Too many symbolic links encountered
	EOPNOTSUPP   Errno = 95 // Operation not supported on transport endpoint

	EWOULDBLOCK = EAGAIN // Operation would block
)

// table gives each error number its name and glibc 2.5's strerror text.
var table = map[Errno]struct{ name, text string }{
	EPERM:        {"EPERM", "Operation not permitted"},
	ENOENT:       {"ENOENT", "No such file or directory"},
	ESRCH:        {"ESRCH", "No such process"},
	EINTR:        {"EINTR", "Interrupted system call"},
	EIO:          {"EIO", "Input/output error"},
	ENXIO:        {"ENXIO", "No such device or address"},
	E2BIG:        {"E2BIG", "Argument list too long"},
	ENOEXEC:      {"ENOEXEC", "Exec format error"},
	EBADF:        {"EBADF", "Bad file descriptor"},
	ECHILD:       {"ECHILD", "No child processes"},
	EAGAIN:       {"EAGAIN", "Resource temporarily unavailable"},
	ENOMEM:       {"ENOMEM", "Cannot allocate memory"},
	EACCES:       {"EACCES", "Permission denied"},
	EFAULT:       {"EFAULT", "Bad address"},
	ENOTBLK:      {"ENOTBLK", "Block device required"},
	EBUSY:        {"EBUSY", "Device or resource busy"},
	EEXIST:       {"EEXIST", "File exists"},
	EXDEV:        {"EXDEV", "Invalid cross-device link"},
	ENODEV:       {"ENODEV", "No such device"},
	ENOTDIR:      {"ENOTDIR", "Not a directory"},
	EISDIR:       {"EISDIR", "Is a directory"},
	EINVAL:       {"EINVAL", "Invalid argument"},
	ENFILE:       {"ENFILE", "Too many open files in system"},
	EMFILE:       {"EMFILE", "Too many open files"},
	ENOTTY:       {"ENOTTY", "Inappropriate ioctl for device"},
	ETXTBSY:      {"ETXTBSY", "Text file busy"},
	EFBIG:        {"EFBIG", "File too large"},
	ENOSPC:       {"ENOSPC", "No space left on device"},
	ESPIPE:       {"ESPIPE", "Illegal seek"},
	EROFS:        {"EROFS", "Read-only file system"},
	EMLINK:       {"EMLINK", "Too many links"},
	EPIPE:        {"EPIPE", "Broken pipe"},
	EDOM:         {"EDOM", "Numerical argument out of domain"},
	ERANGE:       {"ERANGE", "Numerical result out of range"},
	EDEADLK:      {"EDEADLK", "Resource deadlock avoided"},
	ENAMETOOLONG: {"ENAMETOOLONG", "File name too long"},
	ENOLCK:       {"ENOLCK", "No locks available"},
	ENOSYS:       {"ENOSYS", "Function not implemented"},
	ENOTEMPTY:    {"ENOTEMPTY", "Directory not empty"},
	ELOOP:        {"ELOOP", "Too many levels of symbolic links"},
	EOPNOTSUPP:   {"EOPNOTSUPP", "Operation not supported"},
}

// abs is |e|.
func (e Errno) abs() Errno {
	if e < 0 {
		return -e
	}
	return e
}

// Error returns strerror(|e|): glibc 2.5's text, or "Unknown error N" for a
// number the table does not hold, as glibc prints it.
func (e Errno) Error() string {
	if t, ok := table[e.abs()]; ok {
		return t.text
	}
	return "Unknown error " + strconv.Itoa(int(e.abs()))
}

// Name returns the constant's name, with the sign: "EIO", "-ENOMEM"; the
// number itself for one the table does not hold.
func (e Errno) Name() string {
	t, ok := table[e.abs()]
	if !ok {
		return strconv.Itoa(int(e))
	}
	if e < 0 {
		return "-" + t.name
	}
	return t.name
}

// Is lets errors.Is match the io/fs sentinels as syscall.Errno does, for a
// positive (user-space) Errno: ENOENT is fs.ErrNotExist, EEXIST and
// ENOTEMPTY fs.ErrExist, EACCES and EPERM fs.ErrPermission, ENOSYS and
// EOPNOTSUPP errors.ErrUnsupported. Two Errnos match only when they are ==
// (errors.Is does that before calling Is).
func (e Errno) Is(target error) bool {
	switch target {
	case fs.ErrNotExist:
		return e == ENOENT
	case fs.ErrExist:
		return e == EEXIST || e == ENOTEMPTY
	case fs.ErrPermission:
		return e == EACCES || e == EPERM
	case errors.ErrUnsupported:
		return e == ENOSYS || e == EOPNOTSUPP
	}
	return false
}
