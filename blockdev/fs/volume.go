package fs

import (
	"bytes"
	"errors"
	"io"
	iofs "io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/diskfs/go-diskfs/filesystem"
	"simpblkdev/blockdev/errno"
)

// driver is what differs between ext4 and FAT behind a mounted volume.
type driver interface {
	typ() Type
	gfs() filesystem.FileSystem // the go-diskfs file system now in use
	created() time.Time         // when mkfs ran: the default clock
	// reformat makes a new, empty file system on the device with the same
	// parameters and identity as the mounted one (for compaction, see
	// volume.flush); lostFound asks for mkfs's lost+found directory.
	reformat(lostFound bool) error
	statfs() (Statfs, error)
	// info turns go-diskfs's description of the entry abs into our Entry
	// (Nlink is filled in by the volume).
	info(abs string, fi iofs.FileInfo) (Entry, error)
	// setAttr sets the permission bits (where the file system keeps them) and
	// the time stamps of an existing entry; rel is a go-diskfs path.
	setAttr(rel string, dir bool, mode iofs.FileMode, t time.Time) error
	lostFound() string // the directory mkfs made, "" for none
	unit() int         // allocation unit: the block or cluster size
	foldCase() bool    // names compare case-insensitively (FAT)
}

// volume is a mounted file system: go-diskfs does the work, the volume keeps
// the semantics of the kernel's VFS (errno values, one directory at a time,
// time stamps from the simulated clock) and works around go-diskfs's unsafe
// Remove by compaction (see flush).
type volume struct {
	mu     sync.Mutex
	dev    Device
	st     *storage
	drv    driver
	now    func() time.Time
	gone   map[string]bool // removed, not yet compacted away (clean absolute paths)
	stale  bool            // a refused write may have used blocks: compact (see grow)
	closed bool
}

// clean turns a path given to the FS into a clean absolute path.
func clean(p string) string { return path.Clean("/" + p) }

// rel is the path go-diskfs wants: io/fs style, "." for the root.
func rel(abs string) string {
	if abs == "/" {
		return "."
	}
	return abs[1:]
}

func (v *volume) Type() Type { return v.drv.typ() }

// catch ends every operation of the volume. A panic inside go-diskfs
// becomes EIO: a bug in the library must not bring the simulated machine
// down. An error of the device during the operation is what the operation
// reports, whatever go-diskfs made of it: go-diskfs words a failed read as
// a broken table or a missing file, and may even carry on after a failed
// write, which would lose it.
func (v *volume) catch(op, p string, err *error) {
	if r := recover(); r != nil {
		*err = pathErr(op, p, errno.EIO)
	}
	if _, derr := v.st.take(); derr != nil {
		var pe *iofs.PathError
		if errors.As(*err, &pe) {
			op = pe.Op
		}
		*err = pathErr(op, p, derr)
	}
}

// rawDir lists a directory (which must exist) as go-diskfs sees it, leaving
// out removed entries.
func (v *volume) rawDir(abs string) ([]iofs.DirEntry, error) {
	des, err := v.drv.gfs().ReadDir(rel(abs))
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(des, func(de iofs.DirEntry) bool { return v.gone[path.Join(abs, de.Name())] }), nil
}

// readDir lists a directory (which must exist) as Entries, leaving out
// removed entries. Nlink is left 0.
func (v *volume) readDir(abs string) ([]Entry, error) {
	des, err := v.rawDir(abs)
	if err != nil {
		return nil, err
	}
	out := make([]Entry, 0, len(des))
	for _, de := range des {
		e, err := v.entry(abs, de)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func (v *volume) entry(dir string, de iofs.DirEntry) (Entry, error) {
	fi, err := de.Info()
	if err != nil {
		return Entry{}, err
	}
	return v.drv.info(path.Join(dir, de.Name()), fi)
}

// lookup finds abs, checking every component on the way as path walking in
// the kernel does: a missing component is ENOENT, a file used as a directory
// ENOTDIR. The root is Entry{Name: "/"}. Nlink is left 0 (see withNlink).
func (v *volume) lookup(abs string) (Entry, error) {
	if abs == "/" {
		fi, err := v.drv.gfs().Stat(".")
		if err != nil {
			return Entry{}, errno.EIO
		}
		e, err := v.drv.info("/", fi)
		if err != nil {
			return Entry{}, errno.EIO
		}
		e.IsDir, e.Mode = true, e.Mode|iofs.ModeDir
		if e.ModTime.IsZero() || e.ModTime.Unix() <= 0 {
			e.ModTime = v.drv.created()
		}
		return e, nil
	}
	dir := path.Dir(abs)
	if dir != "/" {
		parent, err := v.lookup(dir)
		if err != nil {
			return Entry{}, err
		}
		if !parent.IsDir {
			return Entry{}, errno.ENOTDIR
		}
	}
	des, err := v.rawDir(dir)
	if err != nil {
		return Entry{}, errno.EIO
	}
	name := path.Base(abs)
	for _, de := range des {
		if de.Name() == name || (v.drv.foldCase() && strings.EqualFold(de.Name(), name)) {
			e, err := v.entry(dir, de)
			if err != nil {
				return Entry{}, errno.EIO
			}
			return e, nil
		}
	}
	return Entry{}, errno.ENOENT
}

// withNlink fills in the link count the way ext and vfat report it: 1 for a
// file, 2 plus the number of subdirectories for a directory.
func (v *volume) withNlink(abs string, e Entry) (Entry, error) {
	e.Nlink = 1
	if !e.IsDir {
		return e, nil
	}
	des, err := v.rawDir(abs)
	if err != nil {
		return Entry{}, errno.EIO
	}
	e.Nlink = 2
	for _, de := range des {
		if de.IsDir() {
			e.Nlink++
		}
	}
	return e, nil
}

func (v *volume) enter(op, p string) (string, error) {
	if v.closed {
		return "", pathErr(op, p, errno.EINVAL)
	}
	return clean(p), nil
}

// enterNew is enter for an operation that makes a name (open for writing,
// mkdir): the root answers rootErr, pending removals are applied first so
// their space and names are free, and the parent must be a directory.
func (v *volume) enterNew(op, p string, rootErr error) (string, error) {
	abs, err := v.enter(op, p)
	if err != nil {
		return "", err
	}
	if abs == "/" {
		return "", pathErr(op, p, rootErr)
	}
	if err := v.flush(); err != nil {
		return "", pathErr(op, p, err)
	}
	if err := v.checkParent(abs); err != nil {
		return "", pathErr(op, p, err)
	}
	return abs, nil
}

func (v *volume) ReadDir(p string) (_ []Entry, err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	defer v.catch("readdir", p, &err)
	abs, err := v.enter("readdir", p)
	if err != nil {
		return nil, err
	}
	e, err := v.lookup(abs)
	if err != nil {
		return nil, pathErr("readdir", p, err)
	}
	if !e.IsDir {
		return nil, pathErr("readdir", p, errno.ENOTDIR)
	}
	ents, err := v.readDir(abs)
	if err != nil {
		return nil, pathErr("readdir", p, errno.EIO)
	}
	for i := range ents {
		if ents[i].IsDir {
			if ents[i], err = v.withNlink(path.Join(abs, ents[i].Name), ents[i]); err != nil {
				return nil, pathErr("readdir", p, err)
			}
		} else {
			ents[i].Nlink = 1
		}
	}
	return ents, nil
}

func (v *volume) Stat(p string) (_ Entry, err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	defer v.catch("stat", p, &err)
	abs, err := v.enter("stat", p)
	if err != nil {
		return Entry{}, err
	}
	e, err := v.lookup(abs)
	if err == nil {
		e, err = v.withNlink(abs, e)
	}
	if err != nil {
		return Entry{}, pathErr("stat", p, err)
	}
	return e, nil
}

func (v *volume) ReadFile(p string) (_ []byte, err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	defer v.catch("read", p, &err)
	abs, err := v.enter("open", p)
	if err != nil {
		return nil, err
	}
	e, err := v.lookup(abs)
	if err != nil {
		return nil, pathErr("open", p, err)
	}
	if e.IsDir {
		return nil, pathErr("read", p, errno.EISDIR)
	}
	b, err := v.readFile(abs)
	if err != nil {
		return nil, pathErr("read", p, errno.EIO)
	}
	return b, nil
}

// readFile reads a whole file in one Read call. go-diskfs's ext4 File.Read
// (and Write) mishandle a position that is not on a block boundary just
// after the end of an extent (it does not skip that extent, computes a
// negative length and panics); a file of several extents read in pieces, as
// io.ReadAll does, hits that. One Read from offset 0 walks the extents in
// order and never does.
func (v *volume) readFile(abs string) ([]byte, error) {
	f, err := v.drv.gfs().OpenFile(rel(abs), os.O_RDONLY)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	buf := make([]byte, fi.Size())
	n := 0
	for n < len(buf) {
		m, err := f.Read(buf[n:])
		n += m
		if err == io.EOF || m == 0 {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	return buf[:n], nil
}

func (v *volume) WriteFile(p string, data []byte, mode iofs.FileMode) (err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	defer v.catch("write", p, &err)
	abs, err := v.enterNew("open", p, errno.EISDIR)
	if err != nil {
		return err
	}
	switch e, err := v.lookup(abs); {
	case err == nil && e.IsDir:
		return pathErr("open", p, errno.EISDIR)
	case err == nil:
		// An existing file keeps its mode, as with open(O_TRUNC).
		mode = e.Mode
		abs = path.Join(path.Dir(abs), e.Name)
		old, err := v.readFile(abs)
		if err != nil {
			return pathErr("open", p, errno.EIO)
		}
		if len(data) >= len(old) && bytes.Equal(data[:len(old)], old) {
			// Only new bytes at the end (a shell writing a file in
			// pieces, >>): append them.
			start := len(old) / v.drv.unit() * v.drv.unit()
			if _, err := v.append(abs, start, data[start:], len(old)-start, mode.Perm()); err != nil {
				return pathErr("write", p, err)
			}
			return nil
		}
		// Replacing a file's contents means freeing its blocks, which is a
		// removal: compact it away first (see flush).
		v.gone[abs] = true
		if err := v.flush(); err != nil {
			return pathErr("open", p, err)
		}
	case !errors.Is(err, errno.ENOENT):
		return pathErr("open", p, err)
	}
	if _, err := v.create(abs, data, mode.Perm()); err != nil {
		return pathErr("write", p, err)
	}
	return nil
}

func (v *volume) AppendFile(p string, data []byte, mode iofs.FileMode) (n int, err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	defer v.catch("write", p, &err)
	abs, err := v.enterNew("open", p, errno.EISDIR)
	if err != nil {
		return 0, err
	}
	e, err := v.lookup(abs)
	switch {
	case err == nil && e.IsDir:
		return 0, pathErr("open", p, errno.EISDIR)
	case errors.Is(err, errno.ENOENT):
		n, err := v.create(abs, data, mode.Perm())
		if err != nil {
			return n, pathErr("write", p, err)
		}
		return n, nil
	case err != nil:
		return 0, pathErr("open", p, err)
	}
	if len(data) == 0 {
		return 0, nil
	}
	abs = path.Join(path.Dir(abs), e.Name)
	// The bytes of the last block the file already holds, which the
	// write starts with (see append).
	start := e.Size / int64(v.drv.unit()) * int64(v.drv.unit())
	head, err := v.readFrom(abs, start, int(e.Size-start))
	if err != nil {
		return 0, pathErr("write", p, errno.EIO)
	}
	n, err = v.append(abs, int(start), append(head, data...), len(head), e.Mode.Perm())
	if err != nil {
		return n, pathErr("write", p, err)
	}
	return n, nil
}

// readFrom reads n bytes of the file abs from off, which must be on a block
// boundary (see readFile).
func (v *volume) readFrom(abs string, off int64, n int) ([]byte, error) {
	buf := make([]byte, n)
	if n == 0 {
		return buf, nil
	}
	f, err := v.drv.gfs().OpenFile(rel(abs), os.O_RDONLY)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if _, err := f.Seek(off, io.SeekStart); err != nil {
		return nil, err
	}
	if _, err := io.ReadFull(f, buf); err != nil {
		return nil, err
	}
	return buf, nil
}

// append writes buf[keep:] at the end of the existing file abs, whose bytes
// from the block boundary start on are buf[:keep], and stamps it; it
// returns how many of the new bytes the file got. The write starts at start,
// rewriting the head of the last block with the bytes it already holds:
// go-diskfs's ext4 File.Write cannot start in the middle of a block that
// follows the end of an extent (see readFile).
func (v *volume) append(abs string, start int, buf []byte, keep int, perm iofs.FileMode) (int, error) {
	n, werr := v.grow(abs, start, buf, keep)
	if err := v.drv.setAttr(rel(abs), false, perm, v.now()); err != nil && werr == nil {
		werr = errnoOf(err)
	}
	return n, werr
}

// grow writes as much of buf[keep:] at the end of the file abs as fits and
// returns how much that was; buf[:keep] is what the file holds from the block
// boundary start on. When not all of it fits, the error is ENOSPC and the
// file keeps what did, as write(2) does on a full file system.
//
// On FAT the driver knows beforehand what fits (fatDriver.fit). On ext4
// go-diskfs refuses an allocation larger than the free blocks, or than one
// extent may hold, before it changes anything; what fits is found by
// writing: the whole tail first, then pieces of half the size of the last
// that failed, down to a byte. Should a refused write have used blocks after
// all, the volume compacts before the next operation (see flush), which
// gives them back.
func (v *volume) grow(abs string, start int, buf []byte, keep int) (int, error) {
	tail := len(buf) - keep
	if tail == 0 {
		return 0, nil
	}
	if f, ok := v.drv.(fitter); ok {
		// The last cluster's free bytes need no new cluster, and an
		// empty file has one already (see put).
		unit := v.drv.unit()
		slack := (keep+unit-1)/unit*unit - keep
		if start == 0 && keep == 0 {
			slack = unit
		}
		n, err := tail, error(nil)
		if tail > slack {
			n, err = f.fit(path.Dir(abs), tail-slack)
			n += slack
		}
		if n > 0 {
			if werr := v.writeAt(abs, start, buf[:keep+n]); werr != nil {
				return 0, werr
			}
		}
		return n, err
	}
	done := 0
	for chunk := tail; chunk > 0; {
		cur := keep + done
		from := cur / v.drv.unit() * v.drv.unit()
		free := v.freeBlocks()
		err := v.writeAt(abs, start+from, buf[from:cur+min(chunk, tail-done)])
		switch {
		case err == nil:
			if done += min(chunk, tail-done); done == tail {
				return done, nil
			}
		case errnoOf(err) == errno.ENOSPC:
			if v.freeBlocks() != free {
				v.stale = true
			}
			chunk /= 2
		default:
			return done, err
		}
	}
	return done, errno.ENOSPC
}

// writeAt writes b into the existing file abs at off, in one Write.
func (v *volume) writeAt(abs string, off int, b []byte) error {
	f, err := v.drv.gfs().OpenFile(rel(abs), os.O_RDWR)
	if err != nil {
		return errnoOf(err)
	}
	defer f.Close()
	if _, err := f.Seek(int64(off), io.SeekStart); err != nil {
		return errnoOf(err)
	}
	if _, err := f.Write(b); err != nil {
		return errnoOf(err)
	}
	return nil
}

// freeBlocks is the file system's free block count, or 0 when it cannot
// be read.
func (v *volume) freeBlocks() uint64 {
	s, err := v.drv.statfs()
	if err != nil {
		return 0
	}
	return s.Bfree
}

// fitter is a driver that must check for space before go-diskfs allocates
// (FAT, see fatDriver.fit).
type fitter interface {
	fit(dir string, n int) (int, error)
}

// create makes a new file with as much of data as fits (see put), stamps
// it and returns how much that was; the name must be free and the parent
// must exist.
func (v *volume) create(abs string, data []byte, perm iofs.FileMode) (int, error) {
	n, werr := v.put(abs, data)
	if werr != nil && n == 0 {
		if _, err := v.lookup(abs); err != nil {
			return 0, werr // no room even for an empty file
		}
	}
	if err := v.drv.setAttr(rel(abs), false, perm, v.now()); err != nil && werr == nil {
		werr = errnoOf(err)
	}
	return n, werr
}

// put makes the file abs with as much of data as fits and returns how much
// that was. A FAT file is written in the Write that makes it, into the
// cluster go-diskfs gives even an empty file; an ext4 file grows from empty
// (see grow).
func (v *volume) put(abs string, data []byte) (int, error) {
	f, ok := v.drv.(fitter)
	if !ok {
		if err := v.open(abs, nil); err != nil {
			return 0, err
		}
		return v.grow(abs, 0, data, 0)
	}
	n, werr := f.fit(path.Dir(abs), len(data))
	if werr != nil && n == 0 {
		return 0, werr
	}
	if err := v.open(abs, data[:n]); err != nil {
		return 0, err
	}
	return n, werr
}

// open creates the file abs with the contents data, in one Write.
func (v *volume) open(abs string, data []byte) error {
	f, err := v.drv.gfs().OpenFile(rel(abs), os.O_CREATE|os.O_RDWR)
	if err != nil {
		return errnoOf(err)
	}
	defer f.Close()
	if len(data) > 0 {
		if _, err := f.Write(data); err != nil {
			return errnoOf(err)
		}
	}
	return nil
}

// checkParent makes sure the directory abs is to be created in exists, and
// that the name fits in a directory entry (255 bytes on ext and vfat).
func (v *volume) checkParent(abs string) error {
	if len(path.Base(abs)) > 255 {
		return errno.ENAMETOOLONG
	}
	if path.Dir(abs) == "/" {
		return nil
	}
	parent, err := v.lookup(path.Dir(abs))
	if err != nil {
		return err
	}
	if !parent.IsDir {
		return errno.ENOTDIR
	}
	return nil
}

func (v *volume) Mkdir(p string) (err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	defer v.catch("mkdir", p, &err)
	abs, err := v.enterNew("mkdir", p, errno.EEXIST)
	if err != nil {
		return err
	}
	switch _, err := v.lookup(abs); {
	case err == nil:
		return pathErr("mkdir", p, errno.EEXIST)
	case !errors.Is(err, errno.ENOENT):
		return pathErr("mkdir", p, err)
	}
	if err := v.mkdir(abs, 0o755, v.now()); err != nil {
		return pathErr("mkdir", p, err)
	}
	return nil
}

func (v *volume) mkdir(abs string, perm iofs.FileMode, t time.Time) error {
	if f, ok := v.drv.(fitter); ok {
		if _, err := f.fit(path.Dir(abs), 1); err != nil {
			return err
		}
	}
	if err := v.drv.gfs().Mkdir(rel(abs)); err != nil {
		return errnoOf(err)
	}
	if err := v.drv.setAttr(rel(abs), true, perm, t); err != nil {
		return errnoOf(err)
	}
	return nil
}

func (v *volume) Remove(p string) (err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	defer v.catch("remove", p, &err)
	abs, err := v.enter("remove", p)
	if err != nil {
		return err
	}
	if abs == "/" {
		return pathErr("remove", p, errno.EBUSY)
	}
	e, err := v.lookup(abs)
	if err != nil {
		return pathErr("remove", p, err)
	}
	if e.IsDir {
		ents, err := v.rawDir(abs)
		if err != nil {
			return pathErr("remove", p, errno.EIO)
		}
		if len(ents) > 0 {
			return pathErr("remove", p, errno.ENOTEMPTY)
		}
	}
	v.gone[path.Join(path.Dir(abs), e.Name)] = true
	return nil
}

func (v *volume) RemoveAll(p string) (err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	defer v.catch("remove", p, &err)
	abs, err := v.enter("remove", p)
	if err != nil {
		return err
	}
	if abs == "/" {
		return pathErr("remove", p, errno.EBUSY)
	}
	e, err := v.lookup(abs)
	if errors.Is(err, errno.ENOENT) {
		return nil
	}
	if err != nil {
		return pathErr("remove", p, err)
	}
	v.gone[path.Join(path.Dir(abs), e.Name)] = true
	return nil
}

func (v *volume) Statfs() (_ Statfs, err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	defer v.catch("statfs", "/", &err)
	if v.closed {
		return Statfs{}, pathErr("statfs", "/", errno.EINVAL)
	}
	if err := v.flush(); err != nil {
		return Statfs{}, pathErr("statfs", "/", err)
	}
	s, err := v.drv.statfs()
	if err != nil {
		return Statfs{}, pathErr("statfs", "/", errno.EIO)
	}
	return s, nil
}

func (v *volume) Sync() (err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	defer v.catch("sync", "/", &err)
	if v.closed {
		return pathErr("sync", "/", errno.EINVAL)
	}
	return v.sync()
}

func (v *volume) sync() error {
	if err := v.flush(); err != nil {
		return pathErr("sync", "/", err)
	}
	if err := v.dev.Sync(); err != nil {
		return pathErr("sync", "/", err)
	}
	return nil
}

func (v *volume) Unmount() (err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	defer v.catch("umount", "/", &err)
	if v.closed {
		return pathErr("umount", "/", errno.EINVAL)
	}
	err = v.sync()
	v.closed = true
	return err
}

// node is one file or directory of a snapshot taken for compaction.
type node struct {
	name  string
	dir   bool
	perm  iofs.FileMode
	mtime time.Time
	data  []byte
	kids  []*node
}

// flush makes pending removals real.
//
// go-diskfs v1.9.4 can remove files, but its Remove corrupts the file system:
// it clears the inode bitmap bit of the *next* inode (so the next file created
// overwrites a live file's inode), clears the wrong block bitmap bits when
// blocks are 1 KiB, counts the freed blocks twice and never frees a FAT
// file's clusters (see doc.go). So we never call it. A removal is recorded in
// v.gone and hidden from every lookup; before anything that needs the freed
// space or name (a write, statfs, sync, umount) the volume compacts: it reads
// every file that remains, makes the same file system again on the device
// (same size, layout, UUID, label, times) and writes the files back in their
// old order, with their permissions and time stamps. Only go-diskfs code
// touches the disk; rm -rf of a whole tree costs one compaction.
func (v *volume) flush() error {
	if len(v.gone) == 0 && !v.stale {
		return nil
	}
	root, err := v.snapshot("/")
	if err != nil {
		return errno.EIO
	}
	kids := root.kids
	lostFound := false
	if lf := v.drv.lostFound(); lf != "" && len(kids) > 0 && kids[0].name == lf && kids[0].dir && len(kids[0].kids) == 0 {
		lostFound = true
	}
	if err := v.drv.reformat(lostFound); err != nil {
		return errno.EIO
	}
	v.gone, v.stale = map[string]bool{}, false
	if lostFound {
		if err := v.drv.setAttr(rel("/"+kids[0].name), true, kids[0].perm, kids[0].mtime); err != nil {
			return errno.EIO
		}
		kids = kids[1:]
	}
	for _, k := range kids {
		if err := v.restore("/", k); err != nil {
			return err
		}
	}
	if err := v.drv.setAttr(".", true, root.perm, root.mtime); err != nil {
		return errno.EIO
	}
	return nil
}

func (v *volume) snapshot(abs string) (*node, error) {
	fi, err := v.drv.gfs().Stat(rel(abs))
	if err != nil {
		return nil, err
	}
	n := &node{name: path.Base(abs), dir: true, perm: fi.Mode().Perm(), mtime: fi.ModTime()}
	ents, err := v.readDir(abs)
	if err != nil {
		return nil, err
	}
	for _, e := range ents {
		child := path.Join(abs, e.Name)
		if e.IsDir {
			k, err := v.snapshot(child)
			if err != nil {
				return nil, err
			}
			n.kids = append(n.kids, k)
			continue
		}
		data, err := v.readFile(child)
		if err != nil {
			return nil, err
		}
		n.kids = append(n.kids, &node{name: e.Name, perm: e.Mode.Perm(), mtime: e.ModTime, data: data})
	}
	return n, nil
}

func (v *volume) restore(dir string, n *node) error {
	abs := path.Join(dir, n.name)
	if !n.dir {
		if _, err := v.put(abs, n.data); err != nil {
			return err
		}
		return errnoOfNil(v.drv.setAttr(rel(abs), n.dir, n.perm, n.mtime))
	}
	if err := v.drv.gfs().Mkdir(rel(abs)); err != nil {
		return errnoOf(err)
	}
	for _, k := range n.kids {
		if err := v.restore(abs, k); err != nil {
			return err
		}
	}
	return errnoOfNil(v.drv.setAttr(rel(abs), n.dir, n.perm, n.mtime))
}

func errnoOfNil(err error) error {
	if err == nil {
		return nil
	}
	return errnoOf(err)
}
