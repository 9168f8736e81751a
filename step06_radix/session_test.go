package step06radix

import (
	"os"
	"testing"

	"simpblkdev/blockdev/ktest"
	step05getgeo "simpblkdev/step05_getgeo"
)

// TestChapterSession replays the chapter's own session and compares it with
// testdata/ch06-radix.txt, which is also what blksim tour prints.
func TestChapterSession(t *testing.T) {
	got := ktest.Session(t, 6, Module, ktest.NewHostRoot(t), Session)
	ktest.Golden(t, "testdata/ch06-radix.txt", got)
}

// TestCorpus replays the shared sessions of ../testdata/sessions on this
// step and on chapter 5's module; the difference between the two
// transcripts is checked against testdata/sessions/<name>.diff: lsmod's
// Size falls from 16784008 to 6792, /proc/meminfo's VmallocUsed no longer
// grows by 16 MiB at insmod, the disk's pages come from the buddy
// allocator (/proc/buddyinfo) and the tree's nodes show in Slab.
func TestCorpus(t *testing.T) {
	ktest.Corpus(t, ktest.Step{
		Dir: "step06_radix", Module: Module,
		Prev: &ktest.Step{Dir: "step05_getgeo", Module: step05getgeo.Module},
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

// TestGuideShowsSession keeps docs/ch06-radix.md and its Chinese twin
// docs/zh-CN/ch06-radix.md showing the session and the basic session's
// difference from chapter 5 as the tests see them.
func TestGuideShowsSession(t *testing.T) {
	ktest.GoldenGuideBlock(t, "ch06-radix.md", "session", Session)
	diff, err := os.ReadFile("testdata/sessions/basic.diff")
	if err != nil {
		t.Fatal(err)
	}
	ktest.GoldenGuideBlock(t, "ch06-radix.md", "basic.diff", string(diff))
}
