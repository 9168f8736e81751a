package ktest

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/shell"
)

// SessionSeed is the seed every golden session boots with, the same as
// blksim's default, so `blksim run` prints what the golden files hold.
const SessionSeed = 1

// Session runs script (in the golden format: "# " lines are commands) on a
// fresh i386 machine, in chapter step's directory with module built there
// as simp_blkdev.ko and hostRoot shown as /host, and returns the
// transcript: what blksim run --step step prints.
func Session(t testing.TB, step int, module *blockdev.ModuleInfo, hostRoot, script string) string {
	t.Helper()
	return SessionWithCmdline(t, step, module, hostRoot, "", script)
}

// SessionWithCmdline is Session on a machine booted with the kernel command
// line cmdline ("" for the default), as blksim --cmdline boots one.
func SessionWithCmdline(t testing.TB, step int, module *blockdev.ModuleInfo, hostRoot, cmdline, script string) string {
	t.Helper()
	k, err := blockdev.Boot(blockdev.Config{Seed: SessionSeed, Cmdline: cmdline})
	if err != nil {
		t.Fatalf("boot: %v", err)
	}
	var setup strings.Builder
	sh := shell.New(k, shell.Options{
		Module:   module,
		Step:     step,
		HostRoot: hostRoot,
		Stdout:   &setup,
	})
	if setup.Len() > 0 {
		t.Fatalf("shell: %s", setup.String())
	}
	defer sh.Close()
	return sh.RunTranscript(script)
}

// NewHostRoot makes an empty directory to show as /host, with the tmp/
// that sessions export disk images into.
func NewHostRoot(t testing.TB) string {
	t.Helper()
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, "tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	return root
}

// Step names a chapter package for the shared corpus.
type Step struct {
	Dir    string // the package directory, e.g. "step02_noop": chapter 2's
	Module *blockdev.ModuleInfo
	// Prev is the previous step (nil for the first): each session is
	// replayed on its module too, in the same test, and the difference
	// between the two transcripts is the session's golden diff.
	Prev *Step
	// Skip names the corpus sessions that do not apply to this step, each
	// with the reason, besides those that begin at a later chapter
	// (corpusFrom).
	Skip map[string]string
}

// corpusFrom holds the shared sessions that begin at a later chapter than
// the first: the chapter, and why there. Corpus skips them on the steps
// before, saying so, and takes no diff against a step that skips them.
var corpusFrom = map[string]struct {
	chapter int
	why     string
}{
	"partitions": {3, "chapter 4's lesson: it begins at step 3, whose disk of one minor gets no partitions, for step 4's diff to show what alloc_disk(64) changes"},
	"geometry":   {4, "chapter 5's lesson: it begins at step 4, whose driver has no getgeo (HDIO_GETGEO is ENOTTY, fdisk guesses 255/63), for step 5's diff to show what simp_blkdev_getgeo changes"},
}

// skip says whether the shared session name is skipped on s, and why.
func (s *Step) skip(t testing.TB, name string) (string, bool) {
	if why, ok := s.Skip[name]; ok {
		return why, true
	}
	if from, ok := corpusFrom[name]; ok && s.chapter(t) < from.chapter {
		return name + " is " + from.why, true
	}
	return "", false
}

// corpusDir is where the shared sessions live, seen from a step package.
const corpusDir = "../testdata/sessions"

// CorpusNames lists the shared sessions.
func CorpusNames(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(corpusDir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no sessions in %s: %v", corpusDir, err)
	}
	var names []string
	for _, f := range files {
		names = append(names, strings.TrimSuffix(filepath.Base(f), ".txt"))
	}
	sort.Strings(names)
	return names
}

// Corpus replays every shared session that applies to step (see Step.Skip
// and corpusFrom)
// and checks its transcript against testdata/sessions/<name>.txt. When the
// previous step runs the session too, it is replayed on the previous step's
// module and the difference is checked against
// testdata/sessions/<name>.diff: the chapter's lesson as a tested artefact,
// taken from the two modules as they are now, never from a golden file
// another package may be rewriting. The previous step must have a golden
// transcript of every session it runs, so a diff cannot stand for a
// session nobody checks. Disk images a session exports under /host/tmp are
// checked with the real tools (CheckImage).
func Corpus(t *testing.T, step Step) {
	for _, name := range CorpusNames(t) {
		t.Run(name, func(t *testing.T) {
			if why, ok := step.skip(t, name); ok {
				t.Skip(why)
			}
			script, err := os.ReadFile(filepath.Join(corpusDir, name+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			host := NewHostRoot(t)
			got := Session(t, step.chapter(t), step.Module, host, string(script))
			Golden(t, filepath.Join("testdata", "sessions", name+".txt"), got)
			if prev := step.Prev; prev != nil {
				if _, skipped := prev.skip(t, name); !skipped {
					checkPrevTranscript(t, prev, name)
					was := Session(t, prev.chapter(t), prev.Module, NewHostRoot(t), string(script))
					diff := UnifiedDiff(prev.Dir+"/"+name, step.Dir+"/"+name, was, got)
					Golden(t, filepath.Join("testdata", "sessions", name+".diff"), diff)
				}
			}
			images, _ := filepath.Glob(filepath.Join(host, "tmp", "*.img"))
			for _, img := range images {
				CheckImage(t, img)
			}
		})
	}
}

// chapter is the step's chapter number, from its directory's name.
func (s *Step) chapter(t testing.TB) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscanf(s.Dir, "step%02d_", &n); err != nil {
		t.Fatalf("step directory %q is not stepNN_name", s.Dir)
	}
	return n
}

// checkPrevTranscript fails the test when the previous step has no golden
// transcript of a session it runs. Under -update the previous step's
// package may be writing it at this moment, so only a real check looks.
func checkPrevTranscript(t *testing.T, prev *Step, name string) {
	t.Helper()
	if *Update {
		return
	}
	path := filepath.Join("..", prev.Dir, "testdata", "sessions", name+".txt")
	if _, err := os.Stat(path); err != nil {
		t.Errorf("%s runs session %s but has no transcript of it: %v", prev.Dir, name, err)
	}
}
