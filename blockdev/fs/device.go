package fs

import (
	"errors"
	"io"
	iofs "io/fs"
	"os"
	"sync"
	"time"

	"github.com/diskfs/go-diskfs/backend"
	"simpblkdev/blockdev/errno"
)

// Device is a block device opened from user space (through the simulated
// kernel's page cache). It is all the file system code ever touches: every
// byte go-diskfs reads or writes goes through ReadAt and WriteAt.
type Device interface {
	io.ReaderAt
	io.WriterAt
	Size() int64 // bytes
	Sync() error // fsync: write back dirty pages
}

// storage adapts a Device to go-diskfs's backend.Storage, the "disk image"
// go-diskfs formats and reads. go-diskfs was written for image files and
// real disks: it asks for Stat (the mode must be a regular file, or it would
// try block-device ioctls) and for Sys (an *os.File for ioctls and fsync);
// we answer with a plain file mode and with backend.ErrNotSuitable, so
// go-diskfs never goes around the Device.
//
// go-diskfs reports a failed read or write of the device with its own text
// (or, having failed to read a table, with a complaint about what it then
// found), and the device's errno is lost on the way. So the storage keeps
// the first error the device gave, and the operation that was running
// reports that instead (see take).
type storage struct {
	dev Device
	off int64 // for Read and Seek, which go-diskfs's file systems do not use

	mu       sync.Mutex
	failed   error // the device's first error since the last take
	failedAt int64 // and the offset of the read or write that got it
}

// note keeps err if it is the device's first error since the last take.
func (s *storage) note(err error, off int64) {
	if err == nil || err == io.EOF {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failed == nil {
		s.failed, s.failedAt = err, off
	}
}

// take returns the offset and the device's first error since the last
// take (nil if it gave none), and forgets them.
func (s *storage) take() (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	off, err := s.failedAt, s.failed
	s.failed = nil
	return off, err
}

var (
	_ backend.Storage      = (*storage)(nil)
	_ backend.WritableFile = (*storage)(nil)
)

func newStorage(dev Device) *storage {
	s := &storage{}
	s.dev = notingDevice{dev, s}
	return s
}

// notingDevice is the device as the storage hands it on, to go-diskfs and
// to the code that reads boot sectors and superblocks itself: every error
// it gives is noted.
type notingDevice struct {
	Device
	st *storage
}

func (d notingDevice) ReadAt(p []byte, off int64) (int, error) {
	n, err := d.Device.ReadAt(p, off)
	d.st.note(err, off)
	return n, err
}

func (d notingDevice) WriteAt(p []byte, off int64) (int, error) {
	n, err := d.Device.WriteAt(p, off)
	d.st.note(err, off)
	return n, err
}

func (s *storage) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	size := s.dev.Size()
	if off >= size {
		return 0, io.EOF
	}
	short := false
	if off+int64(len(p)) > size {
		p = p[:size-off]
		short = true
	}
	n, err := s.dev.ReadAt(p, off)
	if err == nil && short {
		err = io.EOF
	}
	return n, err
}

func (s *storage) WriteAt(p []byte, off int64) (int, error) {
	if off < 0 || off+int64(len(p)) > s.dev.Size() {
		return 0, errno.EIO // past the end of the device: the block layer says -EIO
	}
	return s.dev.WriteAt(p, off)
}

func (s *storage) Read(p []byte) (int, error) {
	n, err := s.ReadAt(p, s.off)
	s.off += int64(n)
	return n, err
}

func (s *storage) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += s.off
	case io.SeekEnd:
		offset += s.dev.Size()
	default:
		return 0, errors.New("bad whence")
	}
	if offset < 0 {
		return 0, errors.New("negative position")
	}
	s.off = offset
	return offset, nil
}

func (s *storage) Stat() (iofs.FileInfo, error) { return devInfo{s.dev.Size()}, nil }
func (s *storage) Close() error                 { return nil }
func (s *storage) Sys() (*os.File, error)       { return nil, backend.ErrNotSuitable }
func (s *storage) Path() string                 { return "" }

func (s *storage) Writable() (backend.WritableFile, error) { return s, nil }

// devInfo describes the device to go-diskfs as a regular file of its size.
type devInfo struct{ size int64 }

func (d devInfo) Name() string        { return "device" }
func (d devInfo) Size() int64         { return d.size }
func (d devInfo) Mode() iofs.FileMode { return 0o600 }
func (d devInfo) ModTime() time.Time  { return time.Time{} }
func (d devInfo) IsDir() bool         { return false }
func (d devInfo) Sys() any            { return nil }
