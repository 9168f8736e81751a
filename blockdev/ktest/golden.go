package ktest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"simpblkdev/internal/golden"
)

// Update is the -update flag (package golden): `go test ./... -update`
// rewrites the golden files instead of comparing.
var Update = golden.Update

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

// GoldenDocBlock checks that the guide at path shows content in the block
// marked "<!-- golden NAME -->" (a fenced code block, closed by
// "<!-- /golden -->"), so a chapter's guide always shows the session as
// blksim prints it; -update rewrites the block.
func GoldenDocBlock(t testing.TB, path, name, content string) {
	t.Helper()
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	begin, end := "<!-- golden "+name+" -->\n", "<!-- /golden -->"
	i := bytes.Index(doc, []byte(begin))
	if i < 0 {
		t.Fatalf("%s has no %q block", path, strings.TrimSpace(begin))
	}
	i += len(begin)
	j := bytes.Index(doc[i:], []byte(end))
	if j < 0 {
		t.Fatalf("%s: the %q block is not closed by %q", path, name, end)
	}
	want := "```\n" + content + "```\n"
	got := string(doc[i : i+j])
	if got == want {
		return
	}
	if *Update {
		updated := append(append(append([]byte(nil), doc[:i]...), want...), doc[i+j:]...)
		if err := os.WriteFile(path, updated, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s: the %q block differs from the golden file; run go test -update:\n%s", path, name, cmp.Diff(want, got))
}

// guideDirs are the directories holding a chapter guide and its
// translations, as seen from a step's directory (like corpusDir): every
// session a guide shows is shown, and checked, in each language.
var guideDirs = []string{"../docs", "../docs/zh-CN"}

// GoldenGuideBlock is GoldenDocBlock for the chapter guide named guide
// (a base name such as "ch01-array.md") in English, docs/GUIDE, and in
// Chinese, docs/zh-CN/GUIDE: both must show content in their "NAME"
// block; -update rewrites both.
func GoldenGuideBlock(t testing.TB, guide, name, content string) {
	t.Helper()
	for _, dir := range guideDirs {
		GoldenDocBlock(t, filepath.Join(dir, guide), name, content)
	}
}
