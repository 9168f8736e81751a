package check

import (
	"fmt"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/ktest"
	"simpblkdev/blockdev/mm"
	"simpblkdev/exercises/exercise"
)

// sector is where the checks put their data: a page's worth, well inside
// the disk.
const sector = 200

// loaded loads module on a fresh machine and opens its disk, with a page
// of known bytes written at sector; the caller closes the disk.
func loaded(module *blockdev.ModuleInfo, disk []byte) (*blockdev.Kernel, *blockdev.BlockDevice, error) {
	k, b, err := exercise.LoadOpen(module)
	if err != nil {
		return nil, nil, err
	}
	if errno := ktest.SubmitPages(k, b, blockdev.WRITE, sector, disk); errno != 0 {
		b.Close()
		return nil, nil, fmt.Errorf("a WRITE of one page at sector %d: %v", sector, errno)
	}
	return k, b, nil
}

// submitted is what became of one bio handed to the driver.
type submitted struct {
	page    []byte         // the bio's page afterwards
	ended   bool           // bi_end_io ran
	endErr  blockdev.Errno // the error it ran with
	waitErr blockdev.Errno // what the submitter got
	bio     *blockdev.Bio
}

// submit hands the driver one bio of one page at sector with bio_rw rw,
// the page filled with page, and waits for it.
func submit(k *blockdev.Kernel, b *blockdev.BlockDevice, rw uint64, page []byte) (submitted, error) {
	p := k.Mem.AllocPages(mm.GFP_KERNEL, 0)
	if p == nil {
		return submitted{}, fmt.Errorf("no page for a test bio")
	}
	defer k.Mem.FreePages(p, 0)
	k.Mem.WritePage(p, 0, page)
	var s submitted
	s.bio = blockdev.BioAlloc(1)
	s.bio.BiBdev, s.bio.BiSector = b, sector
	blockdev.BioAddPage(s.bio, p, mm.PAGE_SIZE, 0)
	s.bio.BiEndIo = func(_ *blockdev.Bio, err blockdev.Errno) { s.ended, s.endErr = true, err }
	s.waitErr = k.SubmitBioWait(nil, rw, s.bio)
	s.page = make([]byte, mm.PAGE_SIZE)
	k.Mem.ReadPage(p, 0, s.page)
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
	if !s.ended || s.endErr != 0 {
		return fmt.Errorf("a READA bio ended %t, with %d: want it served as READ and ended with 0 (TODO 1)", s.ended, s.endErr)
	}
	if d := ktest.DiffBytes(disk, s.page); d != "" {
		return fmt.Errorf("a READA bio ended without the disk's bytes in its page (%s): READA is a READ the caller may do without, and this driver serves it as READ (TODO 1)", d)
	}
	return nil
}

// checkUnknownRw submits a bio whose bio_rw is 3 (WRITE|READA), which no
// caller sends: the driver must log it, copy nothing either way and fail
// the bio. It may fail it as the chapter does on its 2.6.18 box,
// bio_endio(bio, 0, -EIO): BIO_UPTODATE cleared and all bytes still to do
// (exercise ch03-endio is about that).
func checkUnknownRw(module *blockdev.ModuleInfo) error {
	disk := ktest.Pattern(mm.PAGE_SIZE, 22)
	k, b, err := loaded(module, disk)
	if err != nil {
		return err
	}
	defer b.Close()
	mine := ktest.Pattern(mm.PAGE_SIZE, 23)
	s, err := submit(k, b, blockdev.WRITE|blockdev.READA, mine)
	if err != nil {
		return err
	}
	const line = "simp_blkdev: unknown value of bio_rw: 3\n"
	if !strings.Contains(k.Dmesg(), line) {
		return fmt.Errorf("a bio with bio_rw 3 left no %q in the log (the bio ended %t, with %d): log it and end the bio with -EIO in the switch's default (TODO 2)", strings.TrimSpace(line), s.ended, s.endErr)
	}
	failedOn2618 := !s.ended && s.bio.BiFlags&(1<<blockdev.BIO_UPTODATE) == 0 && s.bio.BiSize == mm.PAGE_SIZE
	if !(s.ended && s.endErr == -blockdev.EIO) && !failedOn2618 {
		return fmt.Errorf("a bio with bio_rw 3 ended %t, with %d, BIO_UPTODATE %t: want it failed with -EIO (TODO 2)", s.ended, s.endErr, s.bio.BiFlags&(1<<blockdev.BIO_UPTODATE) != 0)
	}
	if d := ktest.DiffBytes(mine, s.page); d != "" {
		return fmt.Errorf("a bio with bio_rw 3 changed its own page (%s): fail it before copying (TODO 2)", d)
	}
	back := make([]byte, mm.PAGE_SIZE)
	if errno := ktest.SubmitPages(k, b, blockdev.READ, sector, back); errno != 0 {
		return fmt.Errorf("a READ after the bio with bio_rw 3: %v", errno)
	}
	if d := ktest.DiffBytes(disk, back); d != "" {
		return fmt.Errorf("a bio with bio_rw 3 changed the disk (%s): fail it before copying (TODO 2)", d)
	}
	return nil
}
