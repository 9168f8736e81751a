package fs

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	_ "simpblkdev/internal/golden" // accepts go test ./... -update
)

// memDevice is a Device in memory, counting the calls that reach it.
type memDevice struct {
	mu            sync.Mutex
	b             []byte
	reads, writes int
	syncs         int
}

func newMemDevice(size int64) *memDevice { return &memDevice{b: make([]byte, size)} }

func (d *memDevice) ReadAt(p []byte, off int64) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.reads++
	return copy(p, d.b[off:]), nil
}

func (d *memDevice) WriteAt(p []byte, off int64) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.writes++
	return copy(d.b[off:], p), nil
}

func (d *memDevice) Size() int64 { return int64(len(d.b)) }
func (d *memDevice) Sync() error { d.mu.Lock(); d.syncs++; d.mu.Unlock(); return nil }

func (d *memDevice) bytes() []byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]byte(nil), d.b...)
}

// fileDevice is a Device backed by an image file, for the real tools.
type fileDevice struct {
	*os.File
	size int64
}

func newFileDevice(t *testing.T, size int64) (*fileDevice, string) {
	t.Helper()
	name := filepath.Join(t.TempDir(), "disk.img")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	return &fileDevice{File: f, size: size}, name
}

func (d *fileDevice) Size() int64 { return d.size }
