package shell

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFilesExitClosesInDescriptorOrder: a command's opens take the lowest
// free descriptor above the standard streams, its redirections 0–2; a file
// closed twice is closed once; exit closes what is left, lowest descriptor
// first, and leaves alone what was handed over.
func TestFilesExitClosesInDescriptorOrder(t *testing.T) {
	var closed []string
	opener := func(t *files, name string) *openFile {
		return t.open(func() error { closed = append(closed, name); return nil })
	}
	fds := &files{}
	out := opener(fds, "redirected stdout") // fd 3, then 1
	fds.redirect(1, out)
	a := opener(fds, "a")         // 3
	b := opener(fds, "b")         // 4
	c := opener(fds, "c")         // 5
	mnt := opener(fds, "mounted") // 6
	a.Close()
	a.Close()
	d := opener(fds, "d") // 3, a's
	mnt.handOver()
	if got := []int{out.fd, b.fd, c.fd, d.fd}; !cmp.Equal(got, []int{1, 4, 5, 3}) {
		t.Errorf("descriptors %v, want [1 4 5 3]", got)
	}
	b.Close()
	fds.exit()
	c.Close() // after exit: nothing
	mnt.Close()
	want := []string{"a", "b", "redirected stdout", "d", "c", "mounted"}
	if d := cmp.Diff(want, closed); d != "" {
		t.Errorf("closes (-want +got):\n%s", d)
	}
}
