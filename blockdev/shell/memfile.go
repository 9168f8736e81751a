package shell

import (
	"simpblkdev/blockdev/errno"

	"io"
)

// memPage is the unit in which the in-memory tree stores file data, as
// tmpfs and ext3 hold a file in pages and blocks.
const memPage = 4096

// memMaxBytes is the largest file the in-memory tree keeps: ext3's
// s_maxbytes for 4 KiB blocks (ext3_max_size(), fs/ext3/super.c, 2.6.18),
// the file system of the tutorial's /tmp. Growing a file past it fails with
// EFBIG, as it does there.
const memMaxBytes = 0x1ff7fffd000

// memData is a file's contents: its size and the pages written so far. A
// page never written is a hole and reads as zeros, so that dd seek= far
// past the end makes a sparse file that costs only the pages it wrote.
type memData struct {
	size  int64
	pages map[int64][]byte // page index → memPage bytes
}

func newMemData(b []byte) *memData {
	d := &memData{pages: map[int64][]byte{}}
	d.writeAt(b, 0)
	return d
}

// allocated is how many bytes the pages take (ls -s and the tree's limit).
func (d *memData) allocated() int64 { return int64(len(d.pages)) * memPage }

func (d *memData) Size() int64 { return d.size }

// ReadAt reads as read(2) at off does: short at the end of the file.
func (d *memData) ReadAt(b []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errno.EINVAL
	}
	if off >= d.size {
		return 0, io.EOF
	}
	n := int(min(int64(len(b)), d.size-off))
	for done := 0; done < n; {
		pg, in := (off+int64(done))/memPage, int((off+int64(done))%memPage)
		step := min(n-done, memPage-in)
		if page, ok := d.pages[pg]; ok {
			copy(b[done:done+step], page[in:])
		} else {
			clear(b[done : done+step])
		}
		done += step
	}
	if n < len(b) {
		return n, io.EOF
	}
	return n, nil
}

// pagesFor is how many new pages writing b at off would take.
func (d *memData) pagesFor(n int, off int64) int64 {
	if n == 0 {
		return 0
	}
	var count int64
	for pg := off / memPage; pg <= (off+int64(n)-1)/memPage; pg++ {
		if _, ok := d.pages[pg]; !ok {
			count++
		}
	}
	return count
}

// writeAt stores b at off, allocating the pages it touches; the caller has
// checked the limits.
func (d *memData) writeAt(b []byte, off int64) {
	for done := 0; done < len(b); {
		pg, in := (off+int64(done))/memPage, int((off+int64(done))%memPage)
		page, ok := d.pages[pg]
		if !ok {
			page = make([]byte, memPage)
			d.pages[pg] = page
		}
		done += copy(page[in:], b[done:])
	}
	d.size = max(d.size, off+int64(len(b)))
}

// truncate sets the size: pages past it go, and the tail of the last one is
// zeroed, so that growing the file again shows zeros there.
func (d *memData) truncate(size int64) {
	for pg := range d.pages {
		if pg*memPage >= size {
			delete(d.pages, pg)
		}
	}
	if in := size % memPage; in != 0 {
		if page, ok := d.pages[size/memPage]; ok {
			clear(page[in:])
		}
	}
	d.size = size
}
