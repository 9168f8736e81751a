package errno

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	_ "simpblkdev/internal/golden" // accepts go test ./... -update
)

// every lists each constant once, with the name it must have.
var every = []struct {
	e    Errno
	name string
	n    int
}{
	{EPERM, "EPERM", 1}, {ENOENT, "ENOENT", 2}, {ESRCH, "ESRCH", 3},
	{EINTR, "EINTR", 4}, {EIO, "EIO", 5}, {ENXIO, "ENXIO", 6},
	{E2BIG, "E2BIG", 7}, {ENOEXEC, "ENOEXEC", 8}, {EBADF, "EBADF", 9},
	{ECHILD, "ECHILD", 10}, {EAGAIN, "EAGAIN", 11}, {ENOMEM, "ENOMEM", 12},
	{EACCES, "EACCES", 13}, {EFAULT, "EFAULT", 14}, {ENOTBLK, "ENOTBLK", 15},
	{EBUSY, "EBUSY", 16}, {EEXIST, "EEXIST", 17}, {EXDEV, "EXDEV", 18},
	{ENODEV, "ENODEV", 19}, {ENOTDIR, "ENOTDIR", 20}, {EISDIR, "EISDIR", 21},
	{EINVAL, "EINVAL", 22}, {ENFILE, "ENFILE", 23}, {EMFILE, "EMFILE", 24},
	{ENOTTY, "ENOTTY", 25}, {ETXTBSY, "ETXTBSY", 26}, {EFBIG, "EFBIG", 27},
	{ENOSPC, "ENOSPC", 28}, {ESPIPE, "ESPIPE", 29}, {EROFS, "EROFS", 30},
	{EMLINK, "EMLINK", 31}, {EPIPE, "EPIPE", 32}, {EDOM, "EDOM", 33},
	{ERANGE, "ERANGE", 34}, {EDEADLK, "EDEADLK", 35},
	{ENAMETOOLONG, "ENAMETOOLONG", 36}, {ENOLCK, "ENOLCK", 37},
	{ENOSYS, "ENOSYS", 38}, {ENOTEMPTY, "ENOTEMPTY", 39}, {ELOOP, "ELOOP", 40},
	{EOPNOTSUPP, "EOPNOTSUPP", 95},
}

func TestTable(t *testing.T) {
	if len(every) != len(table) {
		t.Errorf("test lists %d constants, table holds %d", len(every), len(table))
	}
	for _, c := range every {
		if int(c.e) != c.n {
			t.Errorf("%s = %d, want %d", c.name, int(c.e), c.n)
		}
		if got := c.e.Name(); got != c.name {
			t.Errorf("Errno(%d).Name() = %q, want %q", c.n, got, c.name)
		}
		if got := (-c.e).Name(); got != "-"+c.name {
			t.Errorf("Errno(%d).Name() = %q, want %q", -c.n, got, "-"+c.name)
		}
		text := c.e.Error()
		if text == "" || text == fmt.Sprintf("Unknown error %d", c.n) {
			t.Errorf("%s has no strerror text", c.name)
		}
		if got := (-c.e).Error(); got != text {
			t.Errorf("(-%s).Error() = %q, want %q as for %s", c.name, got, text, c.name)
		}
	}
}

func TestTexts(t *testing.T) {
	for _, tt := range []struct {
		e    Errno
		want string
	}{
		{EIO, "Input/output error"},
		{-EIO, "Input/output error"},
		{-ENOMEM, "Cannot allocate memory"},
		{ENOTBLK, "Block device required"},
		{EWOULDBLOCK, "Resource temporarily unavailable"},
		{ENOTTY, "Inappropriate ioctl for device"},
		{ELOOP, "Too many levels of symbolic links"},
		{200, "Unknown error 200"},
		{-200, "Unknown error 200"},
	} {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("Errno(%d).Error() = %q, want %q", int(tt.e), got, tt.want)
		}
	}
	if got := Errno(200).Name(); got != "200" {
		t.Errorf("Errno(200).Name() = %q", got)
	}
}

func TestIsAgreesWithEquals(t *testing.T) {
	wrapped := fmt.Errorf("write: %w", EIO)
	for _, tt := range []struct {
		err    error
		target error
		want   bool
	}{
		{EIO, EIO, true},
		{-EIO, -EIO, true},
		{-EIO, EIO, false},
		{EIO, -EIO, false},
		{EIO, ENOMEM, false},
		{wrapped, EIO, true},
		{wrapped, -EIO, false},
		{EWOULDBLOCK, EAGAIN, true},
		{ENOENT, fs.ErrNotExist, true},
		{-ENOENT, fs.ErrNotExist, false},
		{EEXIST, fs.ErrExist, true},
		{ENOTEMPTY, fs.ErrExist, true},
		{EACCES, fs.ErrPermission, true},
		{EPERM, fs.ErrPermission, true},
		{ENOSYS, errors.ErrUnsupported, true},
		{EOPNOTSUPP, errors.ErrUnsupported, true},
		{EIO, fs.ErrNotExist, false},
		{&fs.PathError{Op: "open", Path: "/x", Err: ENOENT}, fs.ErrNotExist, true},
	} {
		if got := errors.Is(tt.err, tt.target); got != tt.want {
			t.Errorf("errors.Is(%v, %v) = %v, want %v", tt.err, tt.target, got, tt.want)
		}
	}
}

func TestOf(t *testing.T) {
	dir := t.TempDir()
	_, missing := os.Open(filepath.Join(dir, "nosuch"))
	if err := os.WriteFile(filepath.Join(dir, "f"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, notDir := os.Open(filepath.Join(dir, "f", "g"))
	for _, tt := range []struct {
		err  error
		want Errno
	}{
		{nil, 0},
		{EIO, EIO},
		{-ENOMEM, -ENOMEM},
		{fmt.Errorf("x: %w", ENOSPC), ENOSPC},
		{missing, ENOENT},
		{errors.New("something else"), EIO},
		{fs.ErrExist, EEXIST},
	} {
		if got := Of(tt.err); got != tt.want {
			t.Errorf("Of(%v) = %s, want %s", tt.err, got.Name(), tt.want.Name())
		}
	}
	// Windows has no ENOTDIR for this; every host says it is not there
	// or not a directory.
	if got := Of(notDir); got != ENOTDIR && got != ENOENT {
		t.Errorf("Of(%v) = %s, want ENOTDIR", notDir, got.Name())
	}
}
