package shell

import (
	"errors"
	iofs "io/fs"
	"syscall"

	"simpblkdev/blockdev/errno"
)

// The shell is user space: its errors are positive errno.Errno values, as
// the system calls (blockdev/syscalls.go) and the file system layer
// (blockdev/fs) return them; errors from the host's files under /host are
// converted once, by hostErr. The helpers below are thin names for what
// package errno does.

// strerror models strerror(3) of glibc 2.5.
func strerror(e errno.Errno) string { return e.Error() }

// errnoOf returns the error number err carries (see errno.Of); anything
// without one is EIO.
func errnoOf(err error) errno.Errno { return errno.Of(err) }

// errText is what a tool prints after the colon for err: the strerror text
// of its error number, or the error's own text when it carries none (such as
// the reason a file system type cannot be made).
func errText(err error) string {
	var e errno.Errno
	var pe *iofs.PathError
	switch {
	case errors.As(err, &e):
		return e.Error()
	case errors.As(err, &pe):
		return pe.Err.Error()
	}
	return err.Error()
}

// hostErr converts an error from the host's file system (an *os.PathError
// wrapping a syscall.Errno, or matching an io/fs sentinel) to the positive
// Errno it carries (see errno.Of, which also maps hosts whose numbers are
// not Linux's).
//
// An os.Root refuses a path whose symbolic links or ".." lead out of the
// shared directory with an error that carries no errno ("path escapes from
// parent"). From inside the machine there is nothing out there: such a link
// is a link to a name that does not exist, and open(2) of a dangling link
// fails with ENOENT, so that is what the tools print. (EACCES would suggest
// that chmod could help, which it cannot.)
func hostErr(err error) error {
	var se syscall.Errno
	switch {
	case err == nil:
		return nil
	case errors.As(err, &se), errors.Is(err, iofs.ErrNotExist), errors.Is(err, iofs.ErrExist), errors.Is(err, iofs.ErrPermission):
		return errno.Of(err)
	}
	return errno.ENOENT
}
