package blksim

import (
	"os"
	"path/filepath"
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

// TestShellFromPipeStatus: without exit, a piped session ends as bash
// reading a pipe does, with the status of the last command run; exit alone
// is exit $?.
func TestShellFromPipeStatus(t *testing.T) {
	for _, tt := range []struct {
		input string
		want  int
	}{
		{"foo\n", 127},
		{"foo\necho x\n", 0},
		{"cat /nope\n", 1},
		{"foo\nexit\necho x\n", 127},
		{"foo\nexit 0\n", 0},
		{"", 0},
	} {
		if code, _, errOut := runBlksim(t, tt.input, "shell", "--host", "none"); code != tt.want {
			t.Errorf("%q | blksim shell: exit status %d, want %d (stderr %q)", tt.input, code, tt.want, errOut)
		}
	}
}

// TestRunStatus: run exits with the status of the script's exit, and 0
// when the script runs none, whatever its commands returned.
func TestRunStatus(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		script string
		want   int
	}{
		{"# foo\n", 0},
		{"# exit 4\n# echo x\n", 4},
		{"# foo\n# exit\n", 127},
		{"# foo\nbash: foo: command not found\n# echo x\nx\n", 0},
	} {
		name := filepath.Join(dir, "s.txt")
		if err := os.WriteFile(name, []byte(tt.script), 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, errOut := runBlksim(t, "", "run", "--host", "none", name)
		if code != tt.want || errOut != "" {
			t.Errorf("run of %q: exit status %d, stderr %q, want %d", tt.script, code, errOut, tt.want)
		}
		if strings.Contains(tt.script, "exit 4") && strings.Contains(out, "echo x") {
			t.Errorf("run went on after exit 4:\n%s", out)
		}
	}
	if _, help, _ := runBlksim(t, "", "run", "-h"); !strings.Contains(help, "The exit status is exit's when the script runs exit") {
		t.Errorf("run -h does not say how run exits:\n%s", help)
	}
}
