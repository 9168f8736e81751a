package serve

import (
	"fmt"
	"io"
)

// nbdBackend is one export of one NBD connection: go-nbd's
// backend.Backend over a device of the machine, the same O_DIRECT Device
// the FUSE files use. The device is opened when the client first asks
// for the export (go-nbd asks its Size for NBD_OPT_INFO and NBD_OPT_GO),
// so that a connection holds open only the partition it uses and a
// re-read is not refused for the others. go-nbd serves a connection's
// requests one at a time, so a backend needs no lock of its own.
//
// go-nbd v0.3.2 sends a read's success header before it calls ReadAt and
// writes the n bytes ReadAt returns; it ends the connection on any error
// from ReadAt or WriteAt. A short read without an error would therefore
// put the client's stream out of step, so every request that cannot be
// served whole, past the end or failed by the driver, is an error here:
// the connection ends, which is the only answer go-nbd can give.
type nbdBackend struct {
	m      *Machine
	partno int

	dev     *Device
	openErr error
}

// open opens the device once; a later call returns the first result.
func (b *nbdBackend) open() (*Device, error) {
	if b.dev == nil && b.openErr == nil {
		b.dev, b.openErr = b.m.Open(b.partno)
	}
	return b.dev, b.openErr
}

// Size opens the device and returns its size.
func (b *nbdBackend) Size() (int64, error) {
	dev, err := b.open()
	if err != nil {
		return 0, err
	}
	return dev.Size(), nil
}

// ReadAt reads all of p at off, or fails.
func (b *nbdBackend) ReadAt(p []byte, off int64) (int, error) {
	dev, err := b.within("read", len(p), off)
	if err != nil {
		return 0, err
	}
	n, err := dev.ReadAt(p, off)
	if err == nil && n < len(p) {
		// Not expected within bounds, but go-nbd would send the short
		// data as if it were whole.
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		return n, fmt.Errorf("read of %d bytes at %d of %s: %w", len(p), off, dev.Name, err)
	}
	return n, nil
}

// WriteAt writes all of p at off, or fails.
func (b *nbdBackend) WriteAt(p []byte, off int64) (int, error) {
	dev, err := b.within("write", len(p), off)
	if err != nil {
		return 0, err
	}
	n, err := dev.WriteAt(p, off)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	if err != nil {
		return n, fmt.Errorf("write of %d bytes at %d of %s: %w", len(p), off, dev.Name, err)
	}
	return n, nil
}

// within returns the device if n bytes at off lie inside it. go-nbd
// passes the request's 64-bit offset as an int64, so an offset of 2^63
// or more arrives negative.
func (b *nbdBackend) within(op string, n int, off int64) (*Device, error) {
	dev, err := b.open()
	if err != nil {
		return nil, err
	}
	if off < 0 || off > dev.Size()-int64(n) {
		return nil, fmt.Errorf("%s of %d bytes at %d is past the end of %s (%d bytes)", op, n, uint64(off), dev.Name, dev.Size())
	}
	return dev, nil
}

// Sync is the device's fsync. go-nbd calls it only when the client
// disconnects (NBD_CMD_DISC): it does not offer NBD_CMD_FLUSH.
func (b *nbdBackend) Sync() error {
	dev, err := b.open()
	if err != nil {
		return err
	}
	return dev.Sync()
}

// close closes the device if the connection opened it.
func (b *nbdBackend) close() error {
	if b.dev == nil {
		return nil
	}
	return b.dev.Close()
}
