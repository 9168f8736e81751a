package blockdev

import (
	"strings"
	"testing"

	"simpblkdev/blockdev/mm"
)

// TestPutDiskFrees: alloc_disk's reference is the only one, so put_disk
// frees the disk; a second put_disk is reported and counted once.
func TestPutDiskFrees(t *testing.T) {
	k, err := Boot(Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	disk := k.AllocDisk(1)
	disk.DiskName = "leaky"
	if n := k.GendisksAllocated(); n != 1 {
		t.Fatalf("after alloc_disk: %d gendisks allocated, want 1", n)
	}
	PutDisk(disk)
	if n := k.GendisksAllocated(); n != 0 {
		t.Fatalf("after put_disk: %d gendisks allocated, want 0", n)
	}
	PutDisk(disk)
	if n := k.GendisksAllocated(); n != 0 {
		t.Errorf("after a second put_disk: %d gendisks allocated, want 0", n)
	}
	if want := "BUG: put_disk of leaky, which is already freed"; !strings.Contains(k.Dmesg(), want) {
		t.Errorf("dmesg lacks %q:\n%s", want, k.Dmesg())
	}
}

// TestBlkAllocQueueGFP: the queue is slab memory, so a HighMem or DMA32 gfp
// is refused as kmem_flagcheck() refuses it; GFP_KERNEL works.
func TestBlkAllocQueueGFP(t *testing.T) {
	k, err := Boot(Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if q := k.BlkAllocQueue(mm.GFP_KERNEL); q == nil {
		t.Fatal("blk_alloc_queue(GFP_KERNEL) failed")
	}
	for _, gfp := range []mm.GFP{mm.GFP_KERNEL | mm.GFP_HIGHMEM, mm.GFP_KERNEL | mm.GFP_DMA32} {
		if q := k.BlkAllocQueue(gfp); q != nil {
			t.Errorf("blk_alloc_queue(%#x) gave a queue, want nil", uint32(gfp))
		}
	}
	if got := strings.Count(k.Dmesg(), "BUG: blk_alloc_queue: slab allocation"); got != 2 {
		t.Errorf("%d slab BUG lines, want 2:\n%s", got, k.Dmesg())
	}
}
