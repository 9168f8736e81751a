package step04partitions

import (
	"os"
	"testing"

	"simpblkdev/blockdev/ktest"
	step03makerequest "simpblkdev/step03_makerequest"
)

// TestChapterSession replays the chapter's own session and compares it with
// testdata/ch04-partitions.txt, which is also what blksim tour prints.
func TestChapterSession(t *testing.T) {
	got := ktest.Session(t, 4, Module, ktest.NewHostRoot(t), Session)
	ktest.Golden(t, "testdata/ch04-partitions.txt", got)
}

// TestCorpus replays the shared sessions of ../testdata/sessions on this
// step and on chapter 3's module; the difference between the two
// transcripts is checked against testdata/sessions/<name>.diff: a range of
// 64 where chapter 3 has 1, the scan line add_disk now logs, and, in the
// partitions session, the partitions fdisk writes appearing here where
// chapter 3's disk of one minor refuses the re-read.
func TestCorpus(t *testing.T) {
	ktest.Corpus(t, ktest.Step{
		Dir: "step04_partitions", Module: Module,
		Prev: &ktest.Step{Dir: "step03_makerequest", Module: step03makerequest.Module},
	})
}

// TestGuideShowsSession keeps docs/ch04-partitions.md and its Chinese twin
// docs/zh-CN/ch04-partitions.md showing the session and the partitions
// session's difference from chapter 3 as the tests see them.
func TestGuideShowsSession(t *testing.T) {
	ktest.GoldenGuideBlock(t, "ch04-partitions.md", "session", Session)
	diff, err := os.ReadFile("testdata/sessions/partitions.diff")
	if err != nil {
		t.Fatal(err)
	}
	ktest.GoldenGuideBlock(t, "ch04-partitions.md", "partitions.diff", string(diff))
}
