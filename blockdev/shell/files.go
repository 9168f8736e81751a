package shell

import (
	"slices"

	"simpblkdev/blockdev"
)

// files models a process's files_struct (include/linux/file.h, 2.6.18): the
// files a command has open, by descriptor. Every open a command makes goes
// through the namespace, which installs the file here (the namespace's open
// functions take the table); closing the file takes it out again, and when
// the command ends, normally or killed by a signal, runSimple closes what
// is left in descriptor order, as do_exit's exit_files → close_files →
// filp_close does (kernel/exit.c). So a command that dies between its open and its close
// (SIGPIPE, or SIGSEGV from an oops in the driver) leaves no device open
// and no module reference behind, whatever its own code closes.
//
// A table belongs to one process and is used by its goroutine alone. A
// proc made outside runSimple has none (nil): what it opens is closed by
// its own code alone.
type files struct {
	fds []*openFile // by descriptor; nil where free
}

// openFile is one open file in a table: a struct file and its descriptor.
// Closing it closes the file once, however many times it is asked.
type openFile struct {
	t      *files // the table it is in; nil once closed or handed over
	fd     int
	close  func() error
	closed bool
}

// stdFds are the standard streams, open in every command before it opens
// anything: its own opens start above them (get_unused_fd finds the
// lowest free descriptor), its redirections take their place (dup2).
const stdFds = 3

// open installs a file the command opened, at the lowest free descriptor
// above the standard streams (get_unused_fd, fd_install); close is what
// closing it does.
func (t *files) open(close func() error) *openFile {
	f := &openFile{close: close}
	if t == nil {
		return f
	}
	fd := stdFds
	for fd < len(t.fds) && t.fds[fd] != nil {
		fd++
	}
	t.put(fd, f)
	return f
}

// redirect moves f, which a redirection of the command opened, to the
// command's descriptor fd (0, 1 or 2), as bash's dup2 and close do in the
// child. When an earlier redirection of the command already took fd, f
// stays where it was opened (dup2 would close the earlier file; runSimple
// keeps every redirection open until the command ends, to report its
// errors).
func (t *files) redirect(fd int, f *openFile) {
	if t == nil || f == nil || f.t != t || fd >= stdFds || t.fds[fd] != nil {
		return
	}
	t.fds[f.fd] = nil
	t.put(fd, f)
}

func (t *files) put(fd int, f *openFile) {
	if fd >= len(t.fds) {
		t.fds = slices.Grow(t.fds, fd+1-len(t.fds))[:fd+1]
	}
	t.fds[fd], f.t, f.fd = f, t, fd
}

// Close models close(2) of the file: it leaves the table and is closed,
// the first time; again, it does nothing (the descriptor is gone).
func (f *openFile) Close() error {
	if f.closed {
		return nil
	}
	f.closed = true
	f.release()
	return f.close()
}

// release takes f out of its table.
func (f *openFile) release() {
	if f.t != nil {
		f.t.fds[f.fd] = nil
		f.t = nil
	}
}

// handOver takes f out of its table without closing it: the file now
// belongs to something that outlives the command (a mount holds its
// device until umount), and is closed by that.
func (f *openFile) handOver() { f.release() }

// exit closes every file still open, lowest descriptor first, as
// close_files() walks the descriptor table. Their errors are nobody's
// to see: the command has exited.
func (t *files) exit() {
	for fd := 0; fd < len(t.fds); fd++ {
		if f := t.fds[fd]; f != nil {
			f.Close()
		}
	}
	t.fds = nil
}

// devFile is a block device a command opened: the kernel's open device,
// whose Close goes through the command's table.
type devFile struct {
	*blockdev.BlockDevice
	f *openFile
}

// Close models close(2) of the device (blkdev_close), once.
func (d *devFile) Close() error { return d.f.Close() }

// openSink and openFileSink are sinks a command opened, whose close goes
// through its table; openFileSink keeps a regular file's pwrite and
// ftruncate.
type openSink struct {
	sink
	f *openFile
}

func (s openSink) close() error { return s.f.Close() }

type openFileSink struct {
	fileSink
	f *openFile
}

func (s openFileSink) close() error { return s.f.Close() }

// track installs sk, which the command opened, in t.
func (t *files) track(sk sink) sink {
	f := t.open(sk.close)
	if fs, ok := sk.(fileSink); ok {
		return openFileSink{fs, f}
	}
	return openSink{sk, f}
}

// fileOf is the open file of a sink the namespace's create returned.
func fileOf(sk sink) *openFile {
	switch sk := sk.(type) {
	case openSink:
		return sk.f
	case openFileSink:
		return sk.f
	case *devSink:
		return sk.b.f
	}
	return nil
}
