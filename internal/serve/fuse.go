//go:build linux

package serve

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

// FUSEMount is the machine's devices mounted as files in a directory.
type FUSEMount struct {
	Dir    string
	server *fuse.Server
	files  *openFiles
}

// MountFUSE mounts the devices of m in dir: DIR/simp_blkdev and a file for
// each partition. As root the mount is made directly, without fusermount.
// A dir that is already a mount point (another serve, say) is refused with
// a *BusyError.
func MountFUSE(dir string, m *Machine) (*FUSEMount, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(abs); err != nil {
		return nil, err
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	if mounted, err := isMountPoint(abs); err != nil {
		return nil, err
	} else if mounted {
		return nil, &BusyError{What: abs, Why: "is already a mount point (another blksim serve?)"}
	}
	zero := time.Duration(0)
	root := &rootNode{m: m, files: newOpenFiles(), started: time.Now()}
	server, err := fs.Mount(abs, root, &fs.Options{
		MountOptions: fuse.MountOptions{
			FsName:        "blksim",
			Name:          "blksim",
			AllowOther:    os.Geteuid() == 0,
			DirectMount:   true,
			MaxWrite:      fuse.MAX_KERNEL_WRITE,
			DisableXAttrs: true,
			// A read of MaxWrite bytes and its header do not fit the
			// pipe splice would use; the data is in memory anyway.
			DisableSplice: true,
			// O_TRUNC comes with the open, to be ignored, rather
			// than as a truncate to 0, which a device refuses.
			ExtraCapabilities: fuse.CAP_ATOMIC_O_TRUNC,
		},
		// No caching of names or sizes: a re-read can change both.
		EntryTimeout:    &zero,
		AttrTimeout:     &zero,
		NegativeTimeout: &zero,
	})
	if err != nil {
		return nil, fmt.Errorf("mount %s: %w", abs, err)
	}
	return &FUSEMount{Dir: abs, server: server, files: root.files}, nil
}

// WaitClosed returns once none of the mount's files is open and the
// re-reads their closes asked for are done, or with an error after
// timeout. The real kernel sends the close of a file (RELEASE) without
// waiting for it, so that close(2) or losetup -d has returned says
// nothing about either.
func (f *FUSEMount) WaitClosed(timeout time.Duration) error { return f.files.wait(timeout) }

// Unmount unmounts the directory, refusing with a *BusyError while a loop
// device holds one of its files (losetup -d it first) or a program keeps
// one open.
func (f *FUSEMount) Unmount() error {
	if loops := loopsBackedBy(f.Dir); len(loops) > 0 {
		return &BusyError{What: f.Dir, Why: "is in use: " + loops[0].String() + " (losetup -d " + loops[0].Dev + " first)"}
	}
	err := f.server.Unmount()
	if errors.Is(err, syscall.EBUSY) {
		return &BusyError{What: f.Dir, Why: "is in use: a program has a file in it open"}
	}
	return err
}

// Wait returns when the directory is unmounted, by Unmount or by umount(8).
func (f *FUSEMount) Wait() { f.server.Wait() }
