package step03makerequest

import (
	"strings"
	"testing"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/ktest"
	"simpblkdev/blockdev/mm"
)

// TestErrorPathOnTheBox shows what the chapter's error path does on its own
// box. The box is 2.6.18, so the driver takes the first branch of the
// chapter's #if and fails a bio with bio_endio(bio, 0, -EIO): zero bytes
// done. A bi_end_io of that era returns at once while bi_size is not 0, so
// the bio never ends; the real submitter would sleep for ever, the
// simulated one gives up with -EIO and says why (docs/ch03-makerequest.md,
// exercise 2). The success path, bio_endio(bio, bio->bi_size, 0), ends
// every byte and is right.
func TestErrorPathOnTheBox(t *testing.T) {
	if blockdev.LINUX_VERSION_CODE >= blockdev.KERNEL_VERSION(2, 6, 24) {
		t.Skip("the box is 2.6.24 or later: the driver uses the two-argument bio_endio")
	}
	k := ktest.Boot(t, 1)
	ktest.Insmod(t, k, Module, "")
	b := ktest.Open(t, k, "simp_blkdev")
	p := k.Mem.AllocPages(mm.GFP_KERNEL, 0)
	defer k.Mem.FreePages(p, 0)
	bio := blockdev.BioAlloc(1)
	bio.BiBdev = b
	blockdev.BioAddPage(bio, p, mm.PAGE_SIZE, 0)
	ended := false
	bio.BiEndIo = func(*blockdev.Bio, blockdev.Errno) { ended = true }

	// bio_rw 3: neither READ, WRITE nor READA.
	err := k.SubmitBioWait(nil, blockdev.WRITE|blockdev.READA, bio)
	if err != -blockdev.EIO {
		t.Errorf("the submitter got %v, want -EIO", err)
	}
	if ended || bio.BiSize != mm.PAGE_SIZE || bio.BiFlags&(1<<blockdev.BIO_UPTODATE) != 0 {
		t.Errorf("bio ended %t, bi_size %d, flags %#x: want bio_endio(bio, 0, -EIO) to clear BIO_UPTODATE and end nothing", ended, bio.BiSize, bio.BiFlags)
	}
	log := k.Dmesg()
	i := strings.Index(log, "simp_blkdev: unknown value of bio_rw: 3\n")
	j := strings.Index(log, "INFO: I/O never completed")
	if i < 0 || j < i {
		t.Errorf("dmesg should show the driver's message, then the wait giving up:\n%s", log)
	}
}
