package serve

import (
	"errors"
	"io"
	"sync"
	"testing"

	"simpblkdev/blockdev/errno"
	"simpblkdev/blockdev/ktest"
	"simpblkdev/internal/chapters"
)

// TestDeviceUnaligned: bytes written at any offset and length read back,
// on every chapter's driver, and the bytes around them stay.
func TestDeviceUnaligned(t *testing.T) {
	for _, ch := range chapters.All {
		t.Run(ch.Package, func(t *testing.T) {
			d := startMachine(t, ch.Module).Whole()
			base := ktest.Pattern(8192, 1)
			if _, err := d.WriteAt(base, 0); err != nil {
				t.Fatal(err)
			}
			for _, w := range []struct {
				off int64
				n   int
			}{{100, 3}, {510, 5}, {1023, 1}, {1536, 512}, {7000, 1192}} {
				p := ktest.Pattern(w.n, byte(w.off))
				if n, err := d.WriteAt(p, w.off); n != w.n || err != nil {
					t.Fatalf("WriteAt(%d bytes, %d) = %d, %v", w.n, w.off, n, err)
				}
				copy(base[w.off:], p)
			}
			got := make([]byte, len(base))
			if n, err := d.ReadAt(got[:333], 0); n != 333 || err != nil {
				t.Fatalf("ReadAt(333, 0) = %d, %v", n, err)
			}
			if _, err := d.ReadAt(got[333:], 333); err != nil {
				t.Fatal(err)
			}
			if diff := ktest.DiffBytes(base, got); diff != "" {
				t.Error(diff)
			}
		})
	}
}

// TestDeviceEnd: at the end of the device a read is short and then EOF,
// a write short and then ENOSPC; zero-length requests do nothing; a
// negative offset is EINVAL.
func TestDeviceEnd(t *testing.T) {
	d := startMachine(t, chapters.All[0].Module).Whole()
	size := d.Size()
	p := make([]byte, 1024)
	if n, err := d.ReadAt(p, size-100); n != 100 || err != nil {
		t.Errorf("read across the end: %d, %v; want 100, nil", n, err)
	}
	if n, err := d.ReadAt(p, size); n != 0 || err != io.EOF {
		t.Errorf("read at the end: %d, %v; want 0, EOF", n, err)
	}
	if n, err := d.WriteAt(p, size-512); n != 512 || err != nil {
		t.Errorf("write across the end: %d, %v; want 512, nil", n, err)
	}
	if n, err := d.WriteAt(p, size); n != 0 || err != errno.ENOSPC {
		t.Errorf("write at the end: %d, %v; want 0, ENOSPC", n, err)
	}
	if n, err := d.ReadAt(nil, 0); n != 0 || err != nil {
		t.Errorf("zero-length read: %d, %v", n, err)
	}
	if n, err := d.WriteAt(nil, 0); n != 0 || err != nil {
		t.Errorf("zero-length write: %d, %v", n, err)
	}
	if _, err := d.ReadAt(p, -1); err != errno.EINVAL {
		t.Errorf("read at -1: %v, want EINVAL", err)
	}
}

// TestDeviceDriverError: a bio the driver fails is the error of the
// request it belongs to, and only of that one.
func TestDeviceDriverError(t *testing.T) {
	m := startMachine(t, testdiskModule(1, 1000, 1001))
	d := m.Whole()
	p := make([]byte, 4096)
	if _, err := d.ReadAt(p, 1000*512); !errors.Is(err, errno.EIO) {
		t.Errorf("read of the bad sector: %v, want EIO", err)
	}
	if _, err := d.WriteAt(p[:10], 1000*512+3); !errors.Is(err, errno.EIO) {
		t.Errorf("partial write of the bad sector: %v, want EIO", err)
	}
	if n, err := d.ReadAt(p, 2000*512); n != len(p) || err != nil {
		t.Errorf("the next read: %d, %v; want all of it", n, err)
	}
	if got := m.Stats.errors.Load(); got != 2 {
		t.Errorf("%d errors counted, want 2", got)
	}
}

// TestConcurrentPartialWrites: partial writes to one sector from many
// goroutines at once lose none of each other's bytes.
func TestConcurrentPartialWrites(t *testing.T) {
	d := startMachine(t, chapters.Latest().Module).Whole()
	var wg sync.WaitGroup
	for i := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := d.WriteAt([]byte{byte(i + 1), byte(i + 1)}, int64(2*i)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	got := make([]byte, 128)
	d.ReadAt(got, 0)
	for i := range 64 {
		if got[2*i] != byte(i+1) || got[2*i+1] != byte(i+1) {
			t.Fatalf("bytes %d and %d are %d, %d; want %d: a read-modify-write lost them", 2*i, 2*i+1, got[2*i], got[2*i+1], i+1)
		}
	}
}
