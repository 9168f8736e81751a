package blkdevtest

import (
	"fmt"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/ktest"
	"simpblkdev/blockdev/mm"
)

// checkRoundTrips moves data both ways through the driver: O_DIRECT, cold
// buffered reads (read-ahead through the request path), a whole-device
// buffered write whose write-back the elevator merges, unaligned writes
// straddling pages, one-page bios merged into one request of eight
// segments, and a bio of two segments that straddles a page boundary.
func checkRoundTrips(module *blockdev.ModuleInfo, ch *chapter) error {
	k, b, closeDev, err := loadOpen(1, module)
	if err != nil {
		return err
	}
	defer closeDev()
	size := int(ch.diskBytes)

	a := ktest.Pattern(size, 1)
	if n, err := b.WriteDirect(a, 0); err != nil || n != size {
		return fmt.Errorf("O_DIRECT write of the whole disk: %d, %v", n, err)
	}
	got := make([]byte, 9000)
	if _, err := b.ReadAt(got, 1000); err != nil {
		return fmt.Errorf("buffered read: %v", err)
	}
	if d := ktest.DiffBytesAt(a[1000:10000], got, "the read", 1000); d != "" {
		return fmt.Errorf("after an O_DIRECT write, an unaligned buffered read differs: %s", d)
	}

	want := ktest.Pattern(size, 2)
	before, err := diskStat(k)
	if err != nil {
		return err
	}
	if n, err := b.WriteAt(want, 0); err != nil || n != size {
		return fmt.Errorf("buffered write of the whole disk: %d, %v", n, err)
	}
	if err := b.Sync(); err != nil {
		return fmt.Errorf("sync: %v", err)
	}
	after, err := diskStat(k)
	if err != nil {
		return err
	}
	if writes, merges := after[4]-before[4], after[5]-before[5]; !ch.makeRequest && (merges == 0 || writes >= uint64(size/mm.PAGE_SIZE)) {
		return fmt.Errorf("write-back of %d pages went out as %d requests with %d merges: want page bios merged into fewer requests", size/mm.PAGE_SIZE, writes, merges)
	}
	if err := directEquals(b, want, 0, size); err != nil {
		return fmt.Errorf("after a buffered write and sync: %v", err)
	}

	// Unaligned buffered writes, each across a page boundary.
	for _, w := range []struct{ off, n int }{{mm.PAGE_SIZE - 700, 5000}, {3*mm.PAGE_SIZE + 1, 1}, {size - 513, 513}} {
		data := ktest.Pattern(w.n, byte(w.off))
		if _, err := b.WriteAt(data, int64(w.off)); err != nil {
			return fmt.Errorf("buffered write of %d bytes at %d: %v", w.n, w.off, err)
		}
		copy(want[w.off:], data)
	}
	if err := b.Sync(); err != nil {
		return fmt.Errorf("sync: %v", err)
	}
	if err := directEquals(b, want, 0, size); err != nil {
		return fmt.Errorf("after unaligned buffered writes and sync: %v", err)
	}

	// Eight one-page bios submitted together merge into one request of
	// eight segments each way.
	before, _ = diskStat(k)
	eight := ktest.Pattern(8*mm.PAGE_SIZE, 3)
	if errno := ktest.SubmitPages(k, b, blockdev.WRITE, 100, eight); errno != 0 {
		return fmt.Errorf("write of 8 page bios: %v", errno)
	}
	back := make([]byte, len(eight))
	if errno := ktest.SubmitPages(k, b, blockdev.READ, 100, back); errno != 0 {
		return fmt.Errorf("read of 8 page bios: %v", errno)
	}
	if d := ktest.DiffBytesAt(eight, back, "the 8 bios", 100<<9); d != "" {
		return fmt.Errorf("8 page bios read back differ: %s", d)
	}
	after, _ = diskStat(k)
	if r, rm, w, wm := after[0]-before[0], after[1]-before[1], after[4]-before[4], after[5]-before[5]; !ch.makeRequest && (r != 1 || rm != 7 || w != 1 || wm != 7) {
		return fmt.Errorf("8 page bios each way made %d reads with %d merges and %d writes with %d merges: want 1 request of 8 segments each way", r, rm, w, wm)
	}

	// One bio whose two segments straddle a page boundary: the last
	// sector of one page and the first of the next.
	out := ktest.Pattern(1024, 4)
	if errno := straddlingBio(k, b, blockdev.WRITE, 300, out); errno != 0 {
		return fmt.Errorf("write of a bio straddling pages: %v", errno)
	}
	in := make([]byte, 1024)
	if errno := straddlingBio(k, b, blockdev.READ, 300, in); errno != 0 {
		return fmt.Errorf("read of a bio straddling pages: %v", errno)
	}
	if d := ktest.DiffBytesAt(out, in, "the bio", 300<<9); d != "" {
		return fmt.Errorf("a bio straddling pages read back differs: %s", d)
	}
	if ch.makeRequest {
		// No request was ever made, so none was counted.
		if st, err := diskStat(k); err != nil || st != [11]uint64{} {
			return fmt.Errorf("%s/stat = %v (%v) after all that I/O, want zeros: a make_request driver bypasses the request path that keeps the disk statistics", sysDisk, st, err)
		}
	}
	return nil
}

// directEquals reads n bytes at off with O_DIRECT and compares them with
// want[off:off+n].
func directEquals(b *blockdev.BlockDevice, want []byte, off, n int) error {
	got := make([]byte, n)
	if _, err := b.ReadDirect(got, int64(off)); err != nil {
		return fmt.Errorf("O_DIRECT read: %v", err)
	}
	if d := ktest.DiffBytesAt(want[off:off+n], got, "the read", int64(off)); d != "" {
		return fmt.Errorf("O_DIRECT read differs: %s", d)
	}
	return nil
}

// straddlingBio moves 1024 bytes of data at sector in one bio of two
// segments: the last 512 bytes of one page, then the first 512 of another.
func straddlingBio(k *blockdev.Kernel, b *blockdev.BlockDevice, rw int, sector uint64, data []byte) blockdev.Errno {
	p1, p2 := k.Mem.AllocPages(mm.GFP_KERNEL, 0), k.Mem.AllocPages(mm.GFP_KERNEL, 0)
	if p1 == nil || p2 == nil {
		return -blockdev.ENOMEM
	}
	defer k.Mem.FreePages(p1, 0)
	defer k.Mem.FreePages(p2, 0)
	if rw == blockdev.WRITE {
		k.Mem.WritePage(p1, mm.PAGE_SIZE-512, data[:512])
		k.Mem.WritePage(p2, 0, data[512:])
	}
	bio := blockdev.BioAlloc(2)
	bio.BiBdev, bio.BiSector = b, sector
	blockdev.BioAddPage(bio, p1, 512, mm.PAGE_SIZE-512)
	blockdev.BioAddPage(bio, p2, 512, 0)
	errno := k.SubmitBioWait(nil, uint64(rw), bio)
	if rw == blockdev.READ {
		k.Mem.ReadPage(p1, mm.PAGE_SIZE-512, data[:512])
		k.Mem.ReadPage(p2, 0, data[512:])
	}
	return errno
}

// checkBadRequests hands the driver a request past the end of its disk
// (straight to the queue, since the generic checks would refuse such a
// bio): it must fail (failedBio) with the driver's log line, copying nothing.
// A bio past the end submitted the normal way must end with -EIO before the
// driver sees it.
func checkBadRequests(module *blockdev.ModuleInfo, ch *chapter) error {
	k, b, closeDev, err := loadOpen(3, module)
	if err != nil {
		return err
	}
	defer closeDev()
	sectors := uint64(ch.diskBytes >> 9)

	p := k.Mem.AllocPages(mm.GFP_KERNEL, 0)
	defer k.Mem.FreePages(p, 0)
	marker := ktest.Pattern(mm.PAGE_SIZE, 9)
	for _, rw := range []int{blockdev.READ, blockdev.WRITE} {
		k.Mem.WritePage(p, 0, marker)
		bio := blockdev.BioAlloc(1)
		bio.BiBdev, bio.BiSector = b, sectors
		bio.BiRw = uint64(rw) | 1<<blockdev.BIO_RW_SYNC
		blockdev.BioAddPage(bio, p, mm.PAGE_SIZE, 0)
		var gotErr blockdev.Errno = 1
		bio.BiEndIo = func(_ *blockdev.Bio, err blockdev.Errno) { gotErr = err }
		q := b.BdDisk.Queue
		q.MakeRequestFn(q, bio)
		if err := failedBio(bio, gotErr, mm.PAGE_SIZE); err != nil {
			return fmt.Errorf("a request past the end (rw %d): %v", rw, err)
		}
		got := make([]byte, mm.PAGE_SIZE)
		k.Mem.ReadPage(p, 0, got)
		if d := ktest.DiffBytesIn(marker, got, "the page"); d != "" {
			return fmt.Errorf("a failed request past the end (rw %d) touched the buffer: %s", rw, d)
		}
	}
	if ch.makeRequest {
		// The chapter logs the bio's bi_size, in bytes; no request, so
		// no end_request line.
		if err := logged(k, fmt.Sprintf(ch.badRequest, sectors, mm.PAGE_SIZE)); err != nil {
			return err
		}
	} else if err := logged(k,
		fmt.Sprintf(ch.badRequest, sectors, mm.PAGE_SIZE>>9),
		fmt.Sprintf("end_request: I/O error, dev %s, sector %d", diskName, sectors),
	); err != nil {
		return err
	}

	late := make([]byte, 2*mm.PAGE_SIZE)
	if errno := ktest.SubmitPages(k, b, blockdev.READ, sectors-8, late); errno != -blockdev.EIO {
		return fmt.Errorf("bios running past the end ended with %v, want -EIO", errno)
	}
	return logged(k, "attempt to access beyond end of device")
}

// failedBio reports how a bio of size bytes that the driver refused was not
// properly failed, given the error it ended with (1 if bi_end_io never ran).
// It must end with -EIO, or, on a box before 2.6.24 (the tutorial's), be
// left as bio_endio(bio, 0, -EIO) leaves it: BIO_UPTODATE cleared and all
// its bytes still to do, which no bi_end_io of that era takes for the end
// (blockdev.BioEndioPre2624), so its submitter waits.
func failedBio(bio *blockdev.Bio, gotErr blockdev.Errno, size uint32) error {
	switch {
	case gotErr == -blockdev.EIO:
		return nil
	case gotErr != 1:
		return fmt.Errorf("ended with %d, want -EIO", gotErr)
	case blockdev.LINUX_VERSION_CODE < blockdev.KERNEL_VERSION(2, 6, 24) &&
		bio.BiFlags&(1<<blockdev.BIO_UPTODATE) == 0 && bio.BiSize == size:
		return nil
	default:
		return fmt.Errorf("never ended, and not failed either (BIO_UPTODATE %s, bi_size %d of %d): want -EIO", uptodate(bio), bio.BiSize, size)
	}
}

// uptodate says whether bio's BIO_UPTODATE flag is "set" or "cleared".
func uptodate(bio *blockdev.Bio) string {
	if bio.BiFlags&(1<<blockdev.BIO_UPTODATE) != 0 {
		return "set"
	}
	return "cleared"
}
