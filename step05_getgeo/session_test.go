package step05getgeo

import (
	"os"
	"testing"

	"simpblkdev/blockdev/ktest"
	step04partitions "simpblkdev/step04_partitions"
)

// TestChapterSession replays the chapter's own session and compares it with
// testdata/ch05-getgeo.txt, which is also what blksim tour prints.
func TestChapterSession(t *testing.T) {
	got := ktest.Session(t, 5, Module, ktest.NewHostRoot(t), Session)
	ktest.Golden(t, "testdata/ch05-getgeo.txt", got)
}

// TestCorpus replays the shared sessions of ../testdata/sessions on this
// step and on chapter 4's module; the difference between the two
// transcripts is checked against testdata/sessions/<name>.diff: only the
// geometry session differs, where HDIO_GETGEO now answers, fdisk and
// sfdisk show 1 head, 32 sectors and 1024 cylinders instead of the 255/63
// guess, and hdparm -g shows the kernel's 0 cylinders.
func TestCorpus(t *testing.T) {
	ktest.Corpus(t, ktest.Step{
		Dir: "step05_getgeo", Module: Module,
		Prev: &ktest.Step{Dir: "step04_partitions", Module: step04partitions.Module},
	})
}

// TestGuideShowsSession keeps docs/ch05-getgeo.md showing the session and
// the geometry session's difference from chapter 4 as the tests see them.
func TestGuideShowsSession(t *testing.T) {
	ktest.GoldenDocBlock(t, "../docs/ch05-getgeo.md", "session", Session)
	diff, err := os.ReadFile("testdata/sessions/geometry.diff")
	if err != nil {
		t.Fatal(err)
	}
	ktest.GoldenDocBlock(t, "../docs/ch05-getgeo.md", "geometry.diff", string(diff))
}
