package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"simpblkdev/internal/chapters"
	_ "simpblkdev/internal/golden" // accepts go test ./... -update
)

func runBlksim(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestTour: tour replays every chapter's session, exactly its golden file.
func TestTour(t *testing.T) {
	code, out, errOut := runBlksim(t, "", "tour", "--host", t.TempDir())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, ch := range chapters.All {
		if !strings.Contains(out, "==> "+ch.Title) {
			t.Errorf("tour lacks the title of chapter %d", ch.Step)
		}
		if !strings.Contains(out, ch.Session) {
			t.Errorf("tour's chapter %d differs from %s/testdata", ch.Step, ch.Package)
		}
	}
}

// TestRunScript: run prints the transcript of a script file.
func TestRunScript(t *testing.T) {
	script := filepath.Join(t.TempDir(), "s.txt")
	os.WriteFile(script, []byte("# insmod simp_blkdev.ko\n(expected output, ignored)\n# cat /sys/block/simp_blkdev/dev\n"), 0o644)
	code, out, errOut := runBlksim(t, "", "run", "--step", "1", script)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if want := "# insmod simp_blkdev.ko\n# cat /sys/block/simp_blkdev/dev\n72:0\n"; out != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

// TestShellFromPipe: commands on stdin give the session's transcript.
func TestShellFromPipe(t *testing.T) {
	code, out, _ := runBlksim(t, "insmod simp_blkdev.ko\ncat /sys/block/simp_blkdev/queue/scheduler\n", "shell", "--step", "2")
	if code != 0 || out != "# insmod simp_blkdev.ko\n# cat /sys/block/simp_blkdev/queue/scheduler\n[noop] anticipatory deadline cfq \n" {
		t.Errorf("exit %d, output %q", code, out)
	}
}

// TestCmdlineFlag: --cmdline is the booted kernel's command line, and its
// elevator= the scheduler a queue gets from blk_init_queue.
func TestCmdlineFlag(t *testing.T) {
	code, out, _ := runBlksim(t, "cat /proc/cmdline\ninsmod simp_blkdev.ko\ncat /sys/block/simp_blkdev/queue/scheduler\n",
		"shell", "--step", "1", "--cmdline", "ro elevator=deadline")
	want := "# cat /proc/cmdline\nro elevator=deadline\n# insmod simp_blkdev.ko\n# cat /sys/block/simp_blkdev/queue/scheduler\nnoop anticipatory [deadline] cfq \n"
	if code != 0 || out != want {
		t.Errorf("exit %d, output %q, want %q", code, out, want)
	}
}

// TestErrors: bad use says so on stderr, once, and exits 2.
func TestErrors(t *testing.T) {
	dir := t.TempDir()
	noCommands := filepath.Join(dir, "empty.txt")
	os.WriteFile(noCommands, []byte("just text\n"), 0o644)
	lsmod := filepath.Join(dir, "lsmod.txt")
	os.WriteFile(lsmod, []byte("# lsmod\n"), 0o644)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "no command: want tour, run, shell or version"},
		{"unknown command", []string{"frob"}, `unknown command "frob"`},
		{"no such step", []string{"run", "--step", "99", lsmod}, "no step 99"},
		{"missing script", []string{"run", filepath.Join(t.TempDir(), "nope.txt")}, "no such file or directory"},
		{"script without commands", []string{"run", noCommands}, "has no commands"},
		{"bad flag", []string{"tour", "--bogus"}, "flag provided but not defined: -bogus"},
		{"bad preset", []string{"shell", "--preset", "sparc"}, "unknown preset sparc"},
		{"bad ram", []string{"shell", "--ram", "lots"}, `bad size "lots"`},
		{"unknown chapter", []string{"tour", "10"}, "blksim tour: no step 10: the chapters so far are 1 to"},
		{"unknown chapter flag", []string{"tour", "--step", "0"}, "blksim tour: no step 0"},
		{"not a chapter", []string{"tour", "two"}, `blksim tour: "two" is not a chapter number`},
		{"run without script", []string{"run"}, "want one SCRIPT, or - for standard input"},
		{"stdin without commands", []string{"run", "-"}, "blksim: standard input has no commands"},
		{"shell argument", []string{"shell", "x"}, "blksim shell: takes no arguments"},
		{"version argument", []string{"version", "x"}, "blksim version: takes no arguments"},
		{"version flag", []string{"version", "--step", "1"}, "blksim version: flag provided but not defined: -step"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runBlksim(t, "", tt.args...)
			if code != 2 || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q: want 2 and %q", code, errOut, tt.want)
			}
			if strings.Count(errOut, "\n") != 1 || out != "" {
				t.Errorf("want one line on stderr and nothing on stdout, got stderr %q, stdout %q", errOut, out)
			}
		})
	}
}

// TestHostFlag: /host is the directory blksim was started in unless --host
// names another (or none); writes reach it only through dd of= and cp, and
// neither .. nor a symbolic link leads out of it.
func TestHostFlag(t *testing.T) {
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret"), []byte("outside\n"), 0o644)
	cwd := t.TempDir()
	os.WriteFile(filepath.Join(cwd, "here"), []byte("in the start directory\n"), 0o644)
	os.Symlink(filepath.Join(outside, "secret"), filepath.Join(cwd, "abs-link"))
	os.Symlink("../"+filepath.Base(outside), filepath.Join(cwd, "rel-link"))
	t.Chdir(cwd)
	for _, tt := range []struct {
		args        []string
		input, want string
	}{
		{nil, "cat /host/here\n", "# cat /host/here\nin the start directory\n"},
		{nil, "cat /host/../host/here\n", "# cat /host/../host/here\nin the start directory\n"},
		{nil, "cat /host/abs-link\n", "# cat /host/abs-link\ncat: /host/abs-link: No such file or directory\n"},
		{nil, "cat /host/rel-link/secret\n", "# cat /host/rel-link/secret\ncat: /host/rel-link/secret: No such file or directory\n"},
		{nil, "cp /etc/passwd /host/rel-link/secret\n", "# cp /etc/passwd /host/rel-link/secret\ncp: cannot create regular file `/host/rel-link/secret': No such file or directory\n"},
		{nil, "echo x > /host/new\n", "# echo x > /host/new\nbash: /host/new: Read-only file system\n"},
		{[]string{"--host", outside}, "cat /host/secret\n", "# cat /host/secret\noutside\n"},
		{[]string{"--host", "none"}, "ls /host\n", "# ls /host\nls: /host: No such file or directory\n"},
	} {
		args := append([]string{"shell", "--step", "1"}, tt.args...)
		code, out, errOut := runBlksim(t, tt.input, args...)
		if code != 0 || out+errOut != tt.want {
			t.Errorf("blksim %v with %q: exit %d\n%s%s\nwant\n%s", tt.args, tt.input, code, out, errOut, tt.want)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(outside, "secret")); string(b) != "outside\n" {
		t.Errorf("a file outside /host changed: %q", b)
	}
	if _, err := os.Stat(filepath.Join(cwd, "new")); err == nil {
		t.Errorf("echo > /host/new wrote the host")
	}
}
