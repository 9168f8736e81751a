package check

import (
	"fmt"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/mm"
	"simpblkdev/exercises/exercise"
)

// neverCompleted is what the simulated submitter logs when it gives up on
// a bio that no one will end, where a real one would sleep for ever.
const neverCompleted = "INFO: I/O never completed"

// ending is how a bio's bi_end_io was called.
type ending struct {
	calls int
	err   blockdev.Errno
}

// pageBio is a bio of one page at sector whose bi_end_io records its ending.
func pageBio(b *blockdev.BlockDevice, p *mm.Page, sector uint64, e *ending) *blockdev.Bio {
	bio := blockdev.BioAlloc(1)
	bio.BiBdev, bio.BiSector = b, sector
	blockdev.BioAddPage(bio, p, mm.PAGE_SIZE, 0)
	bio.BiEndIo = func(_ *blockdev.Bio, err blockdev.Errno) { e.calls++; e.err = err }
	return bio
}

// unended says what is wrong with a bio the driver failed, e its ending,
// in the words of 2.6.18's bio_endio, or "" when it ended once with -EIO.
func unended(bio *blockdev.Bio, e ending) string {
	switch {
	case e.calls == 1 && e.err == -blockdev.EIO:
		return ""
	case e.calls == 0:
		uptodate := "cleared"
		if bio.BiFlags&(1<<blockdev.BIO_UPTODATE) != 0 {
			uptodate = "set"
		}
		return fmt.Sprintf("its bi_end_io never ran (BIO_UPTODATE %s, bi_size still %d of %d): 2.6.18's bio_endio(bio, bytes_done, error) takes bytes_done off bi_size and ends the bio only when nothing is left",
			uptodate, bio.BiSize, mm.PAGE_SIZE)
	default:
		return fmt.Sprintf("its bi_end_io ran %d time(s), last with error %s: want once, with -EIO", e.calls, e.err.Name())
	}
}

// checkBadRequestEnds hands the driver's make_request a bio past the end
// of the disk (straight, as the kit's "bad requests" does, since
// generic_make_request would refuse it first): the driver must end it,
// once, with -EIO.
func checkBadRequestEnds(module *blockdev.ModuleInfo) error {
	k, b, err := exercise.LoadOpen(module)
	if err != nil {
		return err
	}
	defer b.Close()
	p := k.Mem.AllocPages(mm.GFP_KERNEL, 0)
	if p == nil {
		return fmt.Errorf("no page for a test bio")
	}
	defer k.Mem.FreePages(p, 0)
	var e ending
	bio := pageBio(b, p, uint64(b.Size()>>9), &e)
	bio.BiRw = blockdev.READ
	q := b.BdDisk.Queue
	q.MakeRequestFn(q, bio)
	if why := unended(bio, e); why != "" {
		return fmt.Errorf("a bio past the end of the disk was refused but not ended: %s (TODO 1)", why)
	}
	return nil
}

// checkUnknownRwEnds submits a bio with bio_rw 3 and waits for it, as a
// submitter would: it must end with -EIO, not leave its submitter waiting.
func checkUnknownRwEnds(module *blockdev.ModuleInfo) error {
	k, b, err := exercise.LoadOpen(module)
	if err != nil {
		return err
	}
	defer b.Close()
	p := k.Mem.AllocPages(mm.GFP_KERNEL, 0)
	if p == nil {
		return fmt.Errorf("no page for a test bio")
	}
	defer k.Mem.FreePages(p, 0)
	var e ending
	bio := pageBio(b, p, 200, &e)
	waitErr := k.SubmitBioWait(nil, blockdev.WRITE|blockdev.READA, bio)
	if why := unended(bio, e); why != "" {
		waited := ""
		if strings.Contains(k.Dmesg(), neverCompleted) {
			waited = "; its submitter would sleep for ever (the simulator gave up: " + neverCompleted + ")"
		}
		return fmt.Errorf("a bio with bio_rw 3 was refused but not ended: %s%s (TODO 2)", why, waited)
	}
	if waitErr != -blockdev.EIO {
		return fmt.Errorf("a bio with bio_rw 3 ended with -EIO, but its submitter got %d", waitErr)
	}
	return nil
}
