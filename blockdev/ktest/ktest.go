// Package ktest holds what the chapter tests need to drive the simulated
// kernel from a Go test: boot a machine, load a step's module, and move
// bytes to and from its disk through the block layer. It is test support
// only; no driver imports it.
package ktest

import (
	"bytes"
	"fmt"
	"testing"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/mm"
)

// Boot starts an i386 machine with the given seed and fails the test if it
// cannot.
func Boot(t testing.TB, seed int64) *blockdev.Kernel {
	t.Helper()
	k, err := blockdev.Boot(blockdev.Config{Seed: seed})
	if err != nil {
		t.Fatalf("boot: %v", err)
	}
	return k
}

// Insmod loads info with args and fails the test if init fails.
func Insmod(t testing.TB, k *blockdev.Kernel, info *blockdev.ModuleInfo, args string) *blockdev.Module {
	t.Helper()
	m, err := k.InitModule(info, args)
	if err != nil {
		t.Fatalf("insmod %s: %v\n%s", info.Name, err, k.Dmesg())
	}
	return m
}

// Open opens /dev/<name> and closes it when the test ends.
func Open(t testing.TB, k *blockdev.Kernel, name string) *blockdev.BlockDevice {
	t.Helper()
	b, err := k.Open("/dev/" + name)
	if err != nil {
		t.Fatalf("open /dev/%s: %v", name, err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// Pattern returns n bytes that differ from sector to sector and from seed
// to seed, so a misplaced sector cannot go unnoticed.
func Pattern(n int, seed byte) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i/512)*7 + byte(i)*13 + seed
	}
	return b
}

// SubmitPages writes (rw WRITE) or reads (READ) data at sector with one bio
// per page, all submitted before any is waited for, so the elevator can
// merge them into requests of several segments. For a read, data is filled.
func SubmitPages(k *blockdev.Kernel, b *blockdev.BlockDevice, rw int, sector uint64, data []byte) blockdev.Errno {
	var bios []*blockdev.Bio
	var pages []*mm.Page
	defer func() {
		for _, p := range pages {
			k.Mem.FreePages(p, 0)
		}
	}()
	for off := 0; off < len(data); off += mm.PAGE_SIZE {
		n := min(mm.PAGE_SIZE, len(data)-off)
		p := k.Mem.AllocPages(mm.GFP_KERNEL, 0)
		if p == nil {
			return -blockdev.ENOMEM
		}
		pages = append(pages, p)
		if rw == blockdev.WRITE {
			k.Mem.WritePage(p, 0, data[off:off+n])
		}
		bio := blockdev.BioAlloc(1)
		bio.BiBdev = b
		bio.BiSector = sector + uint64(off>>9)
		blockdev.BioAddPage(bio, p, uint32(n), 0)
		bios = append(bios, bio)
	}
	errno := k.SubmitBioWait(nil, uint64(rw), bios...)
	if rw == blockdev.READ {
		for i, p := range pages {
			off := i * mm.PAGE_SIZE
			k.Mem.ReadPage(p, 0, data[off:min(len(data), off+mm.PAGE_SIZE)])
		}
	}
	return errno
}

// DiffBytes describes the first difference between want and got, or "".
func DiffBytes(want, got []byte) string {
	if bytes.Equal(want, got) {
		return ""
	}
	if len(want) != len(got) {
		return fmt.Sprintf("length %d, want %d", len(got), len(want))
	}
	for i := range want {
		if want[i] != got[i] {
			return fmt.Sprintf("first difference at byte %d (sector %d): got %#02x, want %#02x", i, i/512, got[i], want[i])
		}
	}
	return ""
}
