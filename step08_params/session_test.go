package step08params

import (
	"os"
	"testing"

	"simpblkdev/blockdev/ktest"
	step07order "simpblkdev/step07_order"
)

// TestChapterSession replays the chapter's own session and compares it with
// testdata/ch08-params.txt, which is also what blksim tour prints.
func TestChapterSession(t *testing.T) {
	got := ktest.Session(t, 8, Module, ktest.NewHostRoot(t), Session)
	ktest.Golden(t, "testdata/ch08-params.txt", got)
}

// TestCorpus replays the shared sessions of ../testdata/sessions on this
// step and on chapter 7's module; the difference between the two
// transcripts is checked against testdata/sessions/<name>.diff: with the
// default size the disk is the same, so only what names the module
// differs: modinfo's parm line, kallsyms, srcversion and parameters/ in
// /sys/module/simp_blkdev.
func TestCorpus(t *testing.T) {
	ktest.Corpus(t, ktest.Step{
		Dir: "step08_params", Module: Module,
		Prev: &ktest.Step{Dir: "step07_order", Module: step07order.Module},
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

// TestGuideShowsSession keeps docs/ch08-params.md and its Chinese twin
// docs/zh-CN/ch08-params.md showing the session and the modules session's
// difference from chapter 7 as the tests see them.
func TestGuideShowsSession(t *testing.T) {
	ktest.GoldenGuideBlock(t, "ch08-params.md", "session", Session)
	diff, err := os.ReadFile("testdata/sessions/modules.diff")
	if err != nil {
		t.Fatal(err)
	}
	ktest.GoldenGuideBlock(t, "ch08-params.md", "modules.diff", string(diff))
}
