package check

import (
	"fmt"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/ktest"
	"simpblkdev/blockdev/mm"
	"simpblkdev/exercises/exercise"
)

// sector is where the checks put their data, well inside the disk.
const sector = 200

// loaded loads module on a fresh machine and opens its disk, with the
// bytes of disk written at sector; the caller closes the disk.
func loaded(module *blockdev.ModuleInfo, disk []byte) (*blockdev.Kernel, *blockdev.BlockDevice, error) {
	k, b, err := exercise.LoadOpen(module)
	if err != nil {
		return nil, nil, err
	}
	if errno := ktest.SubmitPages(k, b, blockdev.WRITE, sector, disk); errno != 0 {
		b.Close()
		return nil, nil, fmt.Errorf("a WRITE of %d bytes at sector %d: %v", len(disk), sector, errno)
	}
	return k, b, nil
}

// submitted is what became of one bio handed to the driver.
type submitted struct {
	data    []byte         // the bio's pages afterwards, one after the other
	ends    int            // how many times bi_end_io ran
	endErr  blockdev.Errno // the error it last ran with
	waitErr blockdev.Errno // what the submitter got
	bio     *blockdev.Bio
}

// outcome says in words what became of the bio: whether bi_end_io ran,
// how often, and with what error.
func (s submitted) outcome() string {
	switch {
	case s.ends == 0:
		return fmt.Sprintf("bi_end_io never ran: BIO_UPTODATE %s, bi_size %d", onOff(s.bio.BiFlags&(1<<blockdev.BIO_UPTODATE) != 0), s.bio.BiSize)
	case s.ends > 1:
		return fmt.Sprintf("bi_end_io ran %d times, last with error %s: a bio ends once", s.ends, s.endErr.Name())
	case s.endErr == 0:
		return "bi_end_io ran with error 0: the bio succeeded"
	}
	return fmt.Sprintf("bi_end_io ran with error %s: the bio failed", s.endErr.Name())
}

func onOff(set bool) string {
	if set {
		return "set"
	}
	return "cleared"
}

// submit hands the driver one bio at sector with bio_rw rw, of one
// segment for each page of data, the pages filled with data, and waits for
// it.
func submit(k *blockdev.Kernel, b *blockdev.BlockDevice, rw uint64, data []byte) (submitted, error) {
	n := len(data) / mm.PAGE_SIZE
	s := submitted{bio: blockdev.BioAlloc(n)}
	s.bio.BiBdev, s.bio.BiSector = b, sector
	var pages []*mm.Page
	defer func() {
		for _, p := range pages {
			k.Mem.FreePages(p, 0)
		}
	}()
	for i := range n {
		p := k.Mem.AllocPages(mm.GFP_KERNEL, 0)
		if p == nil {
			return submitted{}, fmt.Errorf("no page for a test bio")
		}
		pages = append(pages, p)
		k.Mem.WritePage(p, 0, data[i*mm.PAGE_SIZE:][:mm.PAGE_SIZE])
		blockdev.BioAddPage(s.bio, p, mm.PAGE_SIZE, 0)
	}
	s.bio.BiEndIo = func(_ *blockdev.Bio, err blockdev.Errno) { s.ends, s.endErr = s.ends+1, err }
	s.waitErr = k.SubmitBioWait(nil, rw, s.bio)
	s.data = make([]byte, len(data))
	for i, p := range pages {
		k.Mem.ReadPage(p, 0, s.data[i*mm.PAGE_SIZE:][:mm.PAGE_SIZE])
	}
	return s, nil
}

// checkReada submits a READA bio: a ram disk has nothing better to do with
// read-ahead than read, so its page must end up holding the disk's bytes.
func checkReada(module *blockdev.ModuleInfo) error {
	disk := ktest.Pattern(mm.PAGE_SIZE, 21)
	k, b, err := loaded(module, disk)
	if err != nil {
		return err
	}
	defer b.Close()
	s, err := submit(k, b, blockdev.READA, make([]byte, mm.PAGE_SIZE))
	if err != nil {
		return err
	}
	if s.ends != 1 || s.endErr != 0 {
		return fmt.Errorf("a READA bio of one page at sector %d: %s; want it served as READ and ended once with 0 (TODO 1)", sector, s.outcome())
	}
	if d := ktest.DiffBytesAt(disk, s.data, "the bio", sector<<9); d != "" {
		return fmt.Errorf("a READA bio of one page at sector %d ended without the disk's bytes in its page (%s): READA is a READ the caller may do without, and this driver serves it as READ (TODO 1)", sector, d)
	}
	return nil
}

// checkUnknownRw submits a bio whose bio_rw is 3 (WRITE|READA), which no
// caller sends: the driver must log it once, copy nothing either way and
// fail the bio once. It may fail it as the chapter does on its 2.6.18 box,
// bio_endio(bio, 0, -EIO): BIO_UPTODATE cleared and all bytes still to do
// (exercise ch03-endio is about that). The bio has two segments, so that a
// default arm that goes on to the next one (no return after ending the
// bio) logs twice, and ends the bio more than once where bio_endio ends it.
func checkUnknownRw(module *blockdev.ModuleInfo) error {
	const pages = 2
	disk := ktest.Pattern(pages*mm.PAGE_SIZE, 22)
	k, b, err := loaded(module, disk)
	if err != nil {
		return err
	}
	defer b.Close()
	mine := ktest.Pattern(pages*mm.PAGE_SIZE, 23)
	s, err := submit(k, b, blockdev.WRITE|blockdev.READA, mine)
	if err != nil {
		return err
	}
	const line = "simp_blkdev: unknown value of bio_rw: 3\n"
	bio := fmt.Sprintf("a bio with bio_rw 3 of %d one-page segments at sector %d", pages, sector)
	switch logged := strings.Count(k.Dmesg(), line); {
	case logged == 0:
		return fmt.Errorf("%s left no %q in the log (%s): log it and end the bio with -EIO in the switch's default (TODO 2)", bio, strings.TrimSpace(line), s.outcome())
	case logged > 1 || s.ends > 1:
		return fmt.Errorf("%s logged %q %d times, and %s: the switch runs once for each segment, so after ending the bio in the default arm, return 0 (TODO 2)", bio, strings.TrimSpace(line), logged, s.outcome())
	}
	failedOn2618 := s.ends == 0 && s.bio.BiFlags&(1<<blockdev.BIO_UPTODATE) == 0 && s.bio.BiSize == pages*mm.PAGE_SIZE
	if !(s.ends == 1 && s.endErr == -blockdev.EIO) && !failedOn2618 {
		return fmt.Errorf("%s: %s; want it failed with -EIO (TODO 2)", bio, s.outcome())
	}
	if d := ktest.DiffBytesAt(mine, s.data, "the bio", sector<<9); d != "" {
		return fmt.Errorf("%s changed its own pages (%s): fail it before copying (TODO 2)", bio, d)
	}
	back := make([]byte, len(disk))
	if errno := ktest.SubmitPages(k, b, blockdev.READ, sector, back); errno != 0 {
		return fmt.Errorf("a READ after the bio with bio_rw 3: %v", errno)
	}
	if d := ktest.DiffBytesAt(disk, back, "the bio", sector<<9); d != "" {
		return fmt.Errorf("%s changed the disk (%s): fail it before copying (TODO 2)", bio, d)
	}
	return nil
}
