package step01array

import (
	"testing"

	"simpblkdev/blockdev/ktest"
)

// TestChapterSession replays the chapter's own session and compares it with
// testdata/ch01-array.txt, which is also what blksim tour prints.
func TestChapterSession(t *testing.T) {
	got := ktest.Session(t, 1, Module, ktest.NewHostRoot(t), Session)
	ktest.Golden(t, "testdata/ch01-array.txt", got)
}

// TestCorpus replays the shared sessions of ../testdata/sessions.
func TestCorpus(t *testing.T) {
	ktest.Corpus(t, ktest.Step{Dir: "step01_array", Module: Module})
}

// TestGuideShowsSession keeps docs/ch01-array.md and its Chinese twin
// docs/zh-CN/ch01-array.md showing the session as blksim prints it.
func TestGuideShowsSession(t *testing.T) {
	ktest.GoldenGuideBlock(t, "ch01-array.md", "session", Session)
}
