package blksim

import (
	"bytes"
	"strings"
	"testing"

	step01array "simpblkdev/step01_array"
)

// ch1 is chapter 1's own driver run as a student's command runs its own.
var ch1 = Driver{Step: 1, Module: step01array.Module}

func runDriver(t *testing.T, d Driver, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(d, args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestDriverShell: a student's command with no arguments, or with the
// shell's flags alone, is blksim shell in its chapter's directory with its
// driver as simp_blkdev.ko.
func TestDriverShell(t *testing.T) {
	want := "# pwd\n/root/test/simp_blkdev/simp_blkdev_step1\n# insmod simp_blkdev.ko\n# lsmod\nModule                  Size  Used by\nsimp_blkdev         16784008  0 \n"
	for _, args := range [][]string{nil, {"shell"}, {"--host", "none"}} {
		code, out, errOut := runDriver(t, ch1, "pwd\ninsmod simp_blkdev.ko\nlsmod\n", args...)
		if code != 0 || out != want || errOut != "" {
			t.Errorf("%q: exit %d, stderr %q, output\n%s\nwant\n%s", args, code, errOut, out, want)
		}
	}
}

// TestDriverTour: tour replays the Driver's chapter's session on its
// driver, under the command's name, and takes no chapters.
func TestDriverTour(t *testing.T) {
	name, _ := programName()
	code, out, errOut := runDriver(t, ch1, "", "tour", "--host", t.TempDir())
	if want := "==> " + step01array.Title + " (" + name + ")\n\n" + step01array.Session; code != 0 || out != want {
		t.Errorf("exit %d, stderr %q, output\n%s\nwant\n%s", code, errOut, out, want)
	}
}

// TestDriverErrors: a student's command says its own name, has no --step
// (its chapter is the Driver's) and refuses a Driver it cannot run.
func TestDriverErrors(t *testing.T) {
	name, _ := programName()
	for _, tt := range []struct {
		d    Driver
		args []string
		want string
	}{
		{ch1, []string{"frob"}, name + `: unknown command "frob": want tour, run, check, corpus, shell, serve or version (` + name + " -h says more)"},
		{ch1, []string{"shell", "--step", "2"}, name + " shell: flag provided but not defined: -step"},
		{ch1, []string{"tour", "2"}, name + " tour: takes no arguments: it replays chapter 1's session"},
		{ch1, []string{"-x"}, name + " shell: flag provided but not defined: -x"},
		{Driver{Step: 1}, nil, name + ": Driver{Step: 1} has no Module: want the driver make builds as simp_blkdev.ko"},
		{Driver{Step: 99, Module: step01array.Module}, nil, name + ": Driver{Step: 99}: no step 99: the chapters so far are 1 to 9"},
	} {
		code, out, errOut := runDriver(t, tt.d, "", tt.args...)
		if code != 2 || out != "" || errOut != tt.want+"\n" {
			t.Errorf("%q: exit %d, stdout %q, stderr\n%s\nwant exit 2 and\n%s", tt.args, code, out, errOut, tt.want)
		}
	}
}

// TestDriverHelp: the usage and each command's help show how the student
// runs the command, and no --step.
func TestDriverHelp(t *testing.T) {
	_, invoke := programName()
	code, out, _ := runDriver(t, ch1, "", "-h")
	if code != 0 || !strings.Contains(out, "(CMD is "+invoke+")") || strings.Contains(out, "--step") {
		t.Errorf("-h: exit %d\n%s", code, out)
	}
	for _, cmd := range []string{"tour", "run", "check", "corpus", "shell", "version"} {
		code, out, _ := runDriver(t, ch1, "", cmd, "-h")
		if code != 0 || !strings.Contains(out, "usage: "+invoke+" "+cmd) || !strings.Contains(out, "Example:\n  "+invoke) || strings.Contains(out, "-step") {
			t.Errorf("%s -h: exit %d\n%s", cmd, code, out)
		}
	}
}
