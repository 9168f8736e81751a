package shell

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"simpblkdev/blockdev"
)

// fuzzMachine is the machine FuzzExec types at: booted once per fuzzing
// worker, with the module loaded and a FAT file system mounted, and used
// for one input after another, because booting and mkfs cost far more than
// most command lines. Every fuzzRebootAfter inputs it is booted afresh, so
// that what earlier inputs left behind (files in /tmp, a full disk, an
// unloaded module) does not narrow what later ones reach.
type fuzzMachine struct {
	sh      *Shell
	out     *bytes.Buffer
	history []string // the inputs run since boot, for a failure that needs them
}

const (
	fuzzRebootAfter = 500
	// fuzzHang is how long one command line may run. The slowest seeds
	// take a few milliseconds; the race detector makes that ten times more.
	fuzzHang = 10 * time.Second
	// fuzzHeapLimit bounds the live heap after an input on a freshly
	// booted machine: a few times the 16 MiB disk and its page cache,
	// never what a runaway seek or read would take. Files earlier inputs
	// wrote count too (memory follows what was written), so a machine
	// over the limit is booted afresh and the input run again on it
	// before the input is blamed.
	fuzzHeapLimit = 256 << 20
	// fuzzEndless bounds an endless read (cat /dev/zero) so that it ends
	// well within fuzzHang, under the race detector too; endlessLimit,
	// the shell's own, takes seconds.
	fuzzEndless = 64 << 20
)

func bootFuzzMachine(t *testing.T, host string) *fuzzMachine {
	k, err := blockdev.Boot(blockdev.Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	m := &fuzzMachine{out: new(bytes.Buffer)}
	m.sh = New(k, Options{Module: ramdiskModule, Step: 1, HostRoot: host, Stdout: m.out})
	m.sh.endless = fuzzEndless
	for _, setup := range []string{"insmod simp_blkdev.ko", "mkfs.vfat /dev/simp_blkdev", "mount /dev/simp_blkdev /mnt"} {
		if status := m.sh.Exec(setup); status != 0 {
			t.Fatalf("%s: status %d\n%s", setup, status, m.out)
		}
	}
	return m
}

// exec runs line and reports whether it returned within fuzzHang.
func (m *fuzzMachine) exec(line string) bool {
	m.out.Reset()
	done := make(chan struct{})
	go func() {
		defer close(done)
		m.sh.Exec(line)
	}()
	select {
	case <-done:
		return true
	case <-time.After(fuzzHang):
		return false
	}
}

// overHeapLimit reports whether the live heap exceeds fuzzHeapLimit,
// collecting garbage first only when the heap looks too big.
func overHeapLimit() bool {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if ms.HeapAlloc <= fuzzHeapLimit {
		return false
	}
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc > fuzzHeapLimit
}

// FuzzExec types arbitrary command lines at the prompt of a machine with a
// module loaded, a file system mounted and a small /host: no line may
// panic (Exec's recover would print "internal error"), run for more than
// fuzzHang, or leave more than fuzzHeapLimit of heap in use, and the shell
// must still answer a command afterwards.
func FuzzExec(f *testing.F) {
	for _, line := range []string{
		"ls -l /dev/simp_blkdev", "cat /proc/buddyinfo", "hexdump -Cn 64 /dev/simp_blkdev",
		"dd if=/dev/simp_blkdev of=/tmp/x bs=1k count=3 skip=16383", "echo noop > /sys/block/simp_blkdev/queue/scheduler",
		"cp /etc/init.d/* /mnt", "rm -rf /mnt/*", "mknod /dev/x b 72 0", "insmod simp_blkdev.ko size=", "ls '/mnt/a b' >",
		// dd at offsets: inside the disk, at its end, in the middle of a block.
		"dd if=/etc/passwd of=/dev/simp_blkdev bs=512 seek=32767 count=2", "dd if=/dev/simp_blkdev of=/mnt/x bs=4k skip=4095 count=4",
		"dd if=/etc/passwd of=/tmp/p bs=7 skip=3 seek=5 count=9", "dd if=/dev/simp_blkdev bs=1 skip=16777215 count=1 | hexdump -C",
		"dd if=/dev/simp_blkdev of=/dev/simp_blkdev bs=1k skip=1 seek=8 count=16",
		// /host reads.
		"cat /host/hello.txt", "hexdump -C -n 16 -s 4090 /host/data.bin", "dd if=/host/data.bin of=/dev/simp_blkdev bs=512 seek=8",
		"cp /host/data.bin /mnt/ && ls -l /mnt/data.bin", "ls -l /host /host/dir",
		// Redirections.
		"echo x > /mnt/f", "cat /etc/passwd >> /tmp/a", "ls /nope 2> /tmp/err", "cat < /etc/passwd > /dev/null",
		"echo x > /dev/simp_blkdev", "cat /proc/modules > /sys/block/simp_blkdev/size", "echo 2>&1 >/tmp/o x",
		// Pipelines: streams through pipes, readers that stop early
		// (SIGPIPE), dd seeking on a redirected standard output.
		"cat /host/data.bin /nope | dd bs=4k count=3 2>&1 | hexdump -C -n 100", "dd if=/dev/simp_blkdev bs=64k | cat | ls",
		"ls /nope 2>&1 | cat -n | hexdump -s 3", "dd if=/etc/passwd bs=1k seek=9 > /mnt/s", "echo a | dd seek=2 >> /dev/simp_blkdev",
	} {
		f.Add(line)
	}
	host := f.TempDir()
	if err := os.WriteFile(filepath.Join(host, "hello.txt"), []byte("hello from the host\n"), 0o644); err != nil {
		f.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(host, "data.bin"), bytes.Repeat([]byte("0123456789abcdef"), 4096), 0o644); err != nil {
		f.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(host, "dir"), 0o755); err != nil {
		f.Fatal(err)
	}
	var m *fuzzMachine
	f.Fuzz(func(t *testing.T, line string) {
		if m == nil || len(m.history) >= fuzzRebootAfter {
			m = reboot(t, m, host)
		}
		fail := func(format string, args ...any) {
			// The next input gets a fresh machine; this one's state
			// may be what made the line fail, so show how it got there.
			history := m.history
			m = nil
			t.Fatalf("%s\ninputs since boot, this one last:\n%s", fmt.Sprintf(format, args...), strings.Join(quoted(history[max(0, len(history)-20):]), "\n"))
		}
		run := func() {
			m.history = append(m.history, line)
			if !m.exec(line) {
				fail("%q still running after %v", line, fuzzHang)
			}
			if out := m.out.String(); strings.Contains(out, "internal error") {
				fail("%q: %s", line, out)
			}
		}
		run()
		if overHeapLimit() {
			m = reboot(t, m, host)
			run()
			if overHeapLimit() {
				fail("%q leaves more than %d MiB of heap in use on a fresh machine", line, fuzzHeapLimit>>20)
			}
		}
		if !m.exec("echo probe") || m.out.String() != "probe\n" {
			fail("after %q the shell does not answer: echo probe printed %q", line, m.out.String())
		}
	})
}

// reboot closes m, if any, and boots a fresh fuzzMachine.
func reboot(t *testing.T, m *fuzzMachine, host string) *fuzzMachine {
	if m != nil {
		m.sh.Close()
	}
	return bootFuzzMachine(t, host)
}

func quoted(lines []string) []string {
	q := make([]string, len(lines))
	for i, l := range lines {
		q[i] = fmt.Sprintf("%q", l)
	}
	return q
}
