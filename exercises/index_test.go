package exercises

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
