package blockdev

import (
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"

	"simpblkdev/blockdev/mm"
)

// backingDevInfo models the part of struct backing_dev_info
// (include/linux/backing-dev.h) that a queue's sysfs shows: ra_pages, the
// read-ahead window of reads through the page cache. The page cache reads
// it without the queue lock, as file_ra_state_init() does, hence atomic.
type backingDevInfo struct {
	raPages atomic.Int32
}

// raShow models queue_ra_show() (block/ll_rw_blk.c, 2.6.18): the window in
// KiB.
func (q *RequestQueue) raShow() string {
	return fmt.Sprintf("%d\n", q.backingDevInfo.raPages.Load()*(mm.PAGE_SIZE/1024))
}

// raStore models queue_ra_store(): the window, in KiB, at most
// max_sectors_kb, rounded down to whole pages (so 0 to 3 switch read-ahead
// off and a read fills one page at a time).
func (q *RequestQueue) raStore(s string) error {
	kb, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || kb < 0 {
		return -EINVAL
	}
	q.Lock()
	defer q.Unlock()
	kb = min(kb, int(q.MaxSectors>>1))
	q.backingDevInfo.raPages.Store(int32(kb / (mm.PAGE_SIZE / 1024)))
	return nil
}

// raPages is how many pages a read that misses the page cache asks for:
// the disk queue's window, and at least the page the reader wants.
func (b *BlockDevice) raPages() uint64 {
	n := int32(readAheadPages)
	if d := b.BdDisk; d != nil && d.Queue != nil {
		n = d.Queue.backingDevInfo.raPages.Load()
	}
	return uint64(max(n, 1))
}
