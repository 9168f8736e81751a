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
	size := e.Size
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
		mode, size = wTrunc, 0 // nothing to keep
	default:
		return nil, err
	}
	st, err := m.vol.Statfs()
	if err != nil {
		return nil, err
	}
	s := &mountSink{m: m, p: p, perm: perm, size: size, max: int64(st.Blocks) * st.Bsize, room: -1}
	if mode == wTrunc {
		s.size, s.trunc = 0, true
	}
	return s, nil
}

// mountSink writes a file of a mounted file system. A write at the end of
// the file, which is how bash's redirections, cp and dd without seek= or
// conv=notrunc write, is kept with the ones before it, up to appendChunk
// bytes, and handed to the file system in one AppendFile: a piece per
// write(2) would cost each time, and go-diskfs gives every piece an extent
// of its own, of which an ext4 file can have only a few hundred. It takes
// only writes the file system surely has room for (Statfs.Headroom, asked
// again after each piece); a write past that goes to the file system at once
// with the writes kept before it, so that the write that does not fit is
// the one that fails, and the file keeps what fitted, as write(2) on a full
// file system does. Any other change (dd's writes before the end, a
// truncate) cannot be made in place: from the first one on, the sink holds
// the whole file and hands it to the file system at close, in one
// WriteFile (which replaces a file by compaction, so doing it per write
// would cost too much). What it holds is bounded by the size of the
// device: a file cannot grow past it.
type mountSink struct {
	m       *mountfs
	p       string
	perm    iofs.FileMode // for a new file
	size    int64         // what the file holds, with pending (after the O_TRUNC to come)
	max     int64         // the device's data blocks: no file grows past them
	trunc   bool          // O_TRUNC still to do: the next write, or close, empties the file
	pending []byte        // written at the end, not yet handed to the file system
	room    int64         // how much more pending may take; -1 to ask the file system
	held    []byte        // the whole file, once holding
	hold    bool          // changed other than at the end: written at close
}

// appendChunk is how much a mountSink keeps before handing it on.
const appendChunk = 4 << 20

func (s *mountSink) write(b []byte) error {
	n, err := s.writeAt(b, s.end())
	if err == nil && n < len(b) {
		err = errno.ENOSPC
	}
	return err
}

// end is the file's size as the writer sees it.
func (s *mountSink) end() int64 {
	if s.hold {
		return int64(len(s.held))
	}
	return s.size
}

func (s *mountSink) writeAt(b []byte, off int64) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	end := off + int64(len(b))
	if off < 0 || end < off {
		return 0, errno.EINVAL
	}
	if !s.hold && off == s.size {
		return s.append(b)
	}
	if err := s.fits(end); err != nil {
		return 0, err
	}
	if err := s.load(); err != nil {
		return 0, err
	}
	if end > int64(len(s.held)) {
		s.held = append(s.held, make([]byte, end-int64(len(s.held)))...)
	}
	copy(s.held[off:], b)
	return len(b), nil
}

// append writes b at the end of the file (see mountSink).
func (s *mountSink) append(b []byte) (int, error) {
	if s.trunc {
		if err := s.m.vol.WriteFile(s.p, nil, s.perm); err != nil {
			return 0, err
		}
		s.trunc, s.room = false, -1
	}
	if s.room < 0 {
		st, err := s.m.vol.Statfs()
		if err != nil {
			return 0, err
		}
		s.room = st.Headroom()
	}
	kept := len(s.pending)
	s.pending = append(s.pending, b...)
	s.size += int64(len(b))
	if int64(len(b)) <= s.room && len(s.pending) < appendChunk {
		s.room -= int64(len(b))
		return len(b), nil
	}
	n, err := s.flush()
	return max(0, n-kept), err
}

// flush hands what is pending to the file system and returns how much of it
// the file got; what did not fit is taken off the file's size.
func (s *mountSink) flush() (int, error) {
	if len(s.pending) == 0 {
		return 0, nil
	}
	n, err := s.m.vol.AppendFile(s.p, s.pending, s.perm)
	s.size -= int64(len(s.pending) - n)
	s.pending, s.room = s.pending[:0], -1
	return n, err
}

// load starts holding the file: what it holds now is read once.
func (s *mountSink) load() error {
	if s.hold {
		return nil
	}
	if _, err := s.flush(); err != nil {
		return err
	}
	if !s.trunc && s.size > 0 {
		data, err := s.m.vol.ReadFile(s.p)
		if err != nil {
			return err
		}
		s.held = data
	}
	s.hold = true
	return nil
}

// fits checks that the file may grow to size.
func (s *mountSink) fits(size int64) error {
	if size > s.max {
		return errno.ENOSPC
	}
	return nil
}

func (s *mountSink) truncate(size int64) error {
	if err := s.fits(size); err != nil {
		return err
	}
	if !s.hold && size == s.size {
		return nil
	}
	if err := s.load(); err != nil {
		return err
	}
	if size <= int64(len(s.held)) {
		s.held = s.held[:size]
	} else {
		s.held = append(s.held, make([]byte, size-int64(len(s.held)))...)
	}
	return nil
}

func (s *mountSink) close() error {
	if _, err := s.flush(); err != nil {
		return err
	}
	if s.hold || s.trunc {
		return s.m.vol.WriteFile(s.p, s.held, s.perm)
	}
	return nil
}

func (m *mountfs) mkdir(p string) error  { return m.vol.Mkdir(p) }
func (m *mountfs) remove(p string) error { return m.vol.Remove(p) }

// mknod is refused: the file systems of package blockdev/fs keep regular
// files and directories only.
func (m *mountfs) mknod(string, iofs.FileMode, blockdev.DevT) error { return errno.EPERM }
