package exercises

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestIndexesListEveryExercise: the students' index, README.md, and its
// Chinese twin, README.zh-CN.md, each link every exercise's README, so an
// exercise added to one cannot be missing from the other.
func TestIndexesListEveryExercise(t *testing.T) {
	dirs, err := filepath.Glob("ch[0-9][0-9]-*")
	if err != nil {
		t.Fatal(err)
	}
	for _, index := range []string{"README.md", "README.zh-CN.md"} {
		s := read(t, index)
		for _, dir := range dirs {
			if !strings.Contains(s, "]("+dir+"/README.md)") {
				t.Errorf("%s does not link %s/README.md", index, dir)
			}
		}
	}
}

// TestChineseREADMEsLinkBothWays: an exercise's README.zh-CN.md, where
// there is one, and its English README link each other, as the indexes do.
func TestChineseREADMEsLinkBothWays(t *testing.T) {
	translated, err := filepath.Glob("ch[0-9][0-9]-*/README.zh-CN.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range append([]string{"README.zh-CN.md"}, translated...) {
		en := filepath.Join(filepath.Dir(f), "README.md")
		if _, err := os.Stat(en); err != nil {
			t.Errorf("%s translates no English README: %v", f, err)
			continue
		}
		if !strings.Contains(read(t, en), "](README.zh-CN.md)") {
			t.Errorf("%s does not link its Chinese twin README.zh-CN.md", en)
		}
		if !strings.Contains(read(t, f), "](README.md)") {
			t.Errorf("%s does not link back to README.md", f)
		}
	}
}

// TestChineseREADMEsShowTheSameRuns: an exercise's README.zh-CN.md shows
// the same code blocks as its English README, in the same order — the
// commands, the sample checker runs, the sessions — so that a sample run
// regenerated in one cannot go stale in the other.
func TestChineseREADMEsShowTheSameRuns(t *testing.T) {
	translated, err := filepath.Glob("ch[0-9][0-9]-*/README.zh-CN.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, zh := range translated {
		en := filepath.Join(filepath.Dir(zh), "README.md")
		if d := cmp.Diff(codeBlocks(read(t, en)), codeBlocks(read(t, zh))); d != "" {
			t.Errorf("%s and %s show different code blocks (-English +Chinese):\n%s", en, zh, d)
		}
	}
}

// codeBlocks returns the fenced code blocks of a Markdown text, each with
// its fence line.
func codeBlocks(md string) []string {
	var blocks []string
	var cur []string
	in := false
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			cur = append(cur, line)
			if in {
				blocks = append(blocks, strings.Join(cur, "\n"))
				cur = nil
			}
			in = !in
			continue
		}
		if in {
			cur = append(cur, line)
		}
	}
	return blocks
}
