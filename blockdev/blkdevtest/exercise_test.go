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

// TestExerciseRecipe follows docs/exercises.md on copies of steps with a
// student's mistake in them, and expects each copy's own tests to fail
// where the mistake shows: the recipe checks the student's code, not the
// step it was copied from. Step 2's WRITE copies nothing; step 3 skips kmap
// and uses page_address(), which is NULL for a HighMem page, as a driver
// that forgets the chapter's "kmap和kunmap这两个新面孔" would. A copy lives in
// the module (tests of a step find the shared sessions and the guides at
// ../), in a directory whose leading "_" keeps it out of ./... for anyone
// running the suite meanwhile.
func TestExerciseRecipe(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH: the recipe cannot be run")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		step, pkg string
		mistake   string // the text the student changes
		written   string // what the student wrote instead
		run       string // go test -run, "" for all
		fails     string // the subtest that must fail
	}{
		{
			step: "step02_noop", pkg: "step02noop",
			mistake: "\t\tcase blockdev.WRITE:\n\t\t\tcopy(d.simpBlkdevData[req.Sector<<9:][:req.CurrentNrSectors<<9],\n\t\t\t\treq.Buffer)\n",
			written: "\t\tcase blockdev.WRITE:\n",
			fails:   "TestDriver/round_trips",
		},
		{
			// Only the kit runs: a driver that oopses on HighMem pages
			// also breaks every session that does O_DIRECT.
			step: "step03_makerequest", pkg: "step03makerequest",
			mistake: "\t\t\tiovecMem = d.k.Mem.Kmap(bvec.BvPage)[bvec.BvOffset:][:bvec.BvLen]\n\t\t\tcopy(iovecMem, dskMem)\n\t\t\td.k.Mem.Kunmap(bvec.BvPage)\n",
			written: "\t\t\tiovecMem = d.k.Mem.PageAddress(bvec.BvPage, 0)[bvec.BvOffset:][:bvec.BvLen]\n\t\t\tcopy(iovecMem, dskMem)\n",
			run:     "TestDriver",
			fails:   "TestDriver/highmem_pages",
		},
	}
	for _, tt := range tests {
		t.Run(tt.step, func(t *testing.T) {
			answer, err := os.MkdirTemp(root, "_exercise-")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.RemoveAll(answer) })

			// cp -r stepNN_x myanswer
			if err := os.CopyFS(answer, os.DirFS(filepath.Join(root, tt.step))); err != nil {
				t.Fatal(err)
			}
			// sed -i 's/^package stepNNx$/package myanswer/' myanswer/*.go
			pkgLine := regexp.MustCompile(`(?m)^package ` + tt.pkg + `$`)
			files, _ := filepath.Glob(filepath.Join(answer, "*.go"))
			for _, f := range files {
				editFile(t, f, func(src string) string { return pkgLine.ReplaceAllString(src, "package myanswer") })
			}
			editFile(t, filepath.Join(answer, "simp_blkdev.go"), func(src string) string {
				if !strings.Contains(src, tt.mistake) {
					t.Fatalf("%s/simp_blkdev.go has no code of the shape this test changes:\n%s", tt.step, tt.mistake)
				}
				return strings.Replace(src, tt.mistake, tt.written, 1)
			})

			// go test ./myanswer
			args := []string{"test"}
			if tt.run != "" {
				args = append(args, "-run", tt.run)
			}
			cmd := exec.Command(goTool, append(args, "./"+filepath.Base(answer))...)
			cmd.Dir = root
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("the broken copy passed its tests:\n%s", out)
			}
			if !strings.Contains(string(out), "--- FAIL: "+tt.fails) {
				t.Fatalf("the broken copy failed, but not %s:\n%s", tt.fails, out)
			}
			t.Logf("the broken copy of %s fails:\n%s", tt.step, out)
		})
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
