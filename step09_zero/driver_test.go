package step09zero

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/ktest"
	"simpblkdev/blockdev/mm"
)

// loadDriver boots a machine, loads the chapter's module and returns the
// loaded driver's static variables, so a test can look into its tree.
func loadDriver(t testing.TB) (*blockdev.Kernel, *simpBlkdev, *blockdev.BlockDevice) {
	t.Helper()
	k := ktest.Boot(t, 1)
	var d *simpBlkdev
	info := *Module
	info.New = func(k *blockdev.Kernel, this *blockdev.Module) blockdev.ModuleCode {
		c := Module.New(k, this)
		d = c.(*simpBlkdev)
		return c
	}
	ktest.Insmod(t, k, &info, "")
	return k, d, ktest.Open(t, k, "simp_blkdev")
}

// diskBytes reads n bytes of the disk at off straight from the driver's
// segments, looking each up in its tree as the make_request function does.
func diskBytes(k *blockdev.Kernel, d *simpBlkdev, off uint64, n int) []byte {
	out := make([]byte, n)
	for done := 0; done < n; {
		pos := off + uint64(done)
		cur := min(n-done, simpBlkdevDatasegsize-int(pos & ^simpBlkdevDatasegmask))
		addr := blockdev.RadixTreeLookup(&d.simpBlkdevData, pos>>simpBlkdevDatasegshift).(uint64)
		k.MemcpyFromAddr(out[done:done+cur], addr + pos & ^simpBlkdevDatasegmask)
		done += cur
	}
	return out
}

// seg is one bio_vec: where in its own page, and how long.
type seg struct{ offset, length uint32 }

// moveBio writes (data given) or reads (data filled) one bio at sector made
// of segs, each on a page of its own, and returns how the bio ended.
func moveBio(t *testing.T, k *blockdev.Kernel, b *blockdev.BlockDevice, rw int, sector uint64, segs []seg, data []byte) blockdev.Errno {
	t.Helper()
	bio := blockdev.BioAlloc(len(segs))
	bio.BiBdev, bio.BiSector = b, sector
	var pages []*mm.Page
	defer func() {
		for _, p := range pages {
			k.Mem.FreePages(p, 0)
		}
	}()
	at := 0
	for _, s := range segs {
		p := k.Mem.AllocPages(mm.GFP_KERNEL, 0)
		if p == nil {
			t.Fatal("no page for the test bio")
		}
		pages = append(pages, p)
		if rw == blockdev.WRITE {
			k.Mem.WritePage(p, int(s.offset), data[at:at+int(s.length)])
		}
		blockdev.BioAddPage(bio, p, s.length, s.offset)
		at += int(s.length)
	}
	var ended blockdev.Errno = 1
	bio.BiEndIo = func(_ *blockdev.Bio, e blockdev.Errno) { ended = e }
	if errno := k.SubmitBioWait(nil, uint64(rw), bio); errno != 0 && ended == 1 {
		ended = errno
	}
	if rw == blockdev.READ {
		at = 0
		for i, s := range segs {
			k.Mem.ReadPage(pages[i], int(s.offset), data[at:at+int(s.length)])
			at += int(s.length)
		}
	}
	return ended
}

func segsLen(segs []seg) int {
	n := 0
	for _, s := range segs {
		n += int(s.length)
	}
	return n
}

// TestBioVecsAcrossSegments: bio_vecs that cross the disk's segment
// boundaries (16 KiB), so that count_current is cut at the end of a
// segment, and bio_vecs that cross a page boundary inside a segment, copied
// in one piece, land at the right offsets and read back the same through
// bio_vecs cut differently. The cases: one bio_vec over a page boundary
// inside segment 0; one bio_vec over two segments; a bio of 6 pages over
// three segments, a bio_vec crossing each boundary; bio_vecs in the middle
// of their pages at an offset that is no page multiple; single sectors
// over a segment boundary.
func TestBioVecsAcrossSegments(t *testing.T) {
	pages := func(n int) []seg {
		s := make([]seg, n)
		for i := range s {
			s[i] = seg{0, 4096}
		}
		return s
	}
	tests := []struct {
		name   string
		sector uint64
		write  []seg
		read   []seg
	}{
		{"one bio_vec over a page boundary in a segment", 7, []seg{{0, 4096}}, []seg{{3584, 512}, {0, 3584}}},
		{"one bio_vec over two segments", 31, []seg{{0, 4096}}, []seg{{3584, 512}, {0, 3584}}},
		{"six bio_vecs over three segments", 31, pages(6), []seg{{0, 512}, {0, 4096}, {0, 4096}, {0, 4096}, {0, 4096}, {0, 4096}, {0, 3584}}},
		{"bio_vecs inside their pages, off page boundaries", 29, []seg{{512, 1536}, {1024, 2560}, {2048, 1536}}, []seg{{1536, 2048}, {0, 3584}}},
		{"single sectors over a segment boundary", 30, []seg{{0, 512}, {512, 512}, {1024, 512}, {3584, 512}}, []seg{{0, 2048}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := segsLen(tt.write)
			if segsLen(tt.read) != n {
				t.Fatalf("test case reads %d bytes, writes %d", segsLen(tt.read), n)
			}
			k, d, b := loadDriver(t)
			want := ktest.Pattern(n, 9)
			if e := moveBio(t, k, b, blockdev.WRITE, tt.sector, tt.write, want); e != 0 {
				t.Fatalf("write ended with %v", e)
			}
			if got := diskBytes(k, d, tt.sector<<9, n); !bytes.Equal(got, want) {
				t.Errorf("the driver's pages hold %s", ktest.DiffBytes(want, got))
			}
			got := make([]byte, n)
			if e := moveBio(t, k, b, blockdev.READ, tt.sector, tt.read, got); e != 0 {
				t.Fatalf("read ended with %v", e)
			}
			if d := ktest.DiffBytes(want, got); d != "" {
				t.Errorf("read back: %s", d)
			}
			if n := k.Mem.KmapsInUse(); n != 0 {
				t.Errorf("%d kmaps left", n)
			}
		})
	}
}

// TestAgainstAModel: random bios of random bio_vecs, written and read
// anywhere on the disk, against a byte slice of the disk's size.
func TestAgainstAModel(t *testing.T) {
	k, d, b := loadDriver(t)
	model := diskBytes(k, d, 0, defaultBytes) // what the pages held at insmod
	rng := rand.New(rand.NewSource(6))
	for i := 0; i < 300; i++ {
		var segs []seg
		for j := rng.Intn(6); j >= 0; j-- {
			length := uint32(1+rng.Intn(8)) * 512
			segs = append(segs, seg{uint32(rng.Intn((mm.PAGE_SIZE-int(length))/512+1)) * 512, length})
		}
		n := segsLen(segs)
		sector := uint64(rng.Intn((defaultBytes - n) / 512))
		if rng.Intn(2) == 0 {
			data := ktest.Pattern(n, byte(i))
			if e := moveBio(t, k, b, blockdev.WRITE, sector, segs, data); e != 0 {
				t.Fatalf("write %d at sector %d ended with %v", i, sector, e)
			}
			copy(model[sector<<9:], data)
			continue
		}
		got := make([]byte, n)
		if e := moveBio(t, k, b, blockdev.READ, sector, segs, got); e != 0 {
			t.Fatalf("read %d at sector %d ended with %v", i, sector, e)
		}
		if d := ktest.DiffBytes(model[sector<<9:][:n], got); d != "" {
			t.Fatalf("read %d of %v at sector %d: %s", i, segs, sector, d)
		}
	}
}

// TestNeverWrittenSectors: a sector nobody wrote reads as zeros, whatever
// the page held before: __get_free_pages(GFP_KERNEL | __GFP_ZERO, 2). On
// the default machine the first segment is the block user A's photo was
// freed in (chapter 8's hexdump shows its JFIF header); here it is zeros.
// Reading it costs the host no memory beyond the reader's own pages.
func TestNeverWrittenSectors(t *testing.T) {
	k, d, b := loadDriver(t)
	got := make([]byte, 64<<10)
	bio := blockdev.BioAlloc(len(got) / mm.PAGE_SIZE)
	bio.BiBdev, bio.BiSector = b, 0
	var pages []*mm.Page
	for range len(got) / mm.PAGE_SIZE {
		p := k.Mem.AllocPages(mm.GFP_KERNEL, 0)
		k.Mem.PageAddress(p, 0) // the reader's pages cost what they cost before the read
		blockdev.BioAddPage(bio, p, mm.PAGE_SIZE, 0)
		pages = append(pages, p)
	}
	before := k.Mem.BackingBytes()
	if e := k.SubmitBioWait(nil, blockdev.READ, bio); e != 0 {
		t.Fatalf("read: %v", e)
	}
	if grown := k.Mem.BackingBytes() - before; grown != 0 {
		t.Errorf("reading %d never-written bytes cost the host %d bytes", len(got), grown)
	}
	for i, p := range pages {
		k.Mem.ReadPage(p, 0, got[i*mm.PAGE_SIZE:][:mm.PAGE_SIZE])
	}
	if want := make([]byte, len(got)); !bytes.Equal(got, want) {
		t.Errorf("never-written sectors read %s", ktest.DiffBytes(want, got))
	}
	if want := diskBytes(k, d, 0, len(got)); !bytes.Equal(got, want) {
		t.Errorf("read %s", ktest.DiffBytes(want, got))
	}
}

// TestSearchMemoryFailed: a segment missing from the tree (the test takes
// one out) ends the bio with -EIO and the chapter's line, which names the
// segment's index; rmmod frees the rest of the tree around the hole.
func TestSearchMemoryFailed(t *testing.T) {
	k, d, b := loadDriver(t)
	freeBefore := k.Mem.NrFreePages()
	p := blockdev.RadixTreeDelete(&d.simpBlkdevData, 5).(uint64)
	k.Mem.FreePagesAddr(p, simpBlkdevDatasegorder)
	buf := make([]byte, 1024)
	k.ClearLog()
	if e := moveBio(t, k, b, blockdev.READ, 5*32+31, []seg{{0, 1024}}, buf); e != -blockdev.EIO {
		t.Errorf("read over the missing segment ended with %v, want -EIO", e)
	}
	if want := "simp_blkdev: search memory failed: 5\n"; !strings.Contains(k.Dmesg(), want) {
		t.Errorf("dmesg = %q, want %q", k.Dmesg(), want)
	}
	if e := moveBio(t, k, b, blockdev.WRITE, 4*32, []seg{{0, 4096}}, ktest.Pattern(4096, 1)); e != 0 {
		t.Errorf("write to segment 4 ended with %v", e)
	}
	if n := k.Mem.KmapsInUse(); n != 0 {
		t.Errorf("%d kmaps left after the failed bio", n)
	}
	b.Close()
	if err := k.DeleteModule("simp_blkdev"); err != nil {
		t.Fatal(err)
	}
	if n := k.RadixTreeNodes(); n != 0 {
		t.Errorf("%d radix tree nodes left after rmmod", n)
	}
	if got, want := k.Mem.NrFreePages(), freeBefore+defaultBytes/mm.PAGE_SIZE; got < want {
		t.Errorf("%d free pages after rmmod, want at least %d", got, want)
	}
}

// defaultBytes is the disk's size with the parameter's default, "16M".
const defaultBytes = 16 << 20
