package step09zero

import (
	"os"
	"testing"

	"simpblkdev/blockdev/ktest"
	step08params "simpblkdev/step08_params"
)

// TestChapterSession replays the chapter's own session and compares it with
// testdata/ch09-zero.txt, which is also what blksim tour prints.
func TestChapterSession(t *testing.T) {
	got := ktest.Session(t, 9, Module, ktest.NewHostRoot(t), Session)
	ktest.Golden(t, "testdata/ch09-zero.txt", got)
}

// TestCorpus replays the shared sessions of ../testdata/sessions on this
// step and on chapter 8's module; the difference between the two
// transcripts is checked against testdata/sessions/<name>.diff: hexdump
// of the fresh disk shows zeros where chapter 8's showed user A's photo,
// and the module's srcversion.
func TestCorpus(t *testing.T) {
	ktest.Corpus(t, ktest.Step{
		Dir: "step09_zero", Module: Module,
		Prev: &ktest.Step{Dir: "step08_params", Module: step08params.Module},
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

// TestGuideShowsSession keeps docs/ch09-zero.md and its Chinese twin
// docs/zh-CN/ch09-zero.md showing the session and the hexdump session's
// difference from chapter 8 as the tests see them.
func TestGuideShowsSession(t *testing.T) {
	ktest.GoldenGuideBlock(t, "ch09-zero.md", "session", Session)
	diff, err := os.ReadFile("testdata/sessions/hexdump.diff")
	if err != nil {
		t.Fatal(err)
	}
	ktest.GoldenGuideBlock(t, "ch09-zero.md", "hexdump.diff", string(diff))
}
