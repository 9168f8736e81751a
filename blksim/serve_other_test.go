//go:build !linux

package blksim

import "testing"

// TestServeNeedsLinux: elsewhere serve says in one line that it needs
// Linux, and exits 2.
func TestServeNeedsLinux(t *testing.T) {
	code, _, errOut := runBlksim(t, "", "serve", "--step", "1", "--nbd", "127.0.0.1:0")
	if want := "blksim serve: needs Linux (FUSE and loop devices)\n"; code != 2 || errOut != want {
		t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, want)
	}
}
