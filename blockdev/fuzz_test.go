package blockdev

import (
	"bytes"
	"testing"

	"simpblkdev/blockdev/mm"
)

// FuzzSubmitBio hands the block layer bios with arbitrary fields, on a
// request-based and on a bio-based queue. Whatever the fields, the kernel
// must not panic and must end the bio exactly once; a bio that ends without
// an error must have moved its bytes: a write leaves each segment's bytes
// on the disk at its sector, a read leaves the disk's bytes in the page.
func FuzzSubmitBio(f *testing.F) {
	f.Add(uint64(0), uint64(1), uint32(0), uint32(4096), uint16(1), false)
	f.Add(uint64(2047), uint64(0), uint32(512), uint32(512), uint16(1), true)
	f.Add(uint64(1<<40), uint64(3), uint32(4000), uint32(512), uint16(2), false)
	f.Add(uint64(8), uint64(1<<9), uint32(0), uint32(0), uint16(0), true)
	f.Add(uint64(100), uint64(1), uint32(1024), uint32(1024), uint16(3), false)
	f.Add(uint64(100), uint64(0), uint32(1024), uint32(1024), uint16(3), true)
	f.Fuzz(func(t *testing.T, sector, rw uint64, offset, length uint32, vcnt uint16, bioBased bool) {
		k, d, b := loadRamdisk(t, bioBased)
		disk := bytes.Repeat([]byte("disk"), ramdiskBytes/4)
		copy(d.data, disk)
		page := bytes.Repeat([]byte("PAGE"), mm.PAGE_SIZE/4)
		p := k.Mem.AllocPages(mm.GFP_HIGHUSER, 0)
		k.Mem.WritePage(p, 0, page)
		segs := int(vcnt % 4)
		bio := BioAlloc(segs + 1)
		bio.BiBdev, bio.BiSector, bio.BiRw = b, sector, rw
		for i := 0; i < segs; i++ {
			bio.BiIoVec = append(bio.BiIoVec, BioVec{BvPage: p, BvOffset: offset, BvLen: length})
			bio.BiSize += length
		}
		bio.BiVcnt = vcnt
		ended := 0
		var status Errno
		bio.BiEndIo = func(_ *Bio, err Errno) { ended++; status = err }
		k.GenericMakeRequest(bio)
		for _, q := range k.queuesOf([]*Bio{bio}) {
			GenericUnplugDevice(q)
		}
		k.Sleep(HZ)
		if ended != 1 {
			t.Fatalf("bio ended %d times", ended)
		}
		if status != 0 {
			return
		}
		// Every segment is the same page range, so a write puts segs
		// copies of it one after another from sector, and a read leaves
		// in that range the disk's bytes of the last segment.
		seg := page[offset : offset+length]
		start := sector << 9
		want := disk
		if BioDataDir(bio) == WRITE {
			want = bytes.Clone(disk)
			for i := 0; i < segs; i++ {
				copy(want[start+uint64(i)*uint64(length):], seg)
			}
		} else {
			last := start + uint64(segs-1)*uint64(length)
			wantPage := bytes.Clone(page)
			copy(wantPage[offset:offset+length], disk[last:last+uint64(length)])
			got := make([]byte, mm.PAGE_SIZE)
			k.Mem.ReadPage(p, 0, got)
			if !bytes.Equal(got, wantPage) {
				t.Fatalf("read of sector %d: the page does not hold the disk's bytes", sector)
			}
		}
		if !bytes.Equal(d.data, want) {
			t.Fatalf("%s of sector %d: the disk does not hold what was written (or a read changed it)", map[int]string{READ: "read", WRITE: "write"}[BioDataDir(bio)], sector)
		}
	})
}
