package shell

import (
	"errors"
	iofs "io/fs"
	"path"
	"strings"
	"syscall"
	"time"

	"simpblkdev/blockdev"
)

// kernView shows one of the kernel's trees (/dev, /sys or /proc) as a file
// system: directories list the kernel's current state, reading a file calls
// its show method and writing it its store method, as sysfs and procfs do.
// /dev takes mknod and rm of device nodes directly under it. Whatever else
// would change these trees is refused as the VFS refuses it for a directory
// without the inode operation: EACCES to create a file, EPERM to make a
// directory, a node or to unlink.
type kernView struct {
	k   *blockdev.Kernel
	top string // "/dev", "/sys" or "/proc"
}

func (v *kernView) lookup(p string) (*blockdev.KNode, error) {
	n, err := v.k.LookupKernfs(v.top + p)
	if err != nil {
		return nil, syscall.Errno(blockdev.ErrnoOf(err))
	}
	return n, nil
}

func (v *kernView) info(n *blockdev.KNode) fileInfo {
	fi := fileInfo{
		name:  n.Name,
		mode:  n.Mode,
		nlink: 1,
		mtime: epoch.Add(time.Duration(n.MTime) * time.Second / blockdev.HZ),
		group: "root",
		rdev:  n.Dev,
		link:  n.Link,
	}
	switch {
	case n.IsDir():
		fi.nlink = 2
		for _, c := range n.Children() {
			if c.IsDir() {
				fi.nlink++
			}
		}
	case n.Mode&iofs.ModeDevice != 0:
		fi.group = "disk"
	case n.Mode.IsRegular() && v.top == "/sys":
		fi.size = 4096 // sysfs attributes claim a page; procfs files claim nothing
	}
	return fi
}

func (v *kernView) stat(p string) (fileInfo, error) {
	n, err := v.lookup(p)
	if err != nil {
		return fileInfo{}, err
	}
	return v.info(n), nil
}

func (v *kernView) readDir(p string) ([]fileInfo, error) {
	n, err := v.lookup(p)
	if err != nil {
		return nil, err
	}
	if !n.IsDir() {
		return nil, syscall.ENOTDIR
	}
	var fis []fileInfo
	for _, c := range n.Children() {
		fis = append(fis, v.info(c))
	}
	return fis, nil
}

// readFile models open+read of an attribute: a file without read
// permission or without a show method cannot be opened (sysfs_open_file).
func (v *kernView) readFile(p string) ([]byte, error) {
	n, err := v.lookup(p)
	if err != nil {
		return nil, err
	}
	switch {
	case n.IsDir():
		return nil, syscall.EISDIR
	case n.Mode&iofs.ModeDevice != 0:
		return nil, errBlockDev
	}
	if n.Show == nil || n.Mode&0444 == 0 {
		return nil, syscall.EACCES
	}
	s, err := n.Show()
	if err != nil {
		return nil, kernErr(err)
	}
	return []byte(s), nil
}

// create models opening an attribute for writing: it needs a store method
// and a write permission bit; each write is one call of store.
func (v *kernView) create(p string, _ bool, _ iofs.FileMode) (sink, error) {
	n, err := v.lookup(p)
	if errors.Is(err, syscall.ENOENT) {
		return nil, syscall.EACCES
	}
	if err != nil {
		return nil, err
	}
	if n.IsDir() {
		return nil, syscall.EISDIR
	}
	if n.Store == nil || n.Mode&0222 == 0 {
		return nil, syscall.EACCES
	}
	return storeSink{n}, nil
}

type storeSink struct{ n *blockdev.KNode }

func (s storeSink) write(b []byte) error { return kernErr(s.n.Store(string(b))) }
func (s storeSink) close() error         { return nil }

// kernErr turns a kernel error into an errno-carrying one.
func kernErr(err error) error {
	if err == nil {
		return nil
	}
	return syscall.Errno(blockdev.ErrnoOf(err))
}

func (v *kernView) mkdir(string) error { return syscall.EPERM }

// devName returns the name of a node directly in /dev, or "" when p is
// anywhere else.
func (v *kernView) devName(p string) string {
	if v.top != "/dev" || path.Dir(p) != "/" || p == "/" {
		return ""
	}
	return strings.TrimPrefix(p, "/")
}

func (v *kernView) remove(p string) error {
	if name := v.devName(p); name != "" {
		return kernErr(v.k.Unlink(name))
	}
	if _, err := v.lookup(p); err != nil {
		return err
	}
	return syscall.EPERM
}

func (v *kernView) mknod(p string, perm iofs.FileMode, dev blockdev.DevT) error {
	if name := v.devName(p); name != "" {
		return kernErr(v.k.Mknod(name, perm, dev))
	}
	return syscall.EPERM
}
