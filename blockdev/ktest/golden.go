package ktest

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Update is the -update flag of every test binary that checks golden
// files: `go test ./... -update` rewrites them instead of comparing (the
// convention of go/printer's tests). Read the diff before committing one.
var Update = flag.Bool("update", false, "rewrite golden files in testdata/ instead of comparing")

// Golden compares got with the golden file at path, or rewrites the file
// under -update. An empty got with -update removes the file, so that a
// step-to-step diff that became empty leaves no file behind.
func Golden(t testing.TB, path, got string) {
	t.Helper()
	if *Update {
		if got == "" {
			if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			return
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if os.IsNotExist(err) && got == "" {
		return
	}
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if d := cmp.Diff(string(want), got); d != "" {
		t.Errorf("%s differs (-golden +got); if the change is meant, run go test -update and read the diff:\n%s", path, d)
	}
}
