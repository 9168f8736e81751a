package shell

import "simpblkdev/blockdev/errno"

// redirOut is a file that a redirection (>, >>, &>) opened for writing, as
// a command's standard output or error. What the command writes goes into
// the file as it writes it, never held back, so a redirection costs no
// more memory than the write in hand. A regular file is written at the
// descriptor's offset (pwrite), which dd's seek= moves with lseek.
type redirOut struct {
	sk  sink
	off int64 // the descriptor's offset in a regular file
	app bool  // O_APPEND: every write goes at the end, whatever off says
	err error // the first write error; the command's later writes fail too
}

func (r *redirOut) Write(b []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	if f, ok := r.sk.(fileSink); ok && !r.app {
		n, err := f.writeAt(b, r.off)
		r.off += int64(n)
		r.err = err
		return n, err
	}
	if r.err = r.sk.write(b); r.err != nil {
		return 0, r.err
	}
	return len(b), nil
}

// lseek moves the offset by n, as lseek(fd, n, SEEK_CUR) does: anywhere in
// a regular file (a write past its end leaves a hole), within the device
// for a block device (block_llseek refuses beyond its end with EINVAL),
// anywhere for /dev/null and sysfs attributes, which ignore it.
func (r *redirOut) lseek(n int64) error {
	switch sk := r.sk.(type) {
	case *devSink:
		if n > sk.b.Size()-sk.off {
			return errno.EINVAL
		}
		sk.off += n
	case fileSink:
		if n > offTMax-r.off {
			return errno.EINVAL
		}
		r.off += n
	}
	return nil
}

// close closes the file. Its error is reported apart from the write
// errors, which some tools report themselves.
func (r *redirOut) close() error {
	return r.sk.close()
}
