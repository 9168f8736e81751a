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
	i, d := firstDiff(want, got)
	if i < 0 {
		return d
	}
	return fmt.Sprintf("first difference at byte %d (sector %d): %s", i, i/512, d)
}

// DiffBytesIn is DiffBytes worded for the student a checker speaks to:
// the first difference's byte counted from the start of what, e.g. "the
// page" ("first difference at byte 12 of the page: got 0x00, want 0x15").
func DiffBytesIn(want, got []byte, what string) string {
	i, d := firstDiff(want, got)
	if i < 0 {
		return d
	}
	return fmt.Sprintf("first difference at byte %d of %s: %s", i, what, d)
}

// DiffBytesAt is DiffBytesIn for bytes that lie on a disk from byte off
// on (a bio at sector s: s<<9): it adds the disk's sector the first
// difference is in ("at byte 0 of the bio (the disk's sector 200)").
func DiffBytesAt(want, got []byte, what string, off int64) string {
	i, d := firstDiff(want, got)
	if i < 0 {
		return d
	}
	return fmt.Sprintf("first difference at byte %d of %s (the disk's sector %d): %s", i, what, (off+int64(i))>>9, d)
}

// firstDiff finds the first byte where got differs from want and says
// what each holds there ("got 0x00, want 0x15"); -1 and "" if they are the
// same, -1 and the lengths if those differ.
func firstDiff(want, got []byte) (int, string) {
	if bytes.Equal(want, got) {
		return -1, ""
	}
	if len(want) != len(got) {
		return -1, fmt.Sprintf("length %d, want %d", len(got), len(want))
	}
	i := 0
	for want[i] == got[i] {
		i++
	}
	return i, fmt.Sprintf("got %#02x, want %#02x", got[i], want[i])
}
