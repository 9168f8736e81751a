//go:build linux

package blksim

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestServeBadInput: what serve refuses, each in one line with status 2.
func TestServeBadInput(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--step", "1"}, "nothing to serve on"},
		{[]string{"serve", "--step", "99", "--nbd", "127.0.0.1:0"}, "no step 99"},
		{[]string{"serve", "--nbd", "127.0.0.1:0", "size"}, `"size" is not a module parameter`},
		{[]string{"serve", "--nbd", "0.0.0.0:10809"}, "not a loopback address"},
		{[]string{"serve", "--nbd", busy.Addr().String()}, "is in use"},
		{[]string{"serve", "--fuse", "/nonexistent/dir"}, "no such file or directory"},
	} {
		code, _, errOut := runBlksim(t, "", c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("blksim %s: exit %d, stderr %q; want 2 and one line saying %q", strings.Join(c.args, " "), code, errOut, c.want)
		}
	}
}

// TestServeChild is blksim itself, for the tests that start serve as a
// process to signal it.
func TestServeChild(t *testing.T) {
	args := os.Getenv("BLKSIM_SERVE_CHILD")
	if args == "" {
		t.Skip("runs only as the serve tests' child")
	}
	os.Exit(Run(Driver{}, strings.Fields(args), os.Stdin, os.Stdout, os.Stderr))
}

// serveProcess is a blksim serve running as a child process.
type serveProcess struct {
	cmd            *exec.Cmd
	mu             sync.Mutex
	stdout, stderr strings.Builder
	exited         chan struct{}
}

// lockedWriter appends to a builder under the process's lock.
type lockedWriter struct {
	mu *sync.Mutex
	b  *strings.Builder
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

// startServe starts blksim serve with args and waits until it serves; it
// is killed when t ends if it is still running.
func startServe(t *testing.T, args ...string) *serveProcess {
	t.Helper()
	p := &serveProcess{exited: make(chan struct{})}
	p.cmd = exec.Command(os.Args[0], "-test.run=^TestServeChild$")
	p.cmd.Env = append(os.Environ(), "BLKSIM_SERVE_CHILD=serve "+strings.Join(args, " "))
	p.cmd.Stdout = lockedWriter{&p.mu, &p.stdout}
	p.cmd.Stderr = lockedWriter{&p.mu, &p.stderr}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.exited
	})
	p.waitFor(t, func() string { return p.errText() }, "SIGUSR1 prints")
	return p
}

func (p *serveProcess) errText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

func (p *serveProcess) outText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stdout.String()
}

// waitFor waits up to 20 s for text() to contain want.
func (p *serveProcess) waitFor(t *testing.T, text func() string, want string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if strings.Contains(text(), want) {
			return
		}
	}
	t.Fatalf("serve never said %q; stderr:\n%s\nstdout:\n%s", want, p.errText(), p.outText())
}

// needRoot skips t unless it can mount FUSE and attach loop devices.
func needRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root: serve mounts FUSE and the test attaches a loop device (bash .ci/run runs it as root)")
	}
	for _, need := range []string{"/dev/fuse", "/dev/loop-control"} {
		if _, err := os.Stat(need); err != nil {
			t.Skipf("needs %s: %v", need, err)
		}
	}
	if _, err := exec.LookPath("losetup"); err != nil {
		t.Skip("needs losetup (util-linux)")
	}
}

// tool runs a tool for at most 20 s.
func tool(name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	return string(out), err
}

// attachLoop attaches file to a loop device, detached when t ends.
func attachLoop(t *testing.T, file string) string {
	t.Helper()
	out, err := tool("losetup", "-f", "--show", file)
	if err != nil {
		t.Fatalf("losetup: %v\n%s", err, out)
	}
	dev := strings.TrimSpace(out)
	t.Cleanup(func() { tool("losetup", "-d", dev) })
	return dev
}

// TestServeSignals: a second serve on the mount point exits 2; SIGTERM
// does not stop serve while a loop device holds its file, and says so;
// SIGUSR1 prints dmesg and the counters; after losetup -d, SIGTERM
// unmounts, prints the report and exits 0.
func TestServeSignals(t *testing.T) {
	needRoot(t)
	dir := t.TempDir()
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	p := startServe(t, "--step", "1", "--fuse", dir)
	if code, _, errOut := runBlksim(t, "", "serve", "--step", "1", "--fuse", dir); code != 2 || !strings.Contains(errOut, "already a mount point") {
		t.Errorf("a second serve on %s: exit %d, %q; want 2 and that it is a mount point", dir, code, errOut)
	}
	loop := attachLoop(t, filepath.Join(dir, "simp_blkdev"))
	p.cmd.Process.Signal(syscall.SIGTERM)
	p.waitFor(t, p.errText, "not stopping: "+dir+" is in use: "+loop+" holds")
	p.cmd.Process.Signal(syscall.SIGUSR1)
	p.waitFor(t, p.outText, "==> served\n")
	if out := p.outText(); !strings.Contains(out, "==> dmesg\nLinux version") || !strings.Contains(out, "simp_blkdev") {
		t.Errorf("SIGUSR1's report:\n%s", out)
	}
	if out, err := tool("losetup", "-d", loop); err != nil {
		t.Fatalf("losetup -d: %v\n%s", err, out)
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(20 * time.Second):
		t.Fatalf("serve did not stop on SIGTERM; stderr:\n%s", p.errText())
	}
	if code := p.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit status %d, want 0; stderr:\n%s", code, p.errText())
	}
	if strings.Count(p.outText(), "==> served\n") != 2 {
		t.Errorf("the exit prints the report too; stdout:\n%s", p.outText())
	}
}

// TestServeKilled: once serve is killed, I/O on the loop device over its
// file fails at once rather than hanging.
func TestServeKilled(t *testing.T) {
	needRoot(t)
	if _, err := exec.LookPath("dd"); err != nil {
		t.Skip("needs dd (coreutils)")
	}
	dir := t.TempDir()
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	p := startServe(t, "--step", "3", "--fuse", dir)
	loop := attachLoop(t, filepath.Join(dir, "simp_blkdev"))
	if out, err := tool("dd", "if="+loop, "of=/dev/null", "bs=4096", "count=1", "iflag=direct"); err != nil {
		t.Fatalf("read before the kill: %v\n%s", err, out)
	}
	p.cmd.Process.Kill()
	<-p.exited
	start := time.Now()
	out, err := tool("dd", "if="+loop, "of=/dev/null", "bs=4096", "count=1", "skip=7", "iflag=direct")
	if err == nil {
		t.Errorf("a read after serve was killed succeeded:\n%s", out)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the failing read took %v", d)
	}
}
