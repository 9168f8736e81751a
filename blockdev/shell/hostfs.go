package shell

import (
	iofs "io/fs"
	"os"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/errno"
)

// hostfs shows a real directory of the host under /host, so that students
// can bring files in and take dd images out. Every access goes through an
// os.Root, which keeps it inside that directory whatever ".." or symbolic
// links a path holds. Whether a command may write here is the namespace's
// decision (only dd of= and cp name /host as their output).
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

// readFile reads a regular file. Anything else on the host (a device node,
// a FIFO that would block) is refused.
func (h *hostfs) readFile(p string) ([]byte, error) {
	fi, err := h.root.Stat(h.rel(p))
	switch {
	case err != nil:
		return nil, hostErr(err)
	case fi.IsDir():
		return nil, errno.EISDIR
	case !fi.Mode().IsRegular():
		return nil, errno.EPERM
	}
	data, err := h.root.ReadFile(h.rel(p))
	return data, hostErr(err)
}

// create opens a regular file for writing; like readFile it will not touch
// anything else on the host.
func (h *hostfs) create(p string, app bool, perm iofs.FileMode) (sink, error) {
	if fi, err := h.root.Stat(h.rel(p)); err == nil && !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return nil, errno.EISDIR
		}
		return nil, errno.EPERM
	}
	flag := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if app {
		flag = os.O_WRONLY | os.O_CREATE | os.O_APPEND
	}
	f, err := h.root.OpenFile(h.rel(p), flag, perm)
	if err != nil {
		return nil, hostErr(err)
	}
	return hostSink{f}, nil
}

type hostSink struct{ f *os.File }

func (s hostSink) write(b []byte) error {
	_, err := s.f.Write(b)
	return hostErr(err)
}

func (s hostSink) close() error { return hostErr(s.f.Close()) }

func (h *hostfs) mkdir(p string) error { return hostErr(h.root.Mkdir(h.rel(p), 0755)) }

func (h *hostfs) remove(p string) error { return hostErr(h.root.Remove(h.rel(p))) }

// mknod is refused: device nodes on the host would be real ones.
func (h *hostfs) mknod(string, iofs.FileMode, blockdev.DevT) error { return errno.EPERM }
