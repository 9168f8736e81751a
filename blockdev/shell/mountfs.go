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

// open reads the whole file at once: package blockdev/fs reads files whole,
// and a file is never bigger than its device.
func (m *mountfs) open(p string) (file, error) {
	data, err := m.vol.ReadFile(p)
	if err != nil {
		return nil, err
	}
	return newBytesFile(data), nil
}

// create checks what open(2) would and leaves the writing to the sink.
func (m *mountfs) create(p string, mode wmode, perm iofs.FileMode) (sink, error) {
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
		mode = wTrunc // nothing to keep
	default:
		return nil, err
	}
	st, err := m.vol.Statfs()
	if err != nil {
		return nil, err
	}
	s := &mountSink{m: m, p: p, perm: perm, trunc: mode == wTrunc, max: int64(st.Blocks) * st.Bsize}
	if mode != wTrunc {
		if s.data, err = m.vol.ReadFile(p); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// mountSink holds a file's new contents and hands them to the file system,
// which replaces a file in one WriteFile (rewriting files it does not have
// to is costly). Sequential writes (bash's redirections, cp) go to the
// file system at once, so that ENOSPC is seen by the write that caused it;
// dd's positioned writes are kept until close. What it holds is bounded by
// the size of the device: a file cannot grow past it.
type mountSink struct {
	m     *mountfs
	p     string
	perm  iofs.FileMode // for a new file
	data  []byte
	max   int64 // the device's data blocks: no file grows past them
	trunc bool  // O_TRUNC: closing it unwritten empties the file
	dirty bool  // changed since the file system last had it
	wrote bool  // written at all
}

func (s *mountSink) write(b []byte) error {
	if _, err := s.writeAt(b, int64(len(s.data))); err != nil {
		return err
	}
	s.dirty = false
	return s.m.vol.WriteFile(s.p, s.data, s.perm)
}

// room checks that the file may grow to size.
func (s *mountSink) room(size int64) error {
	if size > s.max {
		return errno.ENOSPC
	}
	return nil
}

func (s *mountSink) writeAt(b []byte, off int64) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	end := off + int64(len(b))
	if off < 0 || end < off {
		return 0, errno.EINVAL
	}
	if err := s.room(end); err != nil {
		return 0, err
	}
	if end > int64(len(s.data)) {
		s.data = append(s.data, make([]byte, end-int64(len(s.data)))...)
	}
	copy(s.data[off:], b)
	s.dirty, s.wrote = true, true
	return len(b), nil
}

func (s *mountSink) truncate(size int64) error {
	if err := s.room(size); err != nil {
		return err
	}
	if size <= int64(len(s.data)) {
		s.data = s.data[:size]
	} else {
		s.data = append(s.data, make([]byte, size-int64(len(s.data)))...)
	}
	s.dirty, s.wrote = true, true
	return nil
}

func (s *mountSink) close() error {
	if s.dirty || (s.trunc && !s.wrote) {
		return s.m.vol.WriteFile(s.p, s.data, s.perm)
	}
	return nil
}

func (m *mountfs) mkdir(p string) error  { return m.vol.Mkdir(p) }
func (m *mountfs) remove(p string) error { return m.vol.Remove(p) }

// mknod is refused: the file systems of package blockdev/fs keep regular
// files and directories only.
func (m *mountfs) mknod(string, iofs.FileMode, blockdev.DevT) error { return errno.EPERM }
