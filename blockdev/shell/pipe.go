package shell

import (
	"io"

	"simpblkdev/blockdev/errno"
)

// pipeBuf is what a pipe holds before its writer waits: PIPE_BUFFERS pages
// of 4096 bytes (include/linux/pipe_fs_i.h, 2.6), 64 KiB.
const pipeBuf = 16 * 4096

// pipe is a pipe between two commands of a pipeline, modelling pipe_read()
// and pipe_write() (fs/pipe.c, 2.6.18): a writer that finds it full waits
// for the reader, a reader that finds it empty waits for the writer, the
// reader sees the end of the data once the writer has exited, and a write
// after the reader has exited raises SIGPIPE. It is only used by the
// command on the processor (see cpu), so it needs no lock.
type pipe struct {
	c              *cpu
	writer, reader int // the commands at the ends, by position
	buf            [pipeBuf]byte
	head, n        int // the data: n bytes from buf[head], wrapping round
	rclosed        bool
	wclosed        bool
}

// sigpipe is the panic that kills a command writing into a pipe nobody
// reads (SIGPIPE's default action); runSimple ends the command quietly with
// 128+SIGPIPE.
type sigpipe struct{}

// sigpipeStatus is the status of a command killed by SIGPIPE (13).
const sigpipeStatus = 128 + 13

func (p *pipe) closeRead() {
	p.rclosed = true
	p.n = 0
}

func (p *pipe) closeWrite() { p.wclosed = true }

// pipeWriter is a pipeline command's standard output.
type pipeWriter struct{ p *pipe }

// Write puts b into the pipe, waiting for the reader whenever the pipe is
// full; if the reader has exited, the writer is killed by SIGPIPE.
func (w pipeWriter) Write(b []byte) (int, error) {
	p := w.p
	done := 0
	for done < len(b) {
		if p.rclosed {
			panic(sigpipe{})
		}
		if p.n == pipeBuf {
			p.c.block(p.writer, func() bool { return p.n < pipeBuf || p.rclosed })
			continue
		}
		tail := (p.head + p.n) % pipeBuf
		k := copy(p.buf[tail:tail+min(pipeBuf-p.n, pipeBuf-tail)], b[done:])
		p.n += k
		done += k
	}
	return done, nil
}

// take moves up to max bytes out of the pipe into b, or drops them when b
// is nil, and returns how many.
func (p *pipe) take(b []byte, max int) int {
	k := min(max, p.n, pipeBuf-p.head)
	if b != nil {
		copy(b, p.buf[p.head:p.head+k])
	}
	p.head = (p.head + k) % pipeBuf
	p.n -= k
	return k
}

// pipeReader is a pipeline command's standard input. The tools here read
// their input with ReadAt, at offsets that only grow; a pipe cannot seek,
// so an offset ahead of what was read is reached by reading and dropping
// the bytes in between, as dd's skip= does on a pipe.
type pipeReader struct {
	p   *pipe
	pos int64 // bytes read so far
}

// Size is what a reader of a pipe cannot know: the data ends when the
// writer has exited. It is reported as the largest file offset, so that
// the tools read until the end of the data.
func (r *pipeReader) Size() int64 { return offTMax }

// wait waits while the pipe is empty and its writer still there, and
// returns how many bytes can be read: none at the end of the data.
func (r *pipeReader) wait() int {
	p := r.p
	if p.n == 0 && !p.wclosed {
		p.c.block(p.reader, func() bool { return p.n > 0 || p.wclosed })
	}
	return p.n
}

// ReadAt fills b from the pipe, waiting for the writer while it is empty,
// and returns less only at the end of the data. (The tools read whole
// records where a pipe may give less at a time; keeping them whole keeps
// dd's record counts what they were when pipes were buffers.)
func (r *pipeReader) ReadAt(b []byte, off int64) (int, error) {
	if off < r.pos {
		return 0, errno.ESPIPE
	}
	if r.discard(off-r.pos) < off-r.pos {
		return 0, io.EOF
	}
	n := 0
	for n < len(b) {
		if r.wait() == 0 {
			return n, io.EOF
		}
		k := r.p.take(b[n:], len(b)-n)
		n += k
		r.pos += int64(k)
	}
	return n, nil
}

// discard reads and drops up to n bytes and returns how many it dropped:
// fewer when the data ends first.
func (r *pipeReader) discard(n int64) int64 {
	done := int64(0)
	for done < n && r.wait() > 0 {
		done += int64(r.p.take(nil, int(min(n-done, pipeBuf))))
	}
	r.pos += done
	return done
}

// readSome waits for data as ReadAt does but returns what the pipe holds
// now, at most len(b) bytes, as read(2) on a pipe does (blkparse reads its
// stream so); 0 and io.EOF at the end of the data. A command of a
// background job that is sent a signal stops waiting with 0 and no error.
func (r *pipeReader) readSome(b []byte) (int, error) {
	if r.wait() == 0 {
		if r.p.wclosed {
			return 0, io.EOF
		}
		return 0, nil
	}
	k := r.p.take(b, len(b))
	r.pos += int64(k)
	return k, nil
}
