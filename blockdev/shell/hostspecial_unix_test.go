//go:build unix

package shell

import (
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestHostSpecialFiles: a FIFO, a socket or a device node under /host is
// refused at once with ENXIO (see errSpecial), never opened for a read that
// would wait for ever; nothing is written into it.
func TestHostSpecialFiles(t *testing.T) {
	host := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(host, "fifo"), 0644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	if l, err := net.Listen("unix", filepath.Join(host, "sock")); err == nil {
		defer l.Close()
	}
	os.Symlink("/dev/null", filepath.Join(host, "null")) // escapes /host: ENOENT
	os.Symlink("fifo", filepath.Join(host, "fifo-link")) // a link to the FIFO inside
	s, out := newShell(t, host)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, tt := range []struct{ cmd, want string }{
			{"cat /host/fifo", "cat: /host/fifo: No such device or address\n"},
			{"cat /host/fifo-link", "cat: /host/fifo-link: No such device or address\n"},
			{"cat < /host/fifo", "bash: /host/fifo: No such device or address\n"},
			{"hexdump -C /host/fifo", "hexdump: /host/fifo: No such device or address\n"},
			{"dd if=/host/fifo of=/dev/null", "dd: opening `/host/fifo': No such device or address\n"},
			{"dd if=/etc/passwd of=/host/fifo", "dd: opening `/host/fifo': No such device or address\n"},
			{"cp /etc/passwd /host/fifo", "cp: cannot create regular file `/host/fifo': No such device or address\n"},
			{"cp /host/fifo /tmp/x", "cp: cannot open `/host/fifo' for reading: No such device or address\n"},
			{"cat /host/null", "cat: /host/null: No such file or directory\n"},
		} {
			if got, _ := run(t, s, out, tt.cmd); got != tt.want {
				t.Errorf("%s:\n%q\nwant\n%q", tt.cmd, got, tt.want)
			}
		}
		if _, err := os.Stat(filepath.Join(host, "sock")); err == nil {
			if got, _ := run(t, s, out, "cat /host/sock"); got != "cat: /host/sock: No such device or address\n" {
				t.Errorf("cat of a socket: %q", got)
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("a special file under /host blocked the shell")
	}
}
