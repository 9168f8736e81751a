package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"simpblkdev/blockdev/ktest"
	_ "simpblkdev/internal/golden"
)

// TestGrade runs the grader on real submissions, the two runs at once.
func TestGrade(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not on PATH: the grader cannot run")
	}
	if raceEnabled {
		t.Skip("under -race: the grader shells out to go test for each student, which the race detector only slows")
	}
	t.Run("runs", func(t *testing.T) {
		t.Run("a class", gradeAClass)
		t.Run("go test -timeout", gradeTimeout)
	})
	if left, _ := filepath.Glob("../_grade-*"); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// gradeAClass grades a class with one student of each verdict on
// ch03-reada, in one grader run: each student is a go test of its own,
// so the crash and the hang are real. The lines are also the example of
// docs/exercises.md. Each broken driver is the reference answer with one
// edit.
func gradeAClass(t *testing.T) {
	t.Parallel()
	solution := read(t, "../ch03-reada/solution/simp_blkdev.go")
	renamed := edit(t, solution, "package solution", "package ch03reada")
	students := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"alice", map[string]string{
			"simp_blkdev.go": renamed,
			"notes.txt":      "not Go: ignored",
			"mine_test.go":   "package ch03reada\n\nthe checker's check_test.go is used, a test of the student's is not",
		}, "PASS        15/15 checks"},
		{"bob", map[string]string{"simp_blkdev.go": read(t, "../ch03-reada/simp_blkdev.go")},
			"FAIL        13/15  reada is read, unknown bio_rw fails"},
		{"carol", map[string]string{"simp_blkdev.go": edit(t, renamed,
			"\tdskMem = d.simpBlkdevData[bio.BiSector<<9:]\n",
			"\tdskMem = d.simpBlkdevData[bio.BiSector<<9:]\n\tunused := 3\n")},
			"BUILD FAIL  simp_blkdev.go:87:2: declared and not used: unused"},
		// A READA bio locks a mutex twice: the kit's deadline fails the
		// check "reada is read" with the step and the driver's frames.
		{"dave", map[string]string{"simp_blkdev.go": edit(t, edit(t, renamed,
			"import (\n", "import (\n\t\"sync\"\n"),
			"\t\tcase blockdev.READ, blockdev.READA:\n",
			"\t\tcase blockdev.READ, blockdev.READA:\n\t\t\tif blockdev.BioRw(bio) == blockdev.READA {\n\t\t\t\tvar mu sync.Mutex\n\t\t\t\tmu.Lock()\n\t\t\t\tmu.Lock()\n\t\t\t}\n")},
			"TIMEOUT     hung: submit_bio in simpBlkdevMakeRequest"},
		// A WRITE bio dereferences nil: the simulated kernel's oops, in
		// every check that writes.
		{"eve", map[string]string{"simp_blkdev.go": edit(t, renamed,
			"\tdskMem = d.simpBlkdevData[bio.BiSector<<9:]\n",
			"\tdskMem = d.simpBlkdevData[bio.BiSector<<9:]\n\tif blockdev.BioRw(bio) == blockdev.WRITE {\n\t\tvar p *blockdev.Bio\n\t\t_ = p.BiSize\n\t}\n")},
			"FAIL        6/15  oops in simpBlkdevMakeRequest; round trips, highmem pages, no kmap at unload and 6 more"},
		// make_request calls itself for ever: Go's fatal stack overflow,
		// which no recover catches (reached in a 1 MiB stack, not Go's 1 GiB).
		{"frank", map[string]string{"simp_blkdev.go": edit(t, edit(t, edit(t, renamed,
			"import (\n", "import (\n\t\"runtime/debug\"\n"),
			"\tvar dskMem []byte // void *dsk_mem;\n",
			"\tvar dskMem []byte // void *dsk_mem;\n\tif bio.BiSize > 0 {\n\t\treturn d.simpBlkdevMakeRequest(q, bio) + 1\n\t}\n"),
			"\nvar Module = ", "\nfunc init() { debug.SetMaxStack(1 << 20) }\n\nvar Module = ")},
			"CRASH       fatal error: stack overflow in simpBlkdevMakeRequest"},
		// A goroutine the driver starts panics: beyond the kernel's reach.
		{"gina", map[string]string{"simp_blkdev.go": edit(t, renamed,
			"\tvar dskMem []byte // void *dsk_mem;\n",
			"\tvar dskMem []byte // void *dsk_mem;\n\tif blockdev.BioRw(bio) == blockdev.WRITE {\n\t\tgo func() { panic(\"not now\") }()\n\t}\n")},
			"CRASH       panic: not now in simpBlkdevMakeRequest"},
		{"hank", map[string]string{"simp_blkdev.go": solution},
			"BUILD FAIL  package solution, want package ch03reada"},
		{"ivan", map[string]string{"README.txt": "I'll hand it in tomorrow"},
			"NO FILES"},
	}
	class := t.TempDir()
	var want strings.Builder
	for _, s := range students {
		for name, text := range s.files {
			write(t, filepath.Join(class, s.name, name), text)
		}
		fmt.Fprintf(&want, "%-5s  %s\n", s.name, s.want)
	}
	write(t, filepath.Join(class, ".git", "HEAD"), "a hidden directory is no student")
	write(t, filepath.Join(class, "marks.csv"), "a file is no student")

	// The kit's deadline is short, for dave, but long enough for the
	// slowest check (insmod unwinds, 2 s) on a loaded machine.
	var stdout, stderr bytes.Buffer
	status := run(context.Background(), []string{"-timeout", "2m", "-deadline", "8s", "ch03-reada", class}, &stdout, &stderr)
	if d := cmp.Diff(want.String(), stdout.String()); d != "" {
		t.Errorf("the grader's lines (-want +got):\n%s\nstderr:\n%s", d, &stderr)
	}
	if status != 1 {
		t.Errorf("exit status %d, want 1 (not everyone passes)", status)
	}
	ktest.GoldenDocBlock(t, "../../docs/exercises.md", "grade", stdout.String())
}

// gradeTimeout: a driver that hangs before the kit's deadline ends it
// is named from the stacks go test -timeout prints: the goroutine in the
// driver, its system call and the driver function.
func gradeTimeout(t *testing.T) {
	t.Parallel()
	class := t.TempDir()
	renamed := edit(t, read(t, "../ch03-reada/solution/simp_blkdev.go"), "package solution", "package ch03reada")
	write(t, filepath.Join(class, "dan", "simp_blkdev.go"), edit(t, edit(t, renamed,
		"import (\n", "import (\n\t\"sync\"\n"),
		"\t\tcase blockdev.WRITE:\n",
		"\t\tcase blockdev.WRITE:\n\t\t\tvar mu sync.Mutex\n\t\t\tmu.Lock()\n\t\t\tmu.Lock()\n"))
	var stdout, stderr bytes.Buffer
	status := run(context.Background(), []string{"-timeout", "4s", "-deadline", "1m", "ch03-reada", class}, &stdout, &stderr)
	want := "dan  TIMEOUT     hung: O_DIRECT write in simpBlkdevMakeRequest\n"
	if d := cmp.Diff(want, stdout.String()); d != "" {
		t.Errorf("the grader's line (-want +got):\n%s\nstderr:\n%s", d, &stderr)
	}
	if status != 1 {
		t.Errorf("exit status %d, want 1", status)
	}
}

// TestUsage: the grader's usage errors exit 2 and say what is wrong; a
// class with no student's directory is one (a mistyped path must not
// look like a class that passed).
func TestUsage(t *testing.T) {
	empty := t.TempDir()
	filesOnly := t.TempDir()
	write(t, filepath.Join(filesOnly, "alice.go"), "package ch03reada")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"ch02-noop"}, "usage: go run ./exercises/grade [-timeout D] [-deadline D] EXERCISE DIR"},
		{[]string{"ch99-none", empty}, "grade: no exercise ch99-none"},
		{[]string{"ch03-reada", filepath.Join(empty, "nosuch")}, "no such file or directory"},
		{[]string{"ch03-reada", empty}, "grade: no submissions in " + empty + " (want a directory per student)"},
		{[]string{"ch03-reada", filesOnly}, "grade: no submissions in " + filesOnly},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		status := run(context.Background(), tt.args, &stdout, &stderr)
		if status != 2 || !strings.Contains(stderr.String(), tt.want) || stdout.Len() > 0 {
			t.Errorf("grade %q: status %d, stdout %q, stderr %q; want 2, nothing and %q", tt.args, status, &stdout, &stderr, tt.want)
		}
	}
}

// edit is s with old replaced by new once; old must be in s.
func edit(t *testing.T, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("no %q to edit", old)
	}
	return strings.Replace(s, old, new, 1)
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
