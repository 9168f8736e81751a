package shell

import (
	"strings"
	"testing"
	"time"
)

func TestVariables(t *testing.T) {
	s, out := newShell(t, "")
	for _, tt := range []struct {
		line   string
		want   string
		status int
	}{
		{"echo $HOME ~ ~/x $USER", "/root /root /root/x root\n", 0},
		{"false; echo $?", "bash: false: command not found\n127\n", 0},
		{"ls /nothere; echo $?", "ls: /nothere: No such file or directory\n1\n", 0},
		{"echo $?", "0\n", 0},
		{"A=1 B=2; echo $A$B ${A}x '$A' \"$A\"", "12 1x $A 1\n", 0},
		{"echo \"${NOTSET}\"x $NOTSET y", "x y\n", 0},
		{"echo $ $1 a$", "$ $1 a$\n", 0}, // no positional parameters: a plain dollar
		{"HOME=/tmp; cd; pwd; cd ~; pwd; HOME=/root", "/tmp\n/tmp\n", 0},
		{"cd /proc; cd -; cd -", "/tmp\n/proc\n", 0},
		{"cd /; echo $PWD $OLDPWD", "/ /proc\n", 0},
		{"export 1X=2", "bash: export: `1X=2': not a valid identifier\n", 1},
		{"unset HOME; cd", "bash: cd: HOME not set\n", 1},
		{"X=5 echo $X", "\n", 0}, // expanded before the assignment takes effect
	} {
		got, status := run(t, s, out, tt.line)
		if got != tt.want || status != tt.status {
			t.Errorf("%s: status %d, output\n%q\nwant status %d, output\n%q", tt.line, status, got, tt.status, tt.want)
		}
	}
}

// TestExit: exit ends the session with its status, and the rest of a
// transcript is not run.
func TestExit(t *testing.T) {
	s, _ := newShell(t, "")
	got := s.RunTranscript("# echo a\n# exit 7\n# echo b\n")
	if got != "# echo a\na\n# exit 7\n" {
		t.Errorf("transcript:\n%s", got)
	}
	if exited, status := s.Exited(); !exited || status != 7 {
		t.Errorf("Exited() = %v, %d, want true, 7", exited, status)
	}
	for arg, want := range map[string]int{"": 0, "256": 0, "-1": 255, "x": 255} {
		s, out := newShell(t, "")
		out.Reset()
		s.Exec("exit " + arg)
		if _, status := s.Exited(); status != want {
			t.Errorf("exit %s: status %d, want %d", arg, status, want)
		}
	}
}

// TestInterrupt: Ctrl-C during a command stops it with status 130 and the
// rest of the line is not run; the next line runs as usual.
func TestInterrupt(t *testing.T) {
	s, out := newShell(t, "")
	// Only Ctrl-C may stop the endless reads here, however slowly a loaded
	// machine schedules the goroutine that presses it.
	s.endless = 1 << 62
	mustRun(t, s, out, "insmod simp_blkdev.ko")
	for _, line := range []string{
		"hexdump -v /dev/simp_blkdev; echo never",
		// /dev/zero never ends, so these cannot finish before Ctrl-C
		// comes, however fast they copy.
		"dd if=/dev/zero of=/dev/null bs=512; echo never",
		"cat /dev/zero > /dev/null; echo never",
		"od -v /dev/simp_blkdev; echo never",
		"grep x /dev/simp_blkdev; echo never",
		"wc /dev/simp_blkdev; echo never",
		"tail /dev/simp_blkdev; echo never",
		"head -c 16m /dev/simp_blkdev | wc -c; echo never",
	} {
		out.Reset()
		// Ctrl-C pressed, and pressed again, until the command stops:
		// Exec forgets a Ctrl-C from before it began.
		stop, stopped := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(stopped)
			for {
				select {
				case <-stop:
					return
				case <-time.After(time.Millisecond):
					s.Interrupt()
				}
			}
		}()
		status := s.Exec(line)
		close(stop)
		<-stopped // no Ctrl-C may land in the next command
		if status != statusInterrupted || strings.Contains(out.String(), "never") {
			t.Errorf("%s: status %d, want 130; output ends %q", line, status, lastBytes(out.String()))
		}
		if got := mustRun(t, s, out, "echo $?; lsmod | grep -c simp_blkdev"); got != "130\n1\n" {
			t.Errorf("after ^C in %s: %q", line, got)
		}
	}
}

func lastBytes(s string) string { return s[max(0, len(s)-80):] }
