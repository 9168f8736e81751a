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
	data  []byte
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
	case n.mode&iofs.ModeDevice != 0:
		fi.group = "disk"
	default:
		fi.size = int64(len(n.data))
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

func (m *memfs) readFile(p string) ([]byte, error) {
	n, err := m.walk(p)
	if err != nil {
		return nil, err
	}
	switch {
	case n.kids != nil:
		return nil, errno.EISDIR
	case n.mode&iofs.ModeDevice != 0:
		return nil, errBlockDev
	}
	return append([]byte(nil), n.data...), nil
}

func (m *memfs) create(p string, app bool, perm iofs.FileMode) (sink, error) {
	dir, name, err := m.parent(p)
	if err != nil {
		return nil, err
	}
	n, ok := dir.kids[name]
	switch {
	case !ok:
		n = &memNode{mode: perm, mtime: m.now()}
		dir.kids[name] = n
		dir.mtime = m.now()
	case n.kids != nil:
		return nil, errno.EISDIR
	case !app:
		m.used -= int64(len(n.data))
		n.data = nil
		n.mtime = m.now()
	}
	return &memSink{fs: m, n: n}, nil
}

// memSink appends to a memfs file.
type memSink struct {
	fs *memfs
	n  *memNode
}

func (s *memSink) write(b []byte) error {
	if s.fs.used+int64(len(b)) > memfsLimit {
		return errno.ENOSPC
	}
	s.fs.used += int64(len(b))
	s.n.data = append(s.n.data, b...)
	s.n.mtime = s.fs.now()
	return nil
}

func (s *memSink) close() error { return nil }

func (m *memfs) mkdir(p string) error {
	return m.add(p, &memNode{mode: iofs.ModeDir | 0755, mtime: m.now(), kids: map[string]*memNode{}})
}

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
	m.used -= int64(len(n.data))
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
	dir.kids[path.Base(p)] = &memNode{mode: perm, data: data, mtime: t}
	m.used += int64(len(data))
}
