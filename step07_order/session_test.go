package step07order

import (
	"os"
	"testing"

	"simpblkdev/blockdev/ktest"
	step06radix "simpblkdev/step06_radix"
)

// TestChapterSession replays the chapter's own session and compares it with
// testdata/ch07-order.txt, which is also what blksim tour prints.
func TestChapterSession(t *testing.T) {
	got := ktest.Session(t, 7, Module, ktest.NewHostRoot(t), Session)
	ktest.Golden(t, "testdata/ch07-order.txt", got)
}

// TestCorpus replays the shared sessions of ../testdata/sessions on this
// step and on chapter 6's module; the difference between the two
// transcripts is checked against testdata/sessions/<name>.diff: the disk's
// memory comes from other blocks (/proc/buddyinfo, the garbage hexdump
// shows), the tree has 17 nodes instead of 65 (Slab), and kallsyms and
// srcversion name the new module.
func TestCorpus(t *testing.T) {
	ktest.Corpus(t, ktest.Step{
		Dir: "step07_order", Module: Module,
		Prev: &ktest.Step{Dir: "step06_radix", Module: step06radix.Module},
		Skip: map[string]string{
			"fdisk":      dialogueAt255x63,
			"partitions": dialogueAt255x63,
		},
	})
}

// dialogueAt255x63 is why the shared fdisk dialogues do not replay here, as
// on step 5: they were recorded on the 2-cylinder disk of fdisk's 255/63
// guess, and since chapter 5 the driver's getgeo gives fdisk 1024
// cylinders, so fdisk asks other questions.
const dialogueAt255x63 = "its fdisk dialogue is recorded at 255/63 on 2 cylinders; since chapter 5 getgeo gives fdisk 1024 cylinders, so fdisk asks other questions (the geometry session covers this step)"

// TestGuideShowsSession keeps docs/ch07-order.md and its Chinese twin
// docs/zh-CN/ch07-order.md showing the session and the buddyinfo session's
// difference from chapter 6 as the tests see them.
func TestGuideShowsSession(t *testing.T) {
	ktest.GoldenGuideBlock(t, "ch07-order.md", "session", Session)
	diff, err := os.ReadFile("testdata/sessions/buddyinfo.diff")
	if err != nil {
		t.Fatal(err)
	}
	ktest.GoldenGuideBlock(t, "ch07-order.md", "buddyinfo.diff", string(diff))
}
