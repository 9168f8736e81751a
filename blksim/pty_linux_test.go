//go:build linux

package blksim

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// The interactive shell driven as a person drives it: through a
// pseudo-terminal, blksim being a child process whose controlling terminal
// it is, so that Ctrl-C there is a real SIGINT while a command runs.

// openPty opens a pseudo-terminal pair as posix_openpt, unlockpt and
// ptsname do, and gives the terminal side an 80x24 window.
func openPty(t *testing.T) (master, tty *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	fd := int(master.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Fatalf("unlockpt: %v", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Fatalf("ptsname: %v", err)
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("open /dev/pts/%d: %v", n, err)
	}
	if err := unix.IoctlSetWinsize(int(tty.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 24, Col: 80}); err != nil {
		t.Fatalf("TIOCSWINSZ: %v", err)
	}
	return master, tty
}

// TestPtyChild is blksim itself when TestPty starts this test binary again.
func TestPtyChild(t *testing.T) {
	args := os.Getenv("BLKSIM_PTY_CHILD")
	if args == "" {
		t.Skip("runs only as TestPty's child")
	}
	os.Exit(Run(Driver{}, strings.Fields(args), os.Stdin, os.Stdout, os.Stderr))
}

// screen collects what the child writes to the terminal.
type screen struct {
	mu   sync.Mutex
	text strings.Builder
	done chan struct{}
}

// waitFor waits until the output since offset from contains want, and
// returns the offset past it.
func (s *screen) waitFor(t *testing.T, from int, want string) int {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		all := s.text.String()
		s.mu.Unlock()
		if i := strings.Index(all[min(from, len(all)):], want); i >= 0 {
			return from + i + len(want)
		}
		time.Sleep(10 * time.Millisecond)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t.Fatalf("no %q on the terminal after offset %d; it shows:\n%s", want, from, s.text.String()[min(from, s.text.Len()):])
	return 0
}

func TestPty(t *testing.T) {
	master, tty := openPty(t)
	defer master.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestPtyChild$")
	cmd.Env = append(os.Environ(), "BLKSIM_PTY_CHILD=shell --step 1 --host none")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start: %v", err)
	}
	tty.Close()
	scr := &screen{done: make(chan struct{})}
	go func() {
		defer close(scr.done)
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			scr.mu.Lock()
			scr.text.Write(buf[:n])
			scr.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	defer func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	}()
	typ := func(keys string) {
		if _, err := master.Write([]byte(keys)); err != nil {
			t.Fatalf("typing %q: %v", keys, err)
		}
	}
	const prompt = "\r\n# "
	at := scr.waitFor(t, 0, "Type help for the commands")
	at = scr.waitFor(t, at, "# ")

	typ("insmod simp_blkdev.ko\r")
	at = scr.waitFor(t, at, prompt)
	typ("lsmod\r")
	at = scr.waitFor(t, at, "simp_blkdev         16784008  0")
	at = scr.waitFor(t, at, prompt)

	// Up recalls lsmod, whose output shows again.
	typ("\x1b[A")
	at = scr.waitFor(t, at, "lsmod")
	typ("\r")
	at = scr.waitFor(t, at, "simp_blkdev         16784008  0")
	at = scr.waitFor(t, at, prompt)

	// Tab completes the directory, with its slash; ls lists it.
	typ("ls /sys/block/simp_b\t")
	at = scr.waitFor(t, at, "lkdev/")
	typ("\r")
	at = scr.waitFor(t, at, "holders")
	at = scr.waitFor(t, at, prompt)

	// An escape sequence x/term does not know (F5) types nothing.
	typ("echo a\x1b[15~b\r")
	at = scr.waitFor(t, at, "\r\nab\r\n# ")

	// Home and End as tmux, screen and the Linux console send them, as
	// rxvt does and in application mode; Delete; F1 in application mode
	// types nothing, not its P.
	typ("cho x\x1b[1~e\x1b[4~ y\r")
	at = scr.waitFor(t, at, "\r\nx y\r\n# ")
	typ("cho x\x1b[7~e\x1b[8~ y\r")
	at = scr.waitFor(t, at, "\r\nx y\r\n# ")
	typ("cho x\x1bOHe\x1bOF y\x1bOP\r")
	at = scr.waitFor(t, at, "\r\nx y\r\n# ")
	typ("echo xz\x1b[D\x1b[3~\r")
	at = scr.waitFor(t, at, "\r\nx\r\n# ")

	// Ctrl-C at the prompt drops the line: ^C, a new prompt, nothing run.
	typ("rmmod simp_blkdev\x03")
	at = scr.waitFor(t, at, "^C"+prompt)

	// Ctrl-C while a command runs stops the command, not the machine.
	typ("hexdump -v /dev/simp_blkdev\r")
	at = scr.waitFor(t, at, "0000100")
	typ("\x03")
	at = scr.waitFor(t, at, prompt)
	typ("echo $?; lsmod\r")
	at = scr.waitFor(t, at, "130\r\n")
	at = scr.waitFor(t, at, "simp_blkdev         16784008  0")
	at = scr.waitFor(t, at, prompt)

	// Ctrl-D on an empty line leaves, with $? as bash's exit status.
	typ("foo\r")
	at = scr.waitFor(t, at, "command not found")
	at = scr.waitFor(t, at, prompt)
	typ("\x04")
	scr.waitFor(t, at, "exit")
	errc := make(chan error, 1)
	go func() { errc <- cmd.Wait() }()
	select {
	case err := <-errc:
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 127 {
			t.Errorf("blksim shell ended with %v, want exit status 127 (foo's)", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("blksim shell did not leave on Ctrl-D")
	}
}
