package blksim

import (
	"bytes"
	"fmt"
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
	code := Run(Driver{}, args, strings.NewReader(stdin), &out, &errOut)
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

// TestQuiz: blksim quiz prints the problem with a ? in each blank, and -c
// the same problem answered (internal/quiz has the goldens).
func TestQuiz(t *testing.T) {
	code, problem, errOut := runBlksim(t, "", "quiz", "--step", "2", "--seed", "3")
	if code != 0 || !strings.Contains(problem, "    requests in order: ?\n") {
		t.Fatalf("exit %d, stderr %q, output\n%s", code, errOut, problem)
	}
	code, answers, errOut := runBlksim(t, "", "quiz", "--step", "2", "--seed", "3", "-c")
	head, _, _ := strings.Cut(problem, "\nQ1. ")
	if code != 0 || !strings.HasPrefix(answers, head) || strings.Contains(answers, ": ?\n") {
		t.Errorf("exit %d, stderr %q, -c printed\n%s", code, errOut, answers)
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

// TestErrors: a bad command line says so in one line on stderr, "blksim
// COMMAND: " and what is wrong ("blksim: " when there is no command), the
// flag package's errors included, writes nothing on stdout and exits 2.
func TestErrors(t *testing.T) {
	dir := t.TempDir()
	noCommands := filepath.Join(dir, "empty.txt")
	os.WriteFile(noCommands, []byte("just text\n"), 0o644)
	lsmod := filepath.Join(dir, "lsmod.txt")
	os.WriteFile(lsmod, []byte("# lsmod\n"), 0o644)
	missing := filepath.Join(dir, "nope.txt")
	last := chapters.Latest().Step
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "blksim: no command: want tour, run, check, shell, serve, quiz or version (blksim -h says more)"},
		{"unknown command", []string{"frob"}, `blksim: unknown command "frob": want tour, run, check, shell, serve, quiz or version (blksim -h says more)`},
		{"no such step", []string{"run", "--step", "99", lsmod}, fmt.Sprintf("blksim run: no step 99: the chapters so far are 1 to %d", last)},
		{"missing script", []string{"run", missing}, "blksim run: open " + missing + ": no such file or directory"},
		{"script without commands", []string{"run", noCommands}, "blksim run: " + noCommands + ` has no commands: a session's commands are lines beginning with "# "`},
		{"bad flag", []string{"tour", "--bogus"}, "blksim tour: flag provided but not defined: -bogus"},
		{"flag without value", []string{"shell", "--step"}, "blksim shell: flag needs an argument: -step"},
		{"bad flag value", []string{"run", "--seed", "x", lsmod}, `blksim run: invalid value "x" for flag -seed: parse error`},
		{"bad preset", []string{"shell", "--preset", "sparc"}, "blksim shell: --preset sparc: unknown preset (want i386 or x86_64)"},
		{"ram not a size", []string{"shell", "--ram", "lots"}, "blksim shell: --ram lots: want a size from 64M to 4G for --preset i386 (e.g. 512M, 2G, or a number of bytes)"},
		{"ram too large", []string{"shell", "--ram", "1T"}, "blksim shell: --ram 1T: want a size from 64M to 4G for --preset i386 (e.g. 512M, 2G, or a number of bytes)"},
		{"ram too small", []string{"run", "--ram", "8M", lsmod}, "blksim run: --ram 8M: want a size from 64M to 4G for --preset i386 (e.g. 512M, 2G, or a number of bytes)"},
		{"ram zero", []string{"tour", "--ram", "0"}, "blksim tour: --ram 0: want a size from 64M to 4G for --preset i386 (e.g. 512M, 2G, or a number of bytes)"},
		{"ram negative", []string{"shell", "--ram", "-5M"}, "blksim shell: --ram -5M: want a size from 64M to 4G for --preset i386 (e.g. 512M, 2G, or a number of bytes)"},
		{"ram overflowing", []string{"shell", "--ram", "99999999999G"}, "blksim shell: --ram 99999999999G: want a size from 64M to 4G for --preset i386 (e.g. 512M, 2G, or a number of bytes)"},
		{"ram beyond x86_64", []string{"shell", "--preset", "x86_64", "--ram", "65G"}, "blksim shell: --ram 65G: want a size from 64M to 64G for --preset x86_64 (e.g. 512M, 2G, or a number of bytes)"},
		{"no host directory", []string{"shell", "--host", missing}, "blksim shell: --host " + missing + ": no such directory"},
		{"host a file", []string{"shell", "--host", lsmod}, "blksim shell: --host " + lsmod + ": not a directory"},
		{"run's host", []string{"run", "--host", missing, lsmod}, "blksim run: --host " + missing + ": no such directory"},
		{"tour's host", []string{"tour", "--host", lsmod, "1"}, "blksim tour: --host " + lsmod + ": not a directory"},
		{"unknown chapter", []string{"tour", "10"}, fmt.Sprintf("blksim tour: no step 10: the chapters so far are 1 to %d", last)},
		{"unknown chapter flag", []string{"tour", "--step", "0"}, fmt.Sprintf("blksim tour: no step 0: the chapters so far are 1 to %d", last)},
		{"not a chapter", []string{"tour", "two"}, `blksim tour: "two" is not a chapter number`},
		{"run without script", []string{"run"}, `blksim run: want one SCRIPT, or - for standard input (a session: lines beginning with "# " are commands)`},
		{"stdin without commands", []string{"run", "-"}, `blksim run: standard input has no commands: a session's commands are lines beginning with "# "`},
		{"shell argument", []string{"shell", "x"}, "blksim shell: takes no arguments (type commands at the prompt)"},
		{"quiz's unknown kind", []string{"quiz", "--kind", "x"}, `blksim quiz: unknown kind "x": kinds are scheduler, bio, geometry, buddyinfo, getparam`},
		{"version argument", []string{"version", "x"}, "blksim version: takes no arguments"},
		{"version flag", []string{"version", "--step", "1"}, "blksim version: flag provided but not defined: -step"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runBlksim(t, "", tt.args...)
			if code != 2 || errOut != tt.want+"\n" || out != "" {
				t.Errorf("blksim %q: exit %d, stdout %q, stderr\n%s\nwant exit 2, nothing on stdout and\n%s", tt.args, code, out, errOut, tt.want)
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
		status      int // the command's
	}{
		{nil, "cat /host/here\n", "# cat /host/here\nin the start directory\n", 0},
		{nil, "cat /host/../host/here\n", "# cat /host/../host/here\nin the start directory\n", 0},
		{nil, "cat /host/abs-link\n", "# cat /host/abs-link\ncat: /host/abs-link: No such file or directory\n", 1},
		{nil, "cat /host/rel-link/secret\n", "# cat /host/rel-link/secret\ncat: /host/rel-link/secret: No such file or directory\n", 1},
		{nil, "cp /etc/passwd /host/rel-link/secret\n", "# cp /etc/passwd /host/rel-link/secret\ncp: cannot create regular file `/host/rel-link/secret': No such file or directory\n", 1},
		{nil, "echo x > /host/new\n", "# echo x > /host/new\nbash: /host/new: Read-only file system\n", 1},
		{[]string{"--host", outside}, "cat /host/secret\n", "# cat /host/secret\noutside\n", 0},
		{[]string{"--host", "none"}, "ls /host\n", "# ls /host\nls: /host: No such file or directory\n", 1},
	} {
		args := append([]string{"shell", "--step", "1"}, tt.args...)
		code, out, errOut := runBlksim(t, tt.input, args...)
		if code != tt.status || out+errOut != tt.want {
			t.Errorf("blksim %v with %q: exit %d\n%s%s\nwant exit %d\n%s", tt.args, tt.input, code, out, errOut, tt.status, tt.want)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(outside, "secret")); string(b) != "outside\n" {
		t.Errorf("a file outside /host changed: %q", b)
	}
	if _, err := os.Stat(filepath.Join(cwd, "new")); err == nil {
		t.Errorf("echo > /host/new wrote the host")
	}
}
