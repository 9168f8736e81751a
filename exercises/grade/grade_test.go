package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	_ "simpblkdev/internal/golden"
)

// TestGradeAClass grades a class of three on ch02-noop: the reference
// answer passes, the skeleton fails the checks its proof names, and a copy
// that does not compile says where. Each student is a go test of its own,
// so the test builds three test binaries (sharing the build cache).
func TestGradeAClass(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not on PATH: the grader cannot run")
	}
	if raceEnabled {
		t.Skip("under -race: the grader shells out to go test three times, which the race detector only slows")
	}
	class := t.TempDir()
	solution := read(t, "../ch02-noop/solution/simp_blkdev.go")
	solution = strings.Replace(solution, "package solution", "package ch02noop", 1)
	write(t, filepath.Join(class, "alice", "simp_blkdev.go"), solution)
	write(t, filepath.Join(class, "alice", "notes.txt"), "ignored")
	write(t, filepath.Join(class, "bob", "simp_blkdev.go"), read(t, "../ch02-noop/simp_blkdev.go"))
	write(t, filepath.Join(class, "carol", "simp_blkdev.go"),
		strings.Replace(solution, "blockdev.ElevatorExit(oldE)", "blockdev.ElevatorExit(old)", 1))

	var stdout, stderr bytes.Buffer
	status := run(context.Background(), []string{"-timeout", "5m", "ch02-noop", class}, &stdout, &stderr)
	want := `alice  PASS        14/14 checks
bob    FAIL        12/14  scheduler, noop switch fails
carol  BUILD FAIL  simp_blkdev.go:92:6: declared and not used: oldE
`
	if d := cmp.Diff(want, stdout.String()); d != "" {
		t.Errorf("the grader's lines (-want +got):\n%s\nstderr:\n%s", d, &stderr)
	}
	if status != 1 {
		t.Errorf("exit status %d, want 1 (not everyone passes)", status)
	}
	left, _ := filepath.Glob("../_grade-*")
	if len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

func TestUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if status := run(context.Background(), []string{"ch02-noop"}, &stdout, &stderr); status != 2 || !strings.Contains(stderr.String(), "usage: go run ./exercises/grade [-timeout D] EXERCISE DIR") {
		t.Errorf("status %d, stderr %q; want 2 and the usage", status, &stderr)
	}
	if status := run(context.Background(), []string{"ch99-none", t.TempDir()}, &stdout, &stderr); status != 2 || !strings.Contains(stderr.String(), "no exercise ch99-none") {
		t.Errorf("status %d, stderr %q; want 2 and the unknown exercise named", status, &stderr)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}
