package shell

import (
	iofs "io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/errno"
)

// memfsLimit bounds what the in-memory tree holds, as a tmpfs mount's size=
// does (half of the default 1 GiB of RAM would be 512 MiB; less is plenty
// and keeps a runaway dd from eating the host's memory).
const memfsLimit = 256 << 20

// memfs is the in-memory file system behind everything that is not the
// kernel's, the host's or a mounted device's: /etc, /root, /mnt, /tmp.
// Like ext3 with 4 KiB blocks, it gives directories a size of 4096.
type memfs struct {
	root *memNode
	now  func() time.Time
	used int64
}

type memNode struct {
	mode  iofs.FileMode
	data  *memData // a regular file's contents
	mtime time.Time
	rdev  blockdev.DevT
	kids  map[string]*memNode
}

func newMemfs(now func() time.Time) *memfs {
	return &memfs{root: &memNode{mode: iofs.ModeDir | 0755, mtime: epoch, kids: map[string]*memNode{}}, now: now}
}

// walk finds the node at p.
func (m *memfs) walk(p string) (*memNode, error) {
	n := m.root
	if p == "/" {
		return n, nil
	}
	for _, part := range strings.Split(p[1:], "/") {
		if n.kids == nil {
			return nil, errno.ENOTDIR
		}
		c, ok := n.kids[part]
		if !ok {
			return nil, errno.ENOENT
		}
		n = c
	}
	return n, nil
}

// parent finds the directory p is to be created in.
func (m *memfs) parent(p string) (*memNode, string, error) {
	dir, err := m.walk(path.Dir(p))
	if err != nil {
		return nil, "", err
	}
	if dir.kids == nil {
		return nil, "", errno.ENOTDIR
	}
	return dir, path.Base(p), nil
}

func (m *memfs) info(name string, n *memNode) fileInfo {
	fi := fileInfo{name: name, mode: n.mode, mtime: n.mtime, nlink: 1, group: "root", rdev: n.rdev}
	switch {
	case n.kids != nil:
		fi.size, fi.nlink = 4096, 2
		for _, c := range n.kids {
			if c.kids != nil {
				fi.nlink++
			}
		}
	case n.mode&iofs.ModeCharDevice != 0:
	case n.mode&iofs.ModeDevice != 0:
		// mknod (or cp -R of a node) as root: the node is root's.
	default:
		fi.size = n.data.size
		fi.blocks = n.data.allocated() / 1024
		return fi
	}
	fi.blocks = (fi.size + 4095) / 4096 * 4
	return fi
}

func (m *memfs) stat(p string) (fileInfo, error) {
	n, err := m.walk(p)
	if err != nil {
		return fileInfo{}, err
	}
	return m.info(path.Base(p), n), nil
}

func (m *memfs) readDir(p string) ([]fileInfo, error) {
	n, err := m.walk(p)
	if err != nil {
		return nil, err
	}
	if n.kids == nil {
		return nil, errno.ENOTDIR
	}
	// In name order, as a directory's entries come in a fixed order on a
	// real file system, so that rm -r and friends work deterministically.
	names := make([]string, 0, len(n.kids))
	for name := range n.kids {
		names = append(names, name)
	}
	sort.Strings(names)
	fis := make([]fileInfo, len(names))
	for i, name := range names {
		fis[i] = m.info(name, n.kids[name])
	}
	return fis, nil
}

// open reads the file where it lies: what is written while it is open is
// what a later read sees, as with a file in the page cache.
func (m *memfs) open(p string) (file, error) {
	n, err := m.walk(p)
	if err != nil {
		return nil, err
	}
	switch {
	case n.kids != nil:
		return nil, errno.EISDIR
	case n.mode&iofs.ModeDevice != 0:
		return nil, errDevNode
	}
	return memReader{n.data}, nil
}

type memReader struct{ *memData }

func (memReader) Close() error { return nil }

func (m *memfs) create(p string, mode wmode, perm iofs.FileMode) (sink, error) {
	dir, name, err := m.parent(p)
	if err != nil {
		return nil, err
	}
	n, ok := dir.kids[name]
	switch {
	case !ok:
		n = &memNode{mode: perm, mtime: m.now(), data: newMemData(nil)}
		dir.kids[name] = n
		dir.mtime = m.now()
	case n.kids != nil:
		return nil, errno.EISDIR
	}
	s := &memSink{fs: m, n: n, app: mode == wAppend}
	if mode == wTrunc {
		s.truncate(0)
	}
	return s, nil
}

// memSink writes to a memfs file.
type memSink struct {
	fs  *memfs
	n   *memNode
	off int64 // where the next write goes
	app bool  // O_APPEND: every write goes at the end
}

func (s *memSink) write(b []byte) error {
	if s.app {
		s.off = s.n.data.size
	}
	n, err := s.writeAt(b, s.off)
	s.off += int64(n)
	return err
}

// writeAt stores b at off, as pwrite(2) does: all of it, or nothing when
// the file would outgrow ext3's limit (EFBIG) or the tree its size
// (ENOSPC).
func (s *memSink) writeAt(b []byte, off int64) (int, error) {
	d := s.n.data
	switch {
	case len(b) == 0:
		return 0, nil
	case off > memMaxBytes-int64(len(b)):
		return 0, errno.EFBIG
	case s.fs.used+d.pagesFor(len(b), off)*memPage > memfsLimit:
		return 0, errno.ENOSPC
	}
	s.fs.used -= d.allocated()
	d.writeAt(b, off)
	s.fs.used += d.allocated()
	s.n.mtime = s.fs.now()
	return len(b), nil
}

// truncate sets the file's size as ftruncate(2) does; growing it leaves a
// hole, which costs nothing.
func (s *memSink) truncate(size int64) error {
	if size > memMaxBytes {
		return errno.EFBIG
	}
	s.fs.used -= s.n.data.allocated()
	s.n.data.truncate(size)
	s.fs.used += s.n.data.allocated()
	s.n.mtime = s.fs.now()
	return nil
}

func (s *memSink) close() error { return nil }

func (m *memfs) mkdir(p string) error {
	return m.add(p, &memNode{mode: iofs.ModeDir | 0755, mtime: m.now(), kids: map[string]*memNode{}})
}

// mknod makes a block device node, or a character one when perm has
// iofs.ModeCharDevice (cp -R copies /dev/null as a node).
func (m *memfs) mknod(p string, perm iofs.FileMode, dev blockdev.DevT) error {
	return m.add(p, &memNode{mode: iofs.ModeDevice | perm, rdev: dev, mtime: m.now()})
}

func (m *memfs) add(p string, n *memNode) error {
	dir, name, err := m.parent(p)
	if err != nil {
		return err
	}
	if _, ok := dir.kids[name]; ok {
		return errno.EEXIST
	}
	dir.kids[name] = n
	dir.mtime = n.mtime
	return nil
}

func (m *memfs) remove(p string) error {
	dir, name, err := m.parent(p)
	if err != nil {
		return err
	}
	n, ok := dir.kids[name]
	if !ok {
		return errno.ENOENT
	}
	if len(n.kids) > 0 {
		return errno.ENOTEMPTY
	}
	if n.data != nil {
		m.used -= n.data.allocated()
	}
	delete(dir.kids, name)
	dir.mtime = m.now()
	return nil
}

// mkdirAll and putFile build the tree at boot, with the times given.
func (m *memfs) mkdirAll(p string, perm iofs.FileMode, t time.Time) *memNode {
	n := m.root
	for _, part := range strings.Split(p, "/") {
		if part == "" {
			continue
		}
		c, ok := n.kids[part]
		if !ok {
			c = &memNode{mode: iofs.ModeDir | perm, mtime: t, kids: map[string]*memNode{}}
			n.kids[part] = c
		}
		n = c
	}
	return n
}

func (m *memfs) putFile(p string, data []byte, perm iofs.FileMode, t time.Time) {
	dir := m.mkdirAll(path.Dir(p), 0755, t)
	n := &memNode{mode: perm, data: newMemData(data), mtime: t}
	dir.kids[path.Base(p)] = n
	m.used += n.data.allocated()
}
