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
// wrapping a syscall.Errno) to the positive Errno it carries. An error that
// carries no host errno (os.Root's refusal of a path that escapes) is kept
// as it is.
func hostErr(err error) error {
	var se syscall.Errno
	if err == nil || !errors.As(err, &se) {
		return err
	}
	return errno.Of(err)
}
