package shell

import (
	"errors"
	"io"
	iofs "io/fs"
	"os"
	"syscall"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/errno"
)

// hostfs shows a real directory of the host under /host, so that students
// can bring files in and take dd images out. Every access goes through an
// os.Root, which keeps it inside that directory whatever ".." or symbolic
// links a path holds. Whether a command may write here is the namespace's
// decision (only dd of= and cp name /host as their output).
//
// Only regular files and directories are read or written. Files are read
// as the reader asks and written as the writer goes, never whole, so that a
// big (or sparse) host file costs no more memory than the chunk in hand.
type hostfs struct {
	root *os.Root
}

// rel turns a path within /host into the os.Root's relative name.
func (h *hostfs) rel(p string) string {
	if p == "/" {
		return "."
	}
	return p[1:]
}

// errSpecial is what the machine answers for a FIFO, socket or device node
// on the host: ENXIO, "No such device or address". The simulated kernel has
// no driver behind the host's special files, and open(2) of a special file
// whose driver is missing fails with ENXIO in 2.6 (chrdev_open, blkdev_open,
// bad_sock_fops); for a FIFO it is also what a non-blocking open finds when
// nobody is at the other end. Refusing at once keeps a cat of a FIFO or of
// /proc/kmsg from waiting for ever.
const errSpecial = errno.ENXIO

func (h *hostfs) info(name string, fi iofs.FileInfo, link string) fileInfo {
	// Host files show as root's: the simulated machine knows no other users.
	out := fileInfo{name: name, mode: fi.Mode(), size: fi.Size(), nlink: 1, mtime: fi.ModTime().UTC(), group: "root", link: link}
	if fi.IsDir() {
		out.nlink = 2
	}
	out.blocks = (out.size + 4095) / 4096 * 4
	return out
}

func (h *hostfs) stat(p string) (fileInfo, error) {
	fi, err := h.root.Lstat(h.rel(p))
	if err != nil {
		return fileInfo{}, hostErr(err)
	}
	link := ""
	if fi.Mode()&iofs.ModeSymlink != 0 {
		link, _ = h.root.Readlink(h.rel(p))
	}
	return h.info(fi.Name(), fi, link), nil
}

func (h *hostfs) readDir(p string) ([]fileInfo, error) {
	f, err := h.root.Open(h.rel(p))
	if err != nil {
		return nil, hostErr(err)
	}
	defer f.Close()
	des, err := f.ReadDir(-1)
	if err != nil {
		return nil, hostErr(err)
	}
	var fis []fileInfo
	for _, de := range des {
		child := p + "/" + de.Name()
		if p == "/" {
			child = "/" + de.Name()
		}
		if fi, err := h.stat(child); err == nil {
			fis = append(fis, fi)
		}
	}
	return fis, nil
}

// checkRegular refuses what is not a regular file: a directory with
// EISDIR, anything special with errSpecial.
func checkRegular(fi iofs.FileInfo) error {
	switch {
	case fi.IsDir():
		return errno.EISDIR
	case !fi.Mode().IsRegular():
		return errSpecial
	}
	return nil
}

// openRegular opens a regular file of the host. The file's type is checked
// before it is opened (opening a device can have effects) and again on
// what was opened (the name may have changed in between); the open itself
// is non-blocking, so that a FIFO put there in the meantime cannot stall
// it.
func (h *hostfs) openRegular(p string, flag int, perm iofs.FileMode) (*os.File, error) {
	if fi, err := h.root.Stat(h.rel(p)); err == nil {
		if err := checkRegular(fi); err != nil {
			return nil, err
		}
	} else if flag&os.O_CREATE == 0 || !errors.Is(err, iofs.ErrNotExist) {
		return nil, hostErr(err)
	}
	f, err := h.root.OpenFile(h.rel(p), flag|syscall.O_NONBLOCK, perm)
	if err != nil {
		return nil, hostErr(err)
	}
	fi, err := f.Stat()
	if err == nil {
		err = checkRegular(fi)
	}
	if err != nil {
		f.Close()
		return nil, hostErr(err)
	}
	return f, nil
}

func (h *hostfs) open(p string) (file, error) {
	f, err := h.openRegular(p, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, hostErr(err)
	}
	return &hostFile{f: f, size: fi.Size()}, nil
}

// hostFile is a host file open for reading; its size is the one it had
// when opened.
type hostFile struct {
	f    *os.File
	size int64
}

func (r *hostFile) ReadAt(b []byte, off int64) (int, error) {
	n, err := r.f.ReadAt(b, off)
	if err == io.EOF {
		return n, err
	}
	return n, hostErr(err)
}

func (r *hostFile) Size() int64  { return r.size }
func (r *hostFile) Close() error { return r.f.Close() }

// create opens a regular file for writing; like open it will not touch
// anything else on the host.
func (h *hostfs) create(p string, mode wmode, perm iofs.FileMode) (sink, error) {
	flag := os.O_WRONLY | os.O_CREATE
	switch mode {
	case wTrunc:
		flag |= os.O_TRUNC
	case wAppend:
		flag |= os.O_APPEND
	}
	f, err := h.openRegular(p, flag, perm)
	if err != nil {
		return nil, err
	}
	return hostSink{f}, nil
}

// hostSink writes to a host file; a seek past its end leaves a hole there,
// as the host's file system makes it.
type hostSink struct{ f *os.File }

func (s hostSink) write(b []byte) error {
	_, err := s.f.Write(b)
	return hostErr(err)
}

func (s hostSink) writeAt(b []byte, off int64) (int, error) {
	n, err := s.f.WriteAt(b, off)
	return n, hostErr(err)
}

func (s hostSink) truncate(size int64) error { return hostErr(s.f.Truncate(size)) }
func (s hostSink) close() error              { return hostErr(s.f.Close()) }

func (h *hostfs) mkdir(p string) error { return hostErr(h.root.Mkdir(h.rel(p), 0755)) }

func (h *hostfs) remove(p string) error { return hostErr(h.root.Remove(h.rel(p))) }

// mknod is refused: device nodes on the host would be real ones.
func (h *hostfs) mknod(string, iofs.FileMode, blockdev.DevT) error { return errno.EPERM }
