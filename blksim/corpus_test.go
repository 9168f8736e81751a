package blksim

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"simpblkdev/internal/chapters"
)

// TestCorpusView: the shared sessions replay on chapter 1's own driver as
// its golden transcripts show them (exit 0), one line per session; on a
// driver whose writes are lost, the sessions that read back what they
// wrote differ, each with its diff from the chapter's transcript (exit 1).
func TestCorpusView(t *testing.T) {
	goldens, _ := filepath.Glob("../step01_array/testdata/sessions/*.txt")
	code, out, errOut := runDriver(t, ch1, "", "corpus")
	if code != 0 || errOut != "" || strings.Count(out, ": the same as chapter 1's\n") != len(goldens) || !strings.HasSuffix(out, "\n0 of 14 sessions differ from chapter 1's\n") {
		t.Errorf("chapter 1's driver: exit %d, stderr %q, output\n%s", code, errOut, out)
	}
	name, _ := programName()
	code, out, errOut = runDriver(t, Driver{Step: 1, Module: brokenWrite}, "", "corpus", "basic", "hexdump")
	want := []string{
		"basic: the same as chapter 1's\n",
		"hexdump: differs from chapter 1's\n--- step01_array/testdata/sessions/hexdump.txt\n+++ hexdump on " + name + "\n@@ -41,18 +41,4 @@\n # hexdump -C -n 256 /dev/simp_blkdev\n",
		"+00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n+*\n 00000100\n",
		"\n1 of 2 sessions differ from chapter 1's\n",
	}
	for _, w := range want {
		if code != 1 || errOut != "" || !strings.Contains(out, w) {
			t.Errorf("broken driver: exit %d, stderr %q, output\n%s\nwant exit 1 and\n%s", code, errOut, out, w)
		}
	}
}

// TestCorpusSessions: each chapter's embedded transcripts are its
// testdata/sessions/*.txt, the files its TestCorpus checks.
func TestCorpusSessions(t *testing.T) {
	for _, ch := range chapters.All {
		files, _ := filepath.Glob(filepath.Join("..", ch.Package, "testdata", "sessions", "*.txt"))
		for _, f := range files {
			want, _ := os.ReadFile(f)
			got, err := ch.Sessions.(interface{ ReadFile(string) ([]byte, error) }).ReadFile("testdata/sessions/" + filepath.Base(f))
			if err != nil || string(got) != string(want) {
				t.Errorf("%s: embedded %v, differs from the file", f, err)
			}
		}
		if len(files) == 0 {
			t.Errorf("%s has no session transcripts", ch.Package)
		}
	}
}

// TestCorpusErrors: a session the chapter has not, or a flag, is an error.
func TestCorpusErrors(t *testing.T) {
	name, _ := programName()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"corpus", "nope"}, name + ` corpus: no session "nope" for chapter 1: want bad-input, basic, blktrace, buddyinfo, direct-io, ext-fs, fat-fs, fdisk, hexdump, in-use, modules, proc, scheduler, writeback`},
		{[]string{"corpus", "--step", "2"}, name + " corpus: flag provided but not defined: -step"},
	} {
		code, out, errOut := runDriver(t, ch1, "", tt.args...)
		if code != 2 || out != "" || errOut != tt.want+"\n" {
			t.Errorf("%q: exit %d, stdout %q, stderr\n%s\nwant\n%s", tt.args, code, out, errOut, tt.want)
		}
	}
	if code, _, errOut := runBlksim(t, "", "corpus"); code != 2 || !strings.Contains(errOut, `unknown command "corpus"`) {
		t.Errorf("blksim corpus: exit %d, stderr %q; want it unknown: blksim's chapters are their own transcripts", code, errOut)
	}
}
