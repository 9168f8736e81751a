package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"simpblkdev/internal/chapters"
	_ "simpblkdev/internal/golden" // accepts go test ./... -update
)

func runBlksim(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestTour: tour replays every chapter's session, exactly its golden file.
func TestTour(t *testing.T) {
	code, out, errOut := runBlksim(t, "", "tour", "--host", t.TempDir())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, ch := range chapters.All {
		if !strings.Contains(out, "==> "+ch.Title) {
			t.Errorf("tour lacks the title of chapter %d", ch.Step)
		}
		if !strings.Contains(out, ch.Session) {
			t.Errorf("tour's chapter %d differs from %s/testdata", ch.Step, ch.Package)
		}
	}
}

// TestRunScript: run prints the transcript of a script file.
func TestRunScript(t *testing.T) {
	script := filepath.Join(t.TempDir(), "s.txt")
	os.WriteFile(script, []byte("# insmod simp_blkdev.ko\n(expected output, ignored)\n# cat /sys/block/simp_blkdev/dev\n"), 0o644)
	code, out, errOut := runBlksim(t, "", "run", "--step", "1", script)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if want := "# insmod simp_blkdev.ko\n# cat /sys/block/simp_blkdev/dev\n72:0\n"; out != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

// TestShellFromPipe: commands on stdin give the session's transcript.
func TestShellFromPipe(t *testing.T) {
	code, out, _ := runBlksim(t, "insmod simp_blkdev.ko\ncat /sys/block/simp_blkdev/queue/scheduler\n", "shell", "--step", "2")
	if code != 0 || out != "# insmod simp_blkdev.ko\n# cat /sys/block/simp_blkdev/queue/scheduler\n[noop] anticipatory deadline cfq \n" {
		t.Errorf("exit %d, output %q", code, out)
	}
}

// TestErrors: bad use says so on stderr, once, and exits 2.
func TestErrors(t *testing.T) {
	dir := t.TempDir()
	noCommands := filepath.Join(dir, "empty.txt")
	os.WriteFile(noCommands, []byte("just text\n"), 0o644)
	lsmod := filepath.Join(dir, "lsmod.txt")
	os.WriteFile(lsmod, []byte("# lsmod\n"), 0o644)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "usage:"},
		{"unknown command", []string{"frob"}, `unknown command "frob"`},
		{"no such step", []string{"run", "--step", "99", lsmod}, "no step 99"},
		{"missing script", []string{"run", filepath.Join(t.TempDir(), "nope.txt")}, "no such file or directory"},
		{"script without commands", []string{"run", noCommands}, "has no commands"},
		{"bad flag", []string{"tour", "--bogus"}, "flag provided but not defined: -bogus"},
		{"bad preset", []string{"shell", "--preset", "sparc"}, "unknown preset sparc"},
		{"bad ram", []string{"shell", "--ram", "lots"}, `bad size "lots"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runBlksim(t, "", tt.args...)
			if code != 2 || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q: want 2 and %q", code, errOut, tt.want)
			}
		})
	}
}
