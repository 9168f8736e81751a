package step03makerequest

import (
	"os"
	"testing"

	"simpblkdev/blockdev/ktest"
	step02noop "simpblkdev/step02_noop"
)

// TestChapterSession replays the chapter's own session and compares it with
// testdata/ch03-makerequest.txt, which is also what blksim tour prints.
func TestChapterSession(t *testing.T) {
	got := ktest.Session(t, 3, Module, ktest.NewHostRoot(t), Session)
	ktest.Golden(t, "testdata/ch03-makerequest.txt", got)
}

// TestCorpus replays the shared sessions of ../testdata/sessions on this
// step and on chapter 2's module; the difference between the two
// transcripts is checked against testdata/sessions/<name>.diff: no queue/
// directory in sysfs, so no scheduler to read or switch, and a stat file
// that stays zero, because the disk statistics are kept by the request
// path this driver no longer uses.
func TestCorpus(t *testing.T) {
	ktest.Corpus(t, ktest.Step{
		Dir: "step03_makerequest", Module: Module,
		Prev: &ktest.Step{Dir: "step02_noop", Module: step02noop.Module},
	})
}

// TestGuideShowsSession keeps docs/ch03-makerequest.md and its Chinese twin
// docs/zh-CN/ch03-makerequest.md showing the session and the basic and
// blktrace sessions' differences from chapter 2 as the tests see them.
func TestGuideShowsSession(t *testing.T) {
	ktest.GoldenGuideBlock(t, "ch03-makerequest.md", "session", Session)
	for _, name := range []string{"basic.diff", "blktrace.diff"} {
		diff, err := os.ReadFile("testdata/sessions/" + name)
		if err != nil {
			t.Fatal(err)
		}
		ktest.GoldenGuideBlock(t, "ch03-makerequest.md", name, string(diff))
	}
}
