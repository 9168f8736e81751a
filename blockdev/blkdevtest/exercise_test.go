package blkdevtest_test

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestExerciseRecipe follows docs/exercises.md on a copy of step 2 whose
// WRITE path is broken, and expects the copy's own tests to fail: the
// recipe checks the student's code, not the step it was copied from. The
// copy lives in the module (tests of a step find the shared sessions and
// the guides at ../), in a directory whose leading "_" keeps it out of
// ./... for anyone running the suite meanwhile.
func TestExerciseRecipe(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH: the recipe cannot be run")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	answer, err := os.MkdirTemp(root, "_exercise-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(answer) })

	// cp -r step02_noop myanswer
	if err := os.CopyFS(answer, os.DirFS(filepath.Join(root, "step02_noop"))); err != nil {
		t.Fatal(err)
	}
	// sed -i 's/^package step02noop$/package myanswer/' myanswer/*.go
	pkgLine := regexp.MustCompile(`(?m)^package step02noop$`)
	files, _ := filepath.Glob(filepath.Join(answer, "*.go"))
	for _, f := range files {
		editFile(t, f, func(src string) string { return pkgLine.ReplaceAllString(src, "package myanswer") })
	}
	// The student's mistake: the WRITE case copies nothing.
	editFile(t, filepath.Join(answer, "simp_blkdev.go"), func(src string) string {
		write := "\t\tcase blockdev.WRITE:\n\t\t\tcopy(d.simpBlkdevData[req.Sector<<9:][:req.CurrentNrSectors<<9],\n\t\t\t\treq.Buffer)\n"
		if !strings.Contains(src, write) {
			t.Fatalf("step02_noop/simp_blkdev.go has no WRITE copy of the shape this test removes:\n%s", write)
		}
		return strings.Replace(src, write, "\t\tcase blockdev.WRITE:\n", 1)
	})

	// go test ./myanswer
	cmd := exec.Command(goTool, "test", "./"+filepath.Base(answer))
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the broken copy passed its tests:\n%s", out)
	}
	if !strings.Contains(string(out), "--- FAIL: TestDriver/round_trips") {
		t.Fatalf("the broken copy failed, but not the driver kit's round trips:\n%s", out)
	}
}

// editFile rewrites the file at path with edit.
func editFile(t *testing.T, path string, edit func(string) string) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(edit(string(src))), fs.FileMode(0o644)); err != nil {
		t.Fatal(err)
	}
}
