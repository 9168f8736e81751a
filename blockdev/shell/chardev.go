package shell

import (
	"fmt"
	"io"
	"math"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/errno"
)

// endlessLimit is how much one open of /dev/zero or /dev/urandom may hand
// out. Those never end: at the tutorial's box a person stops `cat
// /dev/zero` with Ctrl-C, which a script cannot. No finite read comes near
// it (dd with count=, head -c and hexdump -n stop long before; a copy onto a
// disk or into /tmp ends at its end), so it only ends a read that is
// endless: the read then ends as at the end of a file, the shell stops the
// command line as Ctrl-C would and says why (see Shell.runCommand), rather
// than the tool reporting an errno no kernel would give.
const endlessLimit = 4 << 30

// charReader reads an open character device for the tools, which read
// files at offsets: a character device has none, so every read takes the
// next bytes (lseek on /dev/zero or /dev/urandom succeeds and changes
// nothing, so dd's skip= reads nothing), and its size is unbounded. Reading
// /dev/null ends at once.
type charReader struct {
	s    *Shell
	name string // the path it was opened by, for the message at the limit
	f    *blockdev.CharFile
	read int64
}

func (c *charReader) Size() int64 { return math.MaxInt64 }

func (c *charReader) ReadAt(p []byte, _ int64) (int, error) {
	if c.read >= c.s.endless {
		name := c.name
		c.s.endlessHit.Store(&name)
		c.s.intr.Store(true)
		return 0, io.EOF
	}
	n, err := c.f.Read(p[:min(int64(len(p)), c.s.endless-c.read)])
	c.read += int64(n)
	return n, err
}

// readAll reads the device to its end: at once for /dev/null, and for an
// endless device until the shell's bound stops it (see endlessLimit),
// failing with ENOMEM once it holds more than a file read whole may
// (readLimit).
func (c *charReader) readAll() ([]byte, error) {
	var out []byte
	buf := make([]byte, 64<<10)
	for {
		n, err := c.ReadAt(buf, 0)
		if len(out)+n > readLimit {
			return nil, errno.ENOMEM
		}
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

// binarySize names a size of whole GiB, MiB or KiB that way, another in bytes.
func binarySize(n int64) string {
	for _, u := range []struct {
		shift uint
		name  string
	}{{30, "GiB"}, {20, "MiB"}, {10, "KiB"}} {
		if n >= 1<<u.shift && n%(1<<u.shift) == 0 {
			return fmt.Sprintf("%d %s", n>>u.shift, u.name)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}
