package blksim

import (
	"fmt"
	"strings"
	"testing"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/shell"
	"simpblkdev/internal/chapters"
)

// TestHelp: every command answers -h on stdout with what it does, an
// example and its flags, and exits 0.
func TestHelp(t *testing.T) {
	for _, tt := range []struct {
		cmd   string
		flags bool
	}{{"tour", true}, {"run", true}, {"check", true}, {"shell", true}, {"version", false}} {
		for _, h := range []string{"-h", "--help"} {
			code, out, errOut := runBlksim(t, "", tt.cmd, h)
			if code != 0 || errOut != "" {
				t.Errorf("%s %s: exit %d, stderr %q", tt.cmd, h, code, errOut)
			}
			for _, want := range []string{"usage: blksim " + tt.cmd, "\n" + tt.cmd + " ", "Example:\n  blksim " + tt.cmd} {
				if !strings.Contains(out, want) {
					t.Errorf("%s %s lacks %q:\n%s", tt.cmd, h, want, out)
				}
			}
			if got := strings.Contains(out, "Flags:\n  -") && strings.Contains(out, "\n  -host string"); got != tt.flags {
				t.Errorf("%s %s: lists the machine's flags %v, want %v:\n%s", tt.cmd, h, got, tt.flags, out)
			}
		}
	}
	if code, out, _ := runBlksim(t, "", "-h"); code != 0 || !strings.Contains(out, "blksim version") {
		t.Errorf("blksim -h: exit %d\n%s", code, out)
	}
}

// TestTourChapters: tour replays only the chapters asked for, in the order
// given, and each chapter's session starts with make in its directory.
func TestTourChapters(t *testing.T) {
	titles := func(out string) []string {
		var ts []string
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "==> ") {
				ts = append(ts, line)
			}
		}
		return ts
	}
	ch1, _ := chapters.Find(1)
	ch2, _ := chapters.Find(2)
	heading := func(ch chapters.Chapter) string { return fmt.Sprintf("==> %s (%s)", ch.Title, ch.Package) }
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"2"}, []string{heading(ch2)}},
		{[]string{"--step", "1"}, []string{heading(ch1)}},
		{[]string{"2", "1"}, []string{heading(ch2), heading(ch1)}},
	} {
		code, out, errOut := runBlksim(t, "", append([]string{"tour", "--host", t.TempDir()}, tt.args...)...)
		if got := titles(out); code != 0 || strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("tour %v: exit %d %s, chapters\n%s\nwant\n%s", tt.args, code, errOut, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
		}
	}
	_, out, _ := runBlksim(t, "", "tour", "--host", t.TempDir())
	for _, ch := range chapters.All {
		dir, err := shell.ChapterDir(ch.Step)
		if err != nil {
			t.Fatal(err)
		}
		want := heading(ch) + "\n\n# make\nmake -C /lib/modules/" + blockdev.UtsRelease + "/build SUBDIRS=" + dir + " modules\n"
		if !strings.Contains(out, want) {
			t.Errorf("tour's chapter %d does not start with make in %s", ch.Step, dir)
		}
	}
}

// TestShellMakeInsmod is the check: make prints chapter 1's kbuild
// transcript, then the module it wrote loads.
func TestShellMakeInsmod(t *testing.T) {
	code, out, errOut := runBlksim(t, "make\ninsmod simp_blkdev.ko\nlsmod\n", "shell", "--step", "1")
	want := "# make\n" +
		"make -C /lib/modules/2.6.18-53.el5/build SUBDIRS=/root/test/simp_blkdev/simp_blkdev_step1 modules\n" +
		"make[1]: Entering directory `/usr/src/kernels/2.6.18-53.el5-i686'\n" +
		"  CC [M]  /root/test/simp_blkdev/simp_blkdev_step1/simp_blkdev.o\n" +
		"  Building modules, stage 2.\n" +
		"  MODPOST\n" +
		"  CC      /root/test/simp_blkdev/simp_blkdev_step1/simp_blkdev.mod.o\n" +
		"  LD [M]  /root/test/simp_blkdev/simp_blkdev_step1/simp_blkdev.ko\n" +
		"make[1]: Leaving directory `/usr/src/kernels/2.6.18-53.el5-i686'\n" +
		"# insmod simp_blkdev.ko\n" +
		"# lsmod\n" +
		"Module                  Size  Used by\n" +
		"simp_blkdev         16784008  0 \n"
	if code != 0 || out != want || errOut != "" {
		t.Errorf("exit %d, stderr %q, output\n%s\nwant\n%s", code, errOut, out, want)
	}
}

// TestRunStdin: run - reads the script from standard input.
func TestRunStdin(t *testing.T) {
	code, out, errOut := runBlksim(t, "# pwd\n(ignored)\n# ls\n", "run", "--step", "2", "-")
	if want := "# pwd\n/root/test/simp_blkdev/simp_blkdev_step2\n# ls\nMakefile  simp_blkdev.ko\n"; code != 0 || out != want {
		t.Errorf("exit %d, stderr %q, output %q, want %q", code, errOut, out, want)
	}
}

// TestVersion: version names the module and the simulated kernel.
func TestVersion(t *testing.T) {
	code, out, errOut := runBlksim(t, "", "version")
	if code != 0 || errOut != "" || !strings.HasPrefix(out, "blksim ") || !strings.Contains(out, "simulated kernel: Linux "+blockdev.UtsRelease+"\n") {
		t.Errorf("exit %d, stderr %q, output %q", code, errOut, out)
	}
}
