//go:build linux

package serve

import (
	"fmt"
	"sync"
	"time"
)

// openFiles counts the mount's open files. The real kernel sends FUSE's
// RELEASE without waiting for its reply (fuse_release → fuse_file_put with
// sync false: only a fuseblk mount releases synchronously), so close(2),
// and losetup -d for the file a loop device held, return before Release
// has run here, and before the partition re-read that a close after a
// write asks for has finished. WaitClosed is what a caller that must see
// that re-read waits on, as a script waits with udevadm settle.
type openFiles struct {
	mu   sync.Mutex
	n    int
	idle chan struct{} // closed while n is 0
}

func newOpenFiles() *openFiles {
	idle := make(chan struct{})
	close(idle)
	return &openFiles{idle: idle}
}

// opened counts an open that succeeded.
func (o *openFiles) opened() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.n == 0 {
		o.idle = make(chan struct{})
	}
	o.n++
}

// released counts a Release, once all it does (the re-read) is done.
func (o *openFiles) released() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.n--
	if o.n == 0 {
		close(o.idle)
	}
}

// wait returns nil once no file is open, or an error after timeout.
func (o *openFiles) wait(timeout time.Duration) error {
	o.mu.Lock()
	idle := o.idle
	o.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-time.After(timeout):
		o.mu.Lock()
		defer o.mu.Unlock()
		return fmt.Errorf("%d files still open after %v", o.n, timeout)
	}
}
