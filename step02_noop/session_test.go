package step02noop

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/ktest"
	step01array "simpblkdev/step01_array"
)

// TestChapterSession replays the chapter's own session and compares it with
// testdata/ch02-noop.txt, which is also what blksim tour prints.
func TestChapterSession(t *testing.T) {
	got := ktest.Session(t, 2, Module, ktest.NewHostRoot(t), Session)
	ktest.Golden(t, "testdata/ch02-noop.txt", got)
}

// TestCorpus replays the shared sessions of ../testdata/sessions on this
// step and on chapter 1's module; the difference between the two
// transcripts is checked against testdata/sessions/<name>.diff: the
// scheduler line, and the request and merge counts that a different
// scheduler changes (ext-fs).
func TestCorpus(t *testing.T) {
	ktest.Corpus(t, ktest.Step{Dir: "step02_noop", Module: Module, Prev: &ktest.Step{Dir: "step01_array", Module: step01array.Module}})
}

// TestGuideShowsSession keeps docs/ch02-noop.md and docs/zh-CN/ch02-noop.md
// showing the session and the basic session's difference from chapter 1 as
// the tests see them.
func TestGuideShowsSession(t *testing.T) {
	ktest.GoldenGuideBlock(t, "ch02-noop.md", "session", Session)
	diff, err := os.ReadFile("testdata/sessions/basic.diff")
	if err != nil {
		t.Fatal(err)
	}
	ktest.GoldenGuideBlock(t, "ch02-noop.md", "basic.diff", string(diff))
}

// TestCmdlineElevator: booted with elevator=deadline, chapter 1's queue
// gets deadline from blk_init_queue's elevator_init(q, NULL), and this
// chapter's still switches to noop; the guides show both sessions.
func TestCmdlineElevator(t *testing.T) {
	for _, tt := range []struct {
		golden string
		step   int
		module *blockdev.ModuleInfo
	}{
		{"testdata/cmdline-ch01.txt", 1, step01array.Module},
		{"testdata/cmdline-ch02.txt", 2, Module},
	} {
		script, err := os.ReadFile(tt.golden)
		if err != nil {
			t.Fatal(err)
		}
		got := ktest.SessionWithCmdline(t, tt.step, tt.module, "", "elevator=deadline", string(script))
		ktest.Golden(t, tt.golden, got)
		ktest.GoldenGuideBlock(t, "ch02-noop.md", strings.TrimSuffix(filepath.Base(tt.golden), ".txt"), got)
	}
}

// TestBlktraceElevator keeps the guides' blktrace section true. One cp
// traced on chapter 1's module (cfq) and on this chapter's (noop) gives the
// same transcript, which the guides show once (blktrace-cp.txt); mkfs.ext4
// does not (blktrace-ch01.txt, blktrace-ch02.txt): cfq idles for the
// reader and holds pdflush's writes, noop starts the driver at the fourth
// request, so it makes the three write requests more of ext-fs.diff.
func TestBlktraceElevator(t *testing.T) {
	run := func(golden string, step int, module *blockdev.ModuleInfo) string {
		t.Helper()
		script, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		return ktest.Session(t, step, module, "", string(script))
	}
	cfq := run("testdata/blktrace-cp.txt", 1, step01array.Module)
	noop := run("testdata/blktrace-cp.txt", 2, Module)
	if cfq != noop {
		t.Errorf("one cp traced under cfq and under noop differs, and the guides say it does not:\n%s",
			ktest.UnifiedDiff("step01_array/blktrace-cp", "step02_noop/blktrace-cp", cfq, noop))
	}
	ktest.Golden(t, "testdata/blktrace-cp.txt", noop)
	ktest.GoldenGuideBlock(t, "ch02-noop.md", "blktrace-cp", noop)

	mkfs := map[int]string{}
	for _, tt := range []struct {
		golden string
		step   int
		module *blockdev.ModuleInfo
	}{
		{"testdata/blktrace-ch01.txt", 1, step01array.Module},
		{"testdata/blktrace-ch02.txt", 2, Module},
	} {
		got := run(tt.golden, tt.step, tt.module)
		mkfs[tt.step] = got
		ktest.Golden(t, tt.golden, got)
		ktest.GoldenGuideBlock(t, "ch02-noop.md", strings.TrimSuffix(filepath.Base(tt.golden), ".txt"), got)
	}
	if mkfs[1] == mkfs[2] {
		t.Error("mkfs.ext4 traced under cfq and under noop is the same, and the guides explain how it differs")
	}
}
