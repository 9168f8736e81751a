package step09zero

import (
	"bytes"
	"testing"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/ktest"
	"simpblkdev/blockdev/mm"
)

// Chapter 9's own test: what a new disk reads. The bio tests of chapters 6
// and 7 (segments, the model, a missing segment) are theirs and the driver
// kit's; chapter 9 changes none of that.

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
