package shell

import (
	"errors"
	iofs "io/fs"
	"path"
	"strings"
	"time"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/errno"
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
	return v.k.Lstat(v.top + p)
}

// maxSymlinks is how many symbolic links one path may pass through
// (MAX_NESTED_LINKS and the total count of 40 in fs/namei.c, 2.6).
const maxSymlinks = 40

// walk finds the node at p as path lookup does: symbolic links on the way
// are followed (sysfs's are relative: subsystem is ../../block), and so is
// the last component when follow is set (stat(2) and open(2), not lstat(2)).
func (v *kernView) walk(p string, follow bool) (*blockdev.KNode, error) {
	for hops := 0; hops <= maxSymlinks; hops++ {
		parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
		cur, linked := "/", false
		for i, part := range parts {
			if part == "" {
				continue
			}
			next := path.Join(cur, part)
			n, err := v.lookup(next)
			if err != nil {
				return nil, err
			}
			if n.Link != "" && (follow || i < len(parts)-1) {
				p = path.Join(cur, n.Link, strings.Join(parts[i+1:], "/"))
				linked = true
				break
			}
			cur = next
		}
		if !linked {
			return v.lookup(cur)
		}
	}
	return nil, errno.ELOOP
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
	case n.Gid == blockdev.GidDisk:
		fi.group = "disk"
	case n.Mode.IsRegular() && v.top == "/sys":
		fi.size = 4096 // sysfs attributes claim a page; procfs files claim nothing
	}
	return fi
}

func (v *kernView) stat(p string) (fileInfo, error) {
	n, err := v.walk(p, false)
	if err != nil {
		return fileInfo{}, err
	}
	return v.info(n), nil
}

func (v *kernView) readDir(p string) ([]fileInfo, error) {
	n, err := v.walk(p, true)
	if err != nil {
		return nil, err
	}
	if !n.IsDir() {
		return nil, errno.ENOTDIR
	}
	var fis []fileInfo
	for _, c := range n.Children() {
		fis = append(fis, v.info(c))
	}
	return fis, nil
}

// open models open+read of an attribute: a file without read permission
// or without a show method cannot be opened (sysfs_open_file); what it
// shows is read at open, as sysfs fills its buffer on the first read.
func (v *kernView) open(p string) (file, error) {
	n, err := v.walk(p, true)
	if err != nil {
		return nil, err
	}
	switch {
	case n.IsDir():
		return nil, errno.EISDIR
	case n.Mode&iofs.ModeDevice != 0:
		return nil, errDevNode
	}
	if n.Show == nil || n.Mode&0444 == 0 {
		return nil, errno.EACCES
	}
	s, err := n.Show()
	if err != nil {
		return nil, err
	}
	return newBytesFile([]byte(s)), nil
}

// create models opening an attribute for writing: it needs a store method
// and a write permission bit; each write is one call of store. A new name
// in an existing directory is EACCES (no create operation); a name whose
// directory is missing is ENOENT, as the path walk fails first.
func (v *kernView) create(p string, _ wmode, _ iofs.FileMode) (sink, error) {
	n, err := v.walk(p, true)
	if errors.Is(err, errno.ENOENT) {
		if _, perr := v.walk(path.Dir(p), true); perr != nil {
			return nil, perr
		}
		return nil, errno.EACCES
	}
	if err != nil {
		return nil, err
	}
	if n.IsDir() {
		return nil, errno.EISDIR
	}
	if n.Store == nil || n.Mode&0222 == 0 {
		return nil, errno.EACCES
	}
	return storeSink{n}, nil
}

type storeSink struct{ n *blockdev.KNode }

func (s storeSink) write(b []byte) error { return s.n.Write(string(b)) }
func (s storeSink) close() error         { return nil }

func (v *kernView) mkdir(string) error { return errno.EPERM }

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
		return v.k.Unlink(name)
	}
	if _, err := v.lookup(p); err != nil {
		return err
	}
	return errno.EPERM
}

func (v *kernView) mknod(p string, perm iofs.FileMode, dev blockdev.DevT) error {
	if name := v.devName(p); name != "" {
		return v.k.Mknod(name, perm, dev)
	}
	return errno.EPERM
}
