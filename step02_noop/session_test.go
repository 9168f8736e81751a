package step02noop_test

import (
	"testing"

	"simpblkdev/blockdev/ktest"
	step "simpblkdev/step02_noop"
)

// TestChapterSession replays the chapter's own session and compares it with
// testdata/ch02-noop.txt, which is also what blksim tour prints.
func TestChapterSession(t *testing.T) {
	got := ktest.Session(t, step.Module, ktest.NewHostRoot(t), step.Session)
	ktest.Golden(t, "testdata/ch02-noop.txt", got)
}

// TestCorpus replays the shared sessions of ../testdata/sessions; each
// session's difference from chapter 1 is checked against
// testdata/sessions/<name>.diff: the scheduler line, and nothing else.
func TestCorpus(t *testing.T) {
	ktest.Corpus(t, ktest.Step{Dir: "step02_noop", Module: step.Module, Prev: "step01_array"})
}
