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
		Skip: map[string]string{
			"fdisk":      dialogueAt255x63,
			"partitions": dialogueAt255x63,
		},
	})
}

// dialogueAt255x63 is why the shared fdisk dialogues do not replay here: a
// script answers the questions it recorded, word for word, and they were
// recorded on the 2-cylinder disk of fdisk's 255/63 guess ("First cylinder
// (1-2, default 1)"); on this step's 1/32 geometry fdisk asks about 1024
// cylinders. The geometry session and the chapter's own show this step.
const dialogueAt255x63 = "its fdisk dialogue is recorded at 255/63 on 2 cylinders; chapter 5's getgeo gives fdisk 1024 cylinders, so fdisk asks other questions (the geometry session covers this step)"

// TestGuideShowsSession keeps docs/ch05-getgeo.md and its Chinese twin
// docs/zh-CN/ch05-getgeo.md showing the session and the geometry session's
// difference from chapter 4 as the tests see them.
func TestGuideShowsSession(t *testing.T) {
	ktest.GoldenGuideBlock(t, "ch05-getgeo.md", "session", Session)
	diff, err := os.ReadFile("testdata/sessions/geometry.diff")
	if err != nil {
		t.Fatal(err)
	}
	ktest.GoldenGuideBlock(t, "ch05-getgeo.md", "geometry.diff", string(diff))
}
