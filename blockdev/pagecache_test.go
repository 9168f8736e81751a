package blockdev

import (
	"bytes"
	"errors"
	"sync"
	"testing"
	"time"

	"simpblkdev/blockdev/mm"
)

// loadSmallRamdisk boots the smallest i386 machine, pristine so that free
// memory can be brought to an exact number of pages, with the test driver
// loaded and its disk open, and fills the disk with a pattern.
func loadSmallRamdisk(t *testing.T) (*Kernel, *ramdisk, *BlockDevice) {
	t.Helper()
	k, err := Boot(Config{Seed: 7, RAM: mm.I386.MinRAM, Pristine: true})
	if err != nil {
		t.Fatal(err)
	}
	m, err := k.InitModule(ramdiskModule("ramdisk", false, false), "")
	if err != nil {
		t.Fatalf("insmod: %v", err)
	}
	d := m.code.(*ramdisk)
	for i := range d.data {
		d.data[i] = byte(i/512) ^ byte(i)
	}
	b, err := k.Open("/dev/ramdisk")
	if err != nil {
		t.Fatal(err)
	}
	return k, d, b
}

// exhaustMemory allocates every free page but keep, and returns a function
// that frees them again.
func exhaustMemory(k *Kernel, keep int) func() {
	var held []*mm.Page
	for k.Mem.NrFreePages() > int64(keep) {
		p := k.Mem.AllocPages(mm.GFP_KERNEL|mm.GFP_NOWARN, 0)
		if p == nil {
			break
		}
		held = append(held, p)
	}
	return func() {
		for _, p := range held {
			k.Mem.FreePages(p, 0)
		}
	}
}

// A read needing more page-cache pages than are free gets them back from
// reclaim, which must leave alone the pages the read itself added and has
// not filled yet (it used to free them: a nil dereference in readAt).
func TestReadWithFewFreePages(t *testing.T) {
	for _, keep := range []int{8, 1} {
		k, d, b := loadSmallRamdisk(t)
		before := k.Mem.NrFreePages()
		release := exhaustMemory(k, keep)
		got := make([]byte, ramdiskBytes)
		n, err := b.ReadAt(got, 0)
		if err != nil || n != len(got) {
			t.Fatalf("keep %d: ReadAt 1 MiB = %d, %v", keep, n, err)
		}
		if !bytes.Equal(got, d.data) {
			t.Errorf("keep %d: ReadAt returned other bytes than the disk holds", keep)
		}
		release()
		if err := b.Close(); err != nil {
			t.Fatal(err)
		}
		if after := k.Mem.NrFreePages(); after != before {
			t.Errorf("keep %d: %d free pages after close, %d before open", keep, after, before)
		}
	}
}

// With no page free and nothing to reclaim, a read fails with ENOMEM.
func TestReadWithNoFreePage(t *testing.T) {
	k, _, b := loadSmallRamdisk(t)
	defer b.Close()
	release := exhaustMemory(k, 0)
	defer release()
	n, err := b.ReadAt(make([]byte, 4096), 0)
	if n != 0 || !errors.Is(err, ENOMEM) {
		t.Errorf("ReadAt = %d, %v; want 0, ENOMEM", n, err)
	}
}

// A read-ahead still in flight must not overwrite a page that a WriteAt
// filled meanwhile: the writer waits for the page lock the read-ahead holds.
func TestReadaheadDoesNotOverwriteWrite(t *testing.T) {
	_, d, b := loadRamdisk(t, false)
	arrived, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	d.onRequest = func(req *Request) {
		if RqDataDir(req) == READ {
			once.Do(func() { close(arrived); <-release })
		}
	}
	readDone := make(chan error)
	go func() {
		_, err := b.ReadAt(make([]byte, 4096), 0) // reads ahead pages 0..31
		readDone <- err
	}()
	<-arrived
	want := bytes.Repeat([]byte{0x55}, 4096)
	writeDone := make(chan error)
	go func() {
		_, err := b.WriteAt(want, 5*4096)
		writeDone <- err
	}()
	var werr error
	wrote := false
	select {
	case werr = <-writeDone: // the bug: the write did not wait
		wrote = true
	case <-time.After(100 * time.Millisecond): // the writer waits on the page lock
	}
	close(release)
	if err := <-readDone; err != nil {
		t.Fatal(err)
	}
	if !wrote {
		werr = <-writeDone
	}
	if werr != nil {
		t.Fatal(werr)
	}
	got := make([]byte, 4096)
	if _, err := b.ReadAt(got, 5*4096); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("page 5 after the read-ahead ended: %v, % x...; want the written 55s", err, got[:8])
	}
	if err := b.Sync(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(d.data[5*4096:6*4096], want) {
		t.Errorf("the disk lost the write: % x...", d.data[5*4096:5*4096+8])
	}
}

// A write into a page under write-back waits until the driver has copied
// it (go test -race used to report the two copies).
func TestWriteDuringWriteback(t *testing.T) {
	for _, bioBased := range []bool{false, true} {
		_, d, b := loadRamdisk(t, bioBased)
		var wg sync.WaitGroup
		wg.Add(2)
		last := make([]byte, 4096)
		go func() {
			defer wg.Done()
			for i := range 200 {
				p := bytes.Repeat([]byte{byte(i)}, 4096)
				if _, err := b.WriteAt(p, 0); err != nil {
					t.Error(err)
					return
				}
				copy(last, p)
			}
		}()
		go func() {
			defer wg.Done()
			for range 200 {
				if err := b.Sync(); err != nil {
					t.Error(err)
					return
				}
			}
		}()
		wg.Wait()
		if err := b.Sync(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(d.data[:4096], last) {
			t.Errorf("bio-based %v: the disk holds % x..., the last write was % x...", bioBased, d.data[:4], last[:4])
		}
	}
}
