package shell

import (
	"strings"
	"testing"

	"simpblkdev/blockdev"
	_ "simpblkdev/internal/golden" // accepts go test ./... -update
)

// newShell boots a machine and starts a shell in chapter 1's directory, with
// the test module built there as simp_blkdev.ko; output goes to the
// returned builder. The boot log is cleared, so dmesg shows what the test's
// commands logged (blockdev's TestBootLog checks the boot log itself). The
// shell is closed when the test ends.
func newShell(t *testing.T, host string) (*Shell, *strings.Builder) {
	t.Helper()
	k, err := blockdev.Boot(blockdev.Config{Seed: 1})
	if err != nil {
		t.Fatalf("boot: %v", err)
	}
	k.ClearLog()
	var out strings.Builder
	s := New(k, Options{
		Module:   ramdiskModule,
		Step:     1,
		HostRoot: host,
		Stdout:   &out,
		Seed:     7,
	})
	if out.Len() > 0 {
		t.Fatalf("New: %s", out.String())
	}
	t.Cleanup(s.Close)
	return s, &out
}

// run executes a command line and returns its output and status.
func run(t *testing.T, s *Shell, out *strings.Builder, line string) (string, int) {
	t.Helper()
	out.Reset()
	status := s.Exec(line)
	return out.String(), status
}

// mustRun executes a command line that must succeed.
func mustRun(t *testing.T, s *Shell, out *strings.Builder, line string) string {
	t.Helper()
	got, status := run(t, s, out, line)
	if status != 0 {
		t.Fatalf("%s: status %d\n%s", line, status, got)
	}
	return got
}
