package blockdev

import (
	"strings"
	"testing"

	"simpblkdev/blockdev/mm"
)

// TestBioEndioPre2624 checks the box's bio_endio(bio, bytes_done, error):
// bi_size and bi_sector move on by bytes_done, the bio ends only when
// nothing is left (a bi_end_io of 2.6.18 returns 1 until then), an error in
// an earlier part still fails the end, and bytes_done beyond bi_size is
// logged and cut.
func TestBioEndioPre2624(t *testing.T) {
	k, _, b := loadRamdisk(t, true)
	newBio := func() (*Bio, *[]Errno) {
		p := k.Mem.AllocPages(mm.GFP_KERNEL, 0)
		t.Cleanup(func() { k.Mem.FreePages(p, 0) })
		bio := BioAlloc(1)
		bio.BiBdev, bio.BiSector = b, 16
		BioAddPage(bio, p, mm.PAGE_SIZE, 0)
		var ends []Errno
		bio.BiEndIo = func(_ *Bio, err Errno) { ends = append(ends, err) }
		return bio, &ends
	}

	bio, ends := newBio()
	BioEndioPre2624(bio, 1024, 0)
	if len(*ends) != 0 || bio.BiSize != 3072 || bio.BiSector != 18 {
		t.Errorf("after 1024 of 4096 bytes: ends %v, bi_size %d, bi_sector %d; want no end, 3072, 18", *ends, bio.BiSize, bio.BiSector)
	}
	BioEndioPre2624(bio, 3072, 0)
	if len(*ends) != 1 || (*ends)[0] != 0 || bio.BiSize != 0 || bio.BiSector != 24 {
		t.Errorf("after the rest: ends %v, bi_size %d, bi_sector %d; want [0], 0, 24", *ends, bio.BiSize, bio.BiSector)
	}

	bio, ends = newBio()
	BioEndioPre2624(bio, 0, -EIO) // the chapter's error path
	if len(*ends) != 0 || bio.BiSize != mm.PAGE_SIZE || bio.BiFlags&(1<<BIO_UPTODATE) != 0 {
		t.Errorf("bio_endio(bio, 0, -EIO): ends %v, bi_size %d, flags %#x; want no end, 4096, BIO_UPTODATE clear", *ends, bio.BiSize, bio.BiFlags)
	}
	BioEndioPre2624(bio, mm.PAGE_SIZE, 0)
	if len(*ends) != 1 || (*ends)[0] != -EIO {
		t.Errorf("the rest after an error: ends %v, want [-EIO]", *ends)
	}

	bio, ends = newBio()
	BioEndioPre2624(bio, 2*mm.PAGE_SIZE, 0)
	if len(*ends) != 1 || (*ends)[0] != 0 || bio.BiSize != 0 {
		t.Errorf("bytes_done beyond bi_size: ends %v, bi_size %d; want [0], 0", *ends, bio.BiSize)
	}
	if !strings.Contains(k.Dmesg(), "bio_endio: want 8192 bytes done, only 4096 left\n") {
		t.Errorf("dmesg lacks the report of bytes_done beyond bi_size:\n%s", k.Dmesg())
	}
}

// TestLinuxVersionCode: the box's headers are 2.6.18's.
func TestLinuxVersionCode(t *testing.T) {
	if LINUX_VERSION_CODE != KERNEL_VERSION(2, 6, 18) || LINUX_VERSION_CODE != 132626 {
		t.Errorf("LINUX_VERSION_CODE = %d, want KERNEL_VERSION(2, 6, 18) = 132626", LINUX_VERSION_CODE)
	}
	if !strings.HasPrefix(UtsRelease, "2.6.18-") {
		t.Errorf("UtsRelease %q disagrees with LINUX_VERSION_CODE", UtsRelease)
	}
}
