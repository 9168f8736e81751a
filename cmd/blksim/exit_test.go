package main

import (
	"strings"
	"testing"
)

// TestShellFromPipeExit: exit ends a piped session with its status, and the
// commands after it are neither run nor shown.
func TestShellFromPipeExit(t *testing.T) {
	code, out, errOut := runBlksim(t, "insmod simp_blkdev.ko\nexit 3\nrmmod simp_blkdev\n", "shell", "--host", "none")
	if code != 3 {
		t.Errorf("exit status %d, want 3 (stderr %q)", code, errOut)
	}
	if strings.Contains(out, "rmmod") || !strings.Contains(out, "# exit 3\n") {
		t.Errorf("transcript:\n%s\nwant it to end at exit 3", out)
	}
	if strings.Contains(out, "\x1b") {
		t.Errorf("escape sequence written to a pipe:\n%q", out)
	}
}
