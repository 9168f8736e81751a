package ktest

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// docsDir is the module's docs/ as seen from this package's directory.
const docsDir = "../../docs"

// A guidePair is an English document, its Chinese twin under docs/zh-CN,
// and the link each must carry to the other.
type guidePair struct {
	en, zh     string // paths from this directory
	toZh, toEn string // the link targets, relative to each file
}

// guidePairs lists the documents that must exist in both languages: the
// README, the architecture and every chapter guide (docs/chNN-*.md).
// Other English documents (docs/real-kernel.md, docs/exercises.md) are
// not translated, and docs/zh-CN/glossary.md has no English twin.
func guidePairs(t *testing.T) []guidePair {
	t.Helper()
	pairs := []guidePair{{
		en: "../../README.md", zh: filepath.Join(docsDir, "zh-CN", "README.md"),
		toZh: "docs/zh-CN/README.md", toEn: "../../README.md",
	}}
	chapters, err := filepath.Glob(filepath.Join(docsDir, "ch[0-9][0-9]-*.md"))
	if err != nil {
		t.Fatal(err)
	}
	if len(chapters) < 9 {
		t.Fatalf("%s holds %d chapter guides, want the tutorial's 9", docsDir, len(chapters))
	}
	for _, en := range append([]string{filepath.Join(docsDir, "architecture.md")}, chapters...) {
		name := filepath.Base(en)
		pairs = append(pairs, guidePair{
			en: en, zh: filepath.Join(docsDir, "zh-CN", name),
			toZh: "zh-CN/" + name, toEn: "../" + name,
		})
	}
	return pairs
}

var goldenBlockLine = regexp.MustCompile(`(?m)^<!-- golden (\S+) -->$`)

// goldenBlocks returns the names of the "<!-- golden NAME -->" blocks of
// a document, in order.
func goldenBlocks(doc string) []string {
	var names []string
	for _, m := range goldenBlockLine.FindAllStringSubmatch(doc, -1) {
		names = append(names, m[1])
	}
	return names
}

// TestEveryGuideHasAChineseTwin: each English guide has its Chinese twin,
// the two link to each other, and they show the same golden blocks in the
// same order, so a session added to an English guide cannot stay
// untranslated (GoldenGuideBlock then checks each block's content in both).
func TestEveryGuideHasAChineseTwin(t *testing.T) {
	for _, p := range guidePairs(t) {
		t.Run(filepath.Base(p.zh), func(t *testing.T) {
			en, err := os.ReadFile(p.en)
			if err != nil {
				t.Fatal(err)
			}
			zh, err := os.ReadFile(p.zh)
			if err != nil {
				t.Fatalf("%s has no Chinese twin: %v", p.en, err)
			}
			if !strings.Contains(string(en), "]("+p.toZh+")") {
				t.Errorf("%s does not link to its Chinese twin (%s)", p.en, p.toZh)
			}
			if !strings.Contains(string(zh), "]("+p.toEn+")") {
				t.Errorf("%s does not link back to the English (%s)", p.zh, p.toEn)
			}
			if d := cmp.Diff(goldenBlocks(string(en)), goldenBlocks(string(zh))); d != "" {
				t.Errorf("%s and %s show different golden blocks (-English +Chinese):\n%s", p.en, p.zh, d)
			}
		})
	}
}

var exerciseLink = regexp.MustCompile(`\]\((?:\.\./)+exercises/(ch[0-9][0-9]-[a-z0-9]+)/README`)

// linkedExercises returns the exercise directories a document links, in
// order, each once.
func linkedExercises(doc string) []string {
	var names []string
	for _, m := range exerciseLink.FindAllStringSubmatch(doc, -1) {
		if !slices.Contains(names, m[1]) {
			names = append(names, m[1])
		}
	}
	return names
}

// TestChineseGuidesLinkTheirExercises: a Chinese guide links the
// same exercises as its English twin, so a student reading Chinese finds
// every exercise of the chapter.
func TestChineseGuidesLinkTheirExercises(t *testing.T) {
	for _, p := range guidePairs(t) {
		t.Run(filepath.Base(p.zh), func(t *testing.T) {
			en, err := os.ReadFile(p.en)
			if err != nil {
				t.Fatal(err)
			}
			zh, err := os.ReadFile(p.zh)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(linkedExercises(string(en)), linkedExercises(string(zh))); d != "" {
				t.Errorf("%s and %s link different exercises (-English +Chinese):\n%s", p.en, p.zh, d)
			}
		})
	}
}

// TestEveryChineseGuideHasAnEnglishOne: each document in docs/zh-CN but
// the glossary translates an English one, so none is left over from a
// guide that was renamed or removed.
func TestEveryChineseGuideHasAnEnglishOne(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(docsDir, "zh-CN", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		if name == "glossary.md" || name == "README.md" {
			continue
		}
		if _, err := os.Stat(filepath.Join(docsDir, name)); err != nil {
			t.Errorf("%s translates no English guide: %v", f, err)
		}
	}
}
