package blkdevtest

import (
	"fmt"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/ktest"
	"simpblkdev/blockdev/mm"
)

// segment is one bio_vec of a test bio: a piece of its own page.
type segment struct{ offset, length uint32 }

// ragged are the segments of a bio that tests how a driver walks bio_vecs:
// whole pages, pieces at an offset, single sectors, 16 KiB in all.
var ragged = []segment{{0, 4096}, {512, 1024}, {3584, 512}, {0, 2048}, {1024, 3072}, {2560, 1536}, {0, 512}, {512, 3584}}

// pageBio builds a bio for sector from segs, each on a new page allocated
// with gfp, and returns it with its pages. For a write the pages carry data;
// for a read they carry a marker the read must replace.
func pageBio(k *blockdev.Kernel, b *blockdev.BlockDevice, gfp mm.GFP, sector uint64, segs []segment, data []byte) (*blockdev.Bio, []*mm.Page, error) {
	bio := blockdev.BioAlloc(len(segs))
	bio.BiBdev, bio.BiSector = b, sector
	var pages []*mm.Page
	off := 0
	for _, s := range segs {
		p := k.Mem.AllocPages(gfp, 0)
		if p == nil {
			freePages(k, pages)
			return nil, nil, fmt.Errorf("no page for a test bio (gfp %v)", gfp)
		}
		pages = append(pages, p)
		k.Mem.WritePage(p, int(s.offset), data[off:off+int(s.length)])
		blockdev.BioAddPage(bio, p, s.length, s.offset)
		off += int(s.length)
	}
	return bio, pages, nil
}

// bioBytes reads back what the pages of a bio built by pageBio hold.
func bioBytes(k *blockdev.Kernel, pages []*mm.Page, segs []segment) []byte {
	var out []byte
	for i, s := range segs {
		buf := make([]byte, s.length)
		k.Mem.ReadPage(pages[i], int(s.offset), buf)
		out = append(out, buf...)
	}
	return out
}

func freePages(k *blockdev.Kernel, pages []*mm.Page) {
	for _, p := range pages {
		k.Mem.FreePages(p, 0)
	}
}

func segsBytes(segs []segment) int {
	n := 0
	for _, s := range segs {
		n += int(s.length)
	}
	return n
}

// submitOnce submits bio with rw and waits for it; it fails when the bio
// ends more than once, and returns the error SubmitBioWait gave and the one
// the bio ended with (1 if it never ended).
func submitOnce(k *blockdev.Kernel, rw uint64, bio *blockdev.Bio) (waitErr, endErr blockdev.Errno, err error) {
	ends := 0
	endErr = 1
	bio.BiEndIo = func(_ *blockdev.Bio, e blockdev.Errno) { ends++; endErr = e }
	waitErr = k.SubmitBioWait(nil, rw, bio)
	if ends > 1 {
		return waitErr, endErr, fmt.Errorf("the bio ended %d times", ends)
	}
	return waitErr, endErr, nil
}

// kmapClean reports kmaps left mapped, writes through stale kmaps, and
// kernel BUG lines.
func kmapClean(k *blockdev.Kernel, after string) error {
	if n := k.Mem.KmapsInUse(); n != 0 {
		return fmt.Errorf("%d kmap(s) still mapped after %s: every kmap needs its kunmap", n, after)
	}
	if n := k.Mem.CheckKmapPoison(); n != 0 {
		return fmt.Errorf("%d write(s) through a kmap already kunmapped, after %s:\n%s", n, after, k.Dmesg())
	}
	if strings.Contains(k.Dmesg(), "BUG") {
		return fmt.Errorf("the kernel reported a BUG after %s:\n%s", after, k.Dmesg())
	}
	return nil
}

// checkHighMem moves data through HighMem pages, which a bio may carry on
// i386: the pages of a user buffer under O_DIRECT (GFP_HIGHUSER), and a
// bio of ragged segments on HighMem pages each way, checked against lowmem
// bios for the same sectors. A request-based queue bounces such pages to
// lowmem for req->buffer; a make_request driver sees them as they are and
// must kmap each one around its copy (page_address of a HighMem page is
// NULL): every kmap undone, nothing written through a stale one.
func checkHighMem(module *blockdev.ModuleInfo, _ *chapter) error {
	k, b, closeDev, err := loadOpen(6, module)
	if err != nil {
		return err
	}
	defer closeDev()
	if p := k.Mem.AllocPages(mm.GFP_HIGHUSER, 0); p == nil || !p.IsHighMem() {
		return fmt.Errorf("the i386 machine gave no HighMem page for GFP_HIGHUSER (%v): this check cannot run", p)
	} else {
		k.Mem.FreePages(p, 0)
	}

	a := ktest.Pattern(64<<10, 11)
	if n, err := b.WriteDirect(a, 1<<20); err != nil || n != len(a) {
		return fmt.Errorf("O_DIRECT write from HighMem user pages: %d, %v", n, err)
	}
	if err := directEquals(b, append(make([]byte, 1<<20), a...), 1<<20, len(a)); err != nil {
		return fmt.Errorf("through HighMem user pages: %v", err)
	}
	if err := kmapClean(k, "O_DIRECT through HighMem pages"); err != nil {
		return err
	}

	const sector = 1000
	n := segsBytes(ragged)
	out := ktest.Pattern(n, 12)
	bio, pages, err := pageBio(k, b, mm.GFP_HIGHUSER, sector, ragged, out)
	if err != nil {
		return err
	}
	_, endErr, err := submitOnce(k, blockdev.WRITE, bio)
	freePages(k, pages)
	if err != nil || endErr != 0 {
		return fmt.Errorf("write of a bio of %d segments on HighMem pages: ended with %d, %v", len(ragged), endErr, err)
	}
	back := make([]byte, n)
	if errno := ktest.SubmitPages(k, b, blockdev.READ, sector, back); errno != 0 {
		return fmt.Errorf("lowmem read after a HighMem write: %v", errno)
	}
	if d := ktest.DiffBytesAt(out, back, "the bio", sector<<9); d != "" {
		return fmt.Errorf("a bio of %d segments on HighMem pages wrote other bytes: %s", len(ragged), d)
	}

	in := ktest.Pattern(n, 13)
	if errno := ktest.SubmitPages(k, b, blockdev.WRITE, sector, in); errno != 0 {
		return fmt.Errorf("lowmem write: %v", errno)
	}
	bio, pages, err = pageBio(k, b, mm.GFP_HIGHUSER, sector, ragged, make([]byte, n))
	if err != nil {
		return err
	}
	_, endErr, err = submitOnce(k, blockdev.READ, bio)
	got := bioBytes(k, pages, ragged)
	freePages(k, pages)
	if err != nil || endErr != 0 {
		return fmt.Errorf("read of a bio of %d segments on HighMem pages: ended with %d, %v", len(ragged), endErr, err)
	}
	if d := ktest.DiffBytesAt(in, got, "the bio", sector<<9); d != "" {
		return fmt.Errorf("a bio of %d segments on HighMem pages read other bytes: %s", len(ragged), d)
	}
	return kmapClean(k, "bios on HighMem pages")
}

// checkBios (chapter 3) hands the make_request function bios as
// generic_make_request does: a READA bio is served as READ; a bio whose
// bio_rw is none of READ, WRITE, READA (3) is logged as "unknown value of
// bio_rw: 3", copies nothing and fails (failedBio); a bio ending at the
// last sector is served; every bio ends once.
func checkBios(module *blockdev.ModuleInfo, ch *chapter) error {
	k, b, closeDev, err := loadOpen(7, module)
	if err != nil {
		return err
	}
	defer closeDev()
	segs := []segment{{0, 4096}, {1024, 2048}, {3584, 512}}
	n := segsBytes(segs)

	want := ktest.Pattern(n, 14)
	if errno := ktest.SubmitPages(k, b, blockdev.WRITE, 200, want); errno != 0 {
		return fmt.Errorf("write: %v", errno)
	}
	bio, pages, err := pageBio(k, b, mm.GFP_KERNEL, 200, segs, make([]byte, n))
	if err != nil {
		return err
	}
	_, endErr, err := submitOnce(k, blockdev.READA, bio)
	got := bioBytes(k, pages, segs)
	freePages(k, pages)
	if err != nil || endErr != 0 {
		return fmt.Errorf("READA bio: ended with %d, %v", endErr, err)
	}
	if d := ktest.DiffBytesAt(want, got, "the bio", 200<<9); d != "" {
		return fmt.Errorf("a READA bio read other bytes than READ would: %s", d)
	}

	other := ktest.Pattern(n, 15)
	bio, pages, err = pageBio(k, b, mm.GFP_KERNEL, 200, segs, other)
	if err != nil {
		return err
	}
	waitErr, endErr, err := submitOnce(k, blockdev.WRITE|blockdev.READA, bio)
	got = bioBytes(k, pages, segs)
	failed := failedBio(bio, endErr, uint32(n))
	freePages(k, pages)
	if err != nil {
		return fmt.Errorf("bio_rw 3: %v", err)
	}
	if failed != nil || waitErr != -blockdev.EIO {
		return fmt.Errorf("a bio with bio_rw 3: %v; its submitter got %d, want -EIO", failed, waitErr)
	}
	if err := logged(k, diskName+": unknown value of bio_rw: 3"); err != nil {
		return err
	}
	if d := ktest.DiffBytesAt(other, got, "the bio", 200<<9); d != "" {
		return fmt.Errorf("a bio with bio_rw 3 changed its pages: %s", d)
	}
	disk := make([]byte, n)
	if errno := ktest.SubmitPages(k, b, blockdev.READ, 200, disk); errno != 0 {
		return fmt.Errorf("read: %v", errno)
	}
	if d := ktest.DiffBytesAt(want, disk, "the bio", 200<<9); d != "" {
		return fmt.Errorf("a bio with bio_rw 3 changed the disk: %s", d)
	}

	last := uint64(ch.diskBytes>>9) - 8
	tail := ktest.Pattern(mm.PAGE_SIZE, 16)
	if errno := ktest.SubmitPages(k, b, blockdev.WRITE, last, tail); errno != 0 {
		return fmt.Errorf("write of the disk's last page: %v", errno)
	}
	tailBack := make([]byte, mm.PAGE_SIZE)
	if errno := ktest.SubmitPages(k, b, blockdev.READ, last, tailBack); errno != 0 {
		return fmt.Errorf("read of the disk's last page: %v", errno)
	}
	if d := ktest.DiffBytesAt(tail, tailBack, "the page", int64(last)<<9); d != "" {
		return fmt.Errorf("the disk's last page read back differs: %s", d)
	}
	return kmapClean(k, "READA, bio_rw 3 and last-page bios")
}
