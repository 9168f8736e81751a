package shell

import (
	"io"
	"math"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/errno"
)

// endlessLimit is how much one open of a character device may hand out.
// /dev/zero and /dev/urandom never end: at the tutorial's box a person
// stops `cat /dev/zero` or `dd if=/dev/zero of=/dev/null` with Ctrl-C. A
// script cannot, so the shell interrupts the read once this much has come
// out (as much as a file read whole may hold, readLimit), and the tool
// reports EINTR; a copy onto a disk ends long before, at the disk's end.
const endlessLimit = readLimit

// charReader reads an open character device for the tools, which read
// files at offsets: a character device has none, so every read takes the
// next bytes (lseek on /dev/zero or /dev/urandom succeeds and changes
// nothing, so dd's skip= reads nothing), and its size is unbounded. Reading
// /dev/null ends at once.
type charReader struct {
	f    *blockdev.CharFile
	read int64
}

func (c *charReader) Size() int64 { return math.MaxInt64 }

func (c *charReader) ReadAt(p []byte, _ int64) (int, error) {
	if c.read >= endlessLimit {
		return 0, errno.EINTR
	}
	n, err := c.f.Read(p[:min(int64(len(p)), endlessLimit-c.read)])
	c.read += int64(n)
	return n, err
}

// readAll reads the device to its end: at once for /dev/null, and for an
// endless device until endlessLimit interrupts it.
func (c *charReader) readAll() ([]byte, error) {
	var out []byte
	buf := make([]byte, 64<<10)
	for {
		n, err := c.ReadAt(buf, 0)
		out = append(out, buf[:n]...)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// charSink writes an open character device: each write is one write(2).
type charSink struct{ f *blockdev.CharFile }

func (c charSink) write(b []byte) error {
	_, err := c.f.Write(b)
	return err
}

func (c charSink) close() error { return c.f.Close() }
