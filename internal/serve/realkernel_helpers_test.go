//go:build linux

package serve

import (
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// needRealKernel skips t unless it can mount FUSE and attach loop devices
// (root, /dev/fuse, /dev/loop-control) and has the tools named.
func needRealKernel(t *testing.T, tools ...string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root: it mounts FUSE, attaches loop devices and mounts ext3 (bash .ci/run runs it as root)")
	}
	for _, dev := range []string{"/dev/fuse", "/dev/loop-control"} {
		if _, err := os.Stat(dev); err != nil {
			t.Skipf("needs %s: %v", dev, err)
		}
	}
	needTools(t, append([]string{"losetup", "mount", "umount"}, tools...)...)
}

// mountFUSE mounts m's files in a new directory; the mount goes when t
// ends, lazily if something still holds it.
func mountFUSE(t *testing.T, m *Machine) *FUSEMount {
	t.Helper()
	f, err := MountFUSE(t.TempDir(), m)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := f.Unmount(); err != nil {
			t.Errorf("unmount: %v", err)
			syscall.Unmount(f.Dir, syscall.MNT_DETACH)
		}
	})
	return f
}

// undoer runs an undo step once: explicitly, where the test checks it,
// or at t's end if the test failed before.
type undoer struct {
	once sync.Once
	undo func() (string, error)
}

func newUndoer(t *testing.T, undo func() (string, error)) *undoer {
	u := &undoer{undo: undo}
	t.Cleanup(func() { u.once.Do(func() { u.undo() }) })
	return u
}

// Do runs the step now, failing t if it fails.
func (u *undoer) Do(t *testing.T) {
	t.Helper()
	u.once.Do(func() {
		if out, err := u.undo(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
	})
}

// losetup attaches file to a free loop device, with extra options
// (--direct-io=on); detach.Do(t) detaches it, else t's end does.
func losetup(t *testing.T, file string, extra ...string) (dev string, detach *undoer) {
	t.Helper()
	args := append([]string{"-f", "--show"}, extra...)
	dev = strings.TrimSpace(mustRun(t, "losetup", append(args, file)...))
	return dev, newUndoer(t, func() (string, error) { return run("losetup", "-d", dev) })
}

// mountDev mounts dev on a new directory; umount.Do(t) unmounts it, else
// t's end does.
func mountDev(t *testing.T, dev string, opts ...string) (dir string, umount *undoer) {
	t.Helper()
	dir = t.TempDir()
	mustRun(t, "mount", append(opts, dev, dir)...)
	return dir, newUndoer(t, func() (string, error) { return run("umount", dir) })
}
