package exercises

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	_ "simpblkdev/internal/golden"
)

// TestLayout: every exercise directory has the files doc.go lists, the
// student's check behind the exercise build tag, and a proof of its
// checker in check/.
func TestLayout(t *testing.T) {
	dirs, err := filepath.Glob("ch[0-9][0-9]-*")
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		t.Run(dir, func(t *testing.T) {
			for _, f := range []string{"README.md", "simp_blkdev.go", "check_test.go", "cmd/main.go", "check/check.go", "check/check_test.go", "solution/simp_blkdev.go"} {
				if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
					t.Error(err)
				}
			}
			if s := read(t, filepath.Join(dir, "check_test.go")); !strings.HasPrefix(s, "//go:build exercise\n") {
				t.Errorf("%s/check_test.go does not begin with //go:build exercise", dir)
			}
			if s := read(t, filepath.Join(dir, "check", "check_test.go")); !strings.Contains(s, "exercise.Prove(") {
				t.Errorf("%s/check/check_test.go does not call exercise.Prove", dir)
			}
			pkg := "package " + regexp.MustCompile(`[^a-z0-9]`).ReplaceAllString(dir, "")
			if s := read(t, filepath.Join(dir, "simp_blkdev.go")); !strings.Contains(s, "\n"+pkg+"\n") && !strings.HasPrefix(s, pkg+"\n") {
				t.Errorf("%s/simp_blkdev.go is not %s", dir, pkg)
			}
		})
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Error(err)
	}
	return string(data)
}
