package blksim

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	step01array "simpblkdev/step01_array"
)

const ch02 = "../step02_noop/testdata/ch02-noop.txt"

// TestCheck: check exits 0 when the replay prints what the script shows,
// and 1 with a unified diff (- the script, + the replay) where it does
// not; - reads the script from standard input, and Windows line ends and
// a missing last newline are no difference.
func TestCheck(t *testing.T) {
	golden, err := os.ReadFile(ch02)
	if err != nil {
		t.Fatal(err)
	}
	edited := filepath.Join(t.TempDir(), "edited.txt")
	os.WriteFile(edited, []byte(strings.Replace(string(golden), "[noop] anticipatory", "noop [anticipatory]", 1)), 0o644)
	for _, tt := range []struct {
		name   string
		args   []string
		stdin  string
		status int
		want   string
	}{
		{"the chapter's golden", []string{"--step", "2", ch02}, "", 0,
			ch02 + ": 4 commands, their output as the script shows it (step02_noop's driver)\n"},
		{"an edited golden", []string{"--step", "2", edited}, "", 1,
			"--- " + edited + "\n+++ replayed on step02_noop\n@@ -11,3 +11,3 @@\n # cat /sys/block/simp_blkdev/queue/scheduler\n-noop [anticipatory] deadline cfq \n+[noop] anticipatory deadline cfq \n # rmmod simp_blkdev\n"},
		{"another chapter's", []string{"--step", "1", "--host", "none", "-"}, "# insmod simp_blkdev.ko\n# cat /sys/block/simp_blkdev/queue/scheduler\n[noop] anticipatory deadline cfq \n", 1,
			"--- standard input\n+++ replayed on step01_array\n@@ -2,2 +2,2 @@\n # cat /sys/block/simp_blkdev/queue/scheduler\n-[noop] anticipatory deadline cfq \n+noop anticipatory deadline [cfq] \n"},
		{"standard input, CRLF, no last newline", []string{"--step", "1", "-"}, "# cat /sys/block/simp_blkdev/dev\r\ncat: /sys/block/simp_blkdev/dev: No such file or directory\r\n# insmod simp_blkdev.ko", 0,
			"standard input: 2 commands, their output as the script shows it (step01_array's driver)\n"},
		{"spaces stripped at the ends of lines", []string{"--step", "2", "--host", "none", "-"}, "# insmod simp_blkdev.ko\n# cat /sys/block/simp_blkdev/queue/scheduler\n[noop] anticipatory deadline cfq\n", 1,
			"--- standard input\n+++ replayed on step02_noop\n@@ -2,2 +2,2 @@\n # cat /sys/block/simp_blkdev/queue/scheduler\n-[noop] anticipatory deadline cfq\n+[noop] anticipatory deadline cfq \n" +
				"(the lines differ only in white space at their ends: the output has spaces the script's lines lack, as when an editor strips them)\n"},
		{"the script's exit", []string{"--step", "1", "-"}, "# exit 3\n# echo not run\nnot run\n", 1,
			"--- standard input\n+++ replayed on step01_array\n@@ -1,3 +1 @@\n # exit 3\n-# echo not run\n-not run\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runBlksim(t, tt.stdin, append([]string{"check"}, tt.args...)...)
			if code != tt.status || errOut != "" {
				t.Errorf("exit %d, stderr %q; want %d", code, errOut, tt.status)
			}
			if d := cmp.Diff(tt.want, out); d != "" {
				t.Errorf("output (-want +got):\n%s", d)
			}
		})
	}
}

// TestCheckMalformed: a script that cannot be a session is an error naming
// its line, with status 2, and nothing is replayed.
func TestCheckMalformed(t *testing.T) {
	dir := t.TempDir()
	file := func(name, text string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(text), 0o644)
		return p
	}
	missing := filepath.Join(dir, "missing.txt")
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"output first", []string{file("a.txt", "Module  Size\n# lsmod\n")}, dir + "/a.txt:1: output before the first command: a session begins with a command line, \"# \" and the command"},
		{"a # without its space", []string{file("h.txt", "#lsmod\n")}, dir + "/h.txt:1: output before the first command: a session begins with a command line, \"# \" and the command (a space after the \"#\")"},
		{"a blank line first", []string{file("b.txt", "\n# lsmod\n")}, dir + "/b.txt:1: output before the first command: a session begins with a command line, \"# \" and the command"},
		{"binary", []string{file("c.ko", "\x7fELF\x01\x01\x00\x00\n# x\n")}, dir + "/c.ko:1: binary data (a NUL byte) where the first command should be: not a session script"},
		{"NUL in a command", []string{file("d.txt", "# lsmod\n# echo a\x00b\n")}, dir + "/d.txt:2: a NUL byte in the command: no command line holds one"},
		{"an open quote", []string{file("e.txt", "# insmod simp_blkdev.ko\n# lsmod\nModule\n# echo 'x\nx\n")}, dir + "/e.txt:4: the command does not end on its line (unexpected EOF while looking for matching `''): bash at a prompt would read the next line as its rest, and a session's command is one line"},
		{"a trailing pipe", []string{file("f.txt", "# lsmod |\n")}, dir + "/f.txt:1: the command does not end on its line (syntax error: unexpected end of file): bash at a prompt would read the next line as its rest, and a session's command is one line"},
		{"no commands", []string{file("g.txt", "")}, dir + `/g.txt has no commands: a session's commands are lines beginning with "# "`},
		{"unreadable", []string{missing}, "open " + missing + ": no such file or directory"},
		{"no script", nil, `want one SCRIPT, or - for standard input (a session: lines beginning with "# " are commands, the lines under them their output)`},
		{"two scripts", []string{ch02, ch02}, `want one SCRIPT, or - for standard input (a session: lines beginning with "# " are commands, the lines under them their output)`},
		{"bad flag", []string{"--frob", ch02}, "flag provided but not defined: -frob"},
		{"no such step", []string{"--step", "99", ch02}, "no step 99: the chapters so far are 1 to 9"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runBlksim(t, "", append([]string{"check"}, tt.args...)...)
			if want := "blksim check: " + tt.want + "\n"; code != 2 || out != "" || errOut != want {
				t.Errorf("exit %d, stdout %q, stderr\n%s\nwant exit 2 and\n%s", code, out, errOut, want)
			}
		})
	}
}

// TestEveryTranscriptIsWellFormed: every golden transcript and shared
// session of the project is a session check accepts, so a malformed
// script is never one a teacher copied from them.
func TestEveryTranscriptIsWellFormed(t *testing.T) {
	files, _ := filepath.Glob("../step*/testdata/*.txt")
	more, _ := filepath.Glob("../step*/testdata/sessions/*.txt")
	shared, _ := filepath.Glob("../testdata/sessions/*.txt")
	files = append(append(files, more...), shared...)
	if len(files) < 100 {
		t.Fatalf("found only %d transcripts", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := expectedTranscript(string(b)); err != nil {
			t.Errorf("%s%v", f, err)
		}
	}
}

// TestDriverCheck is the proof: chapter 1's session checks on
// chapter 1's driver run as a student's, and on a copy of it whose
// writes never reach the array it fails with the diff: the ext4 file
// system mkfs wrote is not there to mount.
func TestDriverCheck(t *testing.T) {
	const script = "../step01_array/testdata/ch01-array.txt"
	name, _ := programName()
	code, out, errOut := runDriver(t, Driver{Step: 1, Module: step01array.Module}, "", "check", "--host", t.TempDir(), script)
	if code != 0 || errOut != "" || out != script+": 20 commands, their output as the script shows it ("+name+"'s driver)\n" {
		t.Errorf("step 1's driver: exit %d, stderr %q, output\n%s", code, errOut, out)
	}
	code, out, errOut = runDriver(t, Driver{Step: 1, Module: brokenWrite}, "", "check", "--host", t.TempDir(), script)
	for _, want := range []string{
		"--- " + script + "\n+++ replayed on " + name + "\n",
		"\n # mount /dev/simp_blkdev /mnt/temp1\n+mount: you must specify the filesystem type\n # mount\n-/dev/simp_blkdev on /mnt/temp1 type ext4 (rw)\n",
		"\n # umount /mnt/temp1\n+umount: /mnt/temp1: not mounted\n",
	} {
		if code != 1 || errOut != "" || !strings.Contains(out, want) {
			t.Errorf("broken driver: exit %d, stderr %q, output\n%s\nwant exit 1 and a diff with\n%s", code, errOut, out, want)
		}
	}
}

// TestBoundedBuffer: a replay that prints far more than the script shows
// is kept to its first lines and a count of the rest.
func TestBoundedBuffer(t *testing.T) {
	w := &boundedBuffer{max: 10}
	w.Write([]byte("12345\n"))
	w.Write([]byte("abc"))
	w.Write([]byte("defgh\nijk\n"))
	if got, want := w.String(), "12345\nabc\n[10 more bytes of output not kept]\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
