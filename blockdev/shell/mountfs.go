package shell

import (
	"errors"
	iofs "io/fs"
	"path"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/errno"
	bfs "simpblkdev/blockdev/fs"
)

// mountfs is a file system that mount(8) put on a block device (package
// blockdev/fs, over the device's page cache).
type mountfs struct {
	vol   bfs.FS
	bsize int64 // block size, for the KiB a file occupies
}

func (m *mountfs) info(e bfs.Entry) fileInfo {
	fi := fileInfo{name: e.Name, mode: e.Mode, size: e.Size, nlink: e.Nlink, mtime: e.ModTime, group: "root"}
	if e.IsDir {
		fi.mode |= iofs.ModeDir
	}
	fi.blocks = (fi.size + m.bsize - 1) / m.bsize * m.bsize / 1024
	return fi
}

func (m *mountfs) stat(p string) (fileInfo, error) {
	e, err := m.vol.Stat(p)
	if err != nil {
		return fileInfo{}, err
	}
	return m.info(e), nil
}

func (m *mountfs) readDir(p string) ([]fileInfo, error) {
	es, err := m.vol.ReadDir(p)
	if err != nil {
		return nil, err
	}
	fis := make([]fileInfo, len(es))
	for i, e := range es {
		fis[i] = m.info(e)
	}
	return fis, nil
}

func (m *mountfs) readFile(p string) ([]byte, error) { return m.vol.ReadFile(p) }

// create checks what open(2) would and leaves the writing to the sink: the
// file system replaces a file's contents in one WriteFile, and rewriting
// files it does not have to is costly.
func (m *mountfs) create(p string, app bool, perm iofs.FileMode) (sink, error) {
	e, err := m.vol.Stat(p)
	switch {
	case err == nil && e.IsDir:
		return nil, errno.EISDIR
	case err == nil:
	case errors.Is(err, errno.ENOENT):
		parent, perr := m.vol.Stat(path.Dir(p))
		if perr != nil {
			return nil, perr
		}
		if !parent.IsDir {
			return nil, errno.ENOTDIR
		}
		app = false // nothing to keep
	default:
		return nil, err
	}
	return &mountSink{m: m, p: p, app: app, perm: perm}, nil
}

// mountSink collects what is written and hands it to the file system: the
// first write replaces the file (or, with O_APPEND, extends it), later ones
// extend it; closing a truncated file that was never written empties it.
type mountSink struct {
	m       *mountfs
	p       string
	app     bool
	perm    iofs.FileMode // for a new file
	written bool
}

func (s *mountSink) write(b []byte) error {
	data := b
	if s.app || s.written {
		old, err := s.m.vol.ReadFile(s.p)
		if err != nil && !errors.Is(err, errno.ENOENT) {
			return err
		}
		data = append(old, b...)
	}
	s.written = true
	return s.m.vol.WriteFile(s.p, data, s.perm)
}

func (s *mountSink) close() error {
	if s.written || s.app {
		return nil
	}
	return s.m.vol.WriteFile(s.p, nil, s.perm)
}

func (m *mountfs) mkdir(p string) error  { return m.vol.Mkdir(p) }
func (m *mountfs) remove(p string) error { return m.vol.Remove(p) }

// mknod is refused: the file systems of package blockdev/fs keep regular
// files and directories only.
func (m *mountfs) mknod(string, iofs.FileMode, blockdev.DevT) error { return errno.EPERM }
