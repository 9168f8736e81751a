package exercise

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "simpblkdev/internal/golden"
)

func TestSameOutsideTODOs(t *testing.T) {
	const skeleton = `package ch00demo

func f() int {
	// TODO 1/2: return the answer
	return 0
	// END TODO 1
}

// TODO 2/2: declare g
// END TODO 2
`
	const solution = `package solution

func f() int {
	// TODO 1/2: return the answer
	return 42
	// END TODO 1
}

// TODO 2/2: declare g
func g() {}

// END TODO 2
`
	tests := []struct {
		name, skeleton, solution string
		wantErr                  string // a part of the error, "" for none
	}{
		{"the answer fills the TODOs", skeleton, solution, ""},
		{"a change outside the TODOs", skeleton, strings.Replace(solution, "func f() int", "func f() int64", 1), "differ outside their TODO regions"},
		{"a marker changed", skeleton, strings.Replace(solution, "return the answer", "return 42", 1), "differ outside their TODO regions"},
		{"numbered out of order", strings.ReplaceAll(strings.ReplaceAll(skeleton, "TODO 2/2", "TODO 3/2"), "END TODO 2", "END TODO 3"),
			strings.ReplaceAll(strings.ReplaceAll(solution, "TODO 2/2", "TODO 3/2"), "END TODO 2", "END TODO 3"), "want TODO 2/2"},
		{"a wrong total", strings.Replace(skeleton, "TODO 1/2", "TODO 1/3", 1), strings.Replace(solution, "TODO 1/2", "TODO 1/3", 1), "TODO 1/3, want TODO 1/2"},
		{"no end", strings.Replace(skeleton, "// END TODO 2\n", "", 1), solution, "TODO 2 has no END TODO 2"},
		{"no TODO at all", "package ch00demo\n", "package solution\n", "no TODO for the student"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "simp_blkdev.go"), tt.skeleton)
			write(t, filepath.Join(dir, "solution", "simp_blkdev.go"), tt.solution)
			err := SameOutsideTODOs(dir, filepath.Join(dir, "solution"))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("got %v, want nil", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("got %v, want an error saying %q", err, tt.wantErr)
			}
		})
	}
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
