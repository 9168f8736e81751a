package shell

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// bigHost makes a host directory holding "big", a 1 TiB sparse file, and
// "mid", 100 KiB of varied text (more than a pipe holds).
func bigHost(t *testing.T) string {
	t.Helper()
	host := t.TempDir()
	f, err := os.Create(filepath.Join(host, "big"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(1 << 40); err != nil {
		t.Skipf("the host cannot make a 1 TiB sparse file: %v", err)
	}
	var mid strings.Builder
	for i := 0; mid.Len() < 100<<10; i++ {
		mid.WriteString(strings.Repeat(string(rune('a'+i%26)), i%97) + "\n")
	}
	if err := os.WriteFile(filepath.Join(host, "mid"), []byte(mid.String()), 0644); err != nil {
		t.Fatal(err)
	}
	return host
}

// runWatched runs line within a few seconds and returns its output, its
// status and the most heap in use above what was in use before, sampled
// while it ran.
func runWatched(t *testing.T, s *Shell, out *strings.Builder, line string) (string, int, uint64) {
	t.Helper()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base, peak := ms.HeapInuse, ms.HeapInuse
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
		}
	}()
	done := make(chan int)
	out.Reset()
	go func() { done <- s.Exec(line) }()
	var status int
	select {
	case status = <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("%s: still running after 20 s", line)
	}
	close(stop)
	wg.Wait()
	runtime.ReadMemStats(&ms)
	peak = max(peak, ms.HeapInuse)
	return out.String(), status, peak - min(base, peak)
}

// TestPipesBounded: a pipeline streams through pipes of 64 KiB, so a
// reader that stops early stops the writers before it (SIGPIPE), quietly,
// and a terabyte-sized file costs no more memory than a few buffers.
func TestPipesBounded(t *testing.T) {
	s, out := newShell(t, bigHost(t))
	const zeros16 = "00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
	const heapLimit = 64 << 20
	for _, tt := range []struct {
		cmd, want string
		status    int
	}{
		{"cat /host/big | hexdump -C -n 16", zeros16 + "00000010\n", 0},
		{"cat /host/big | cat | cat -n | hexdump -C -n 16", "00000000  20 20 20 20 20 31 09 00  00 00 00 00 00 00 00 00  |     1..........|\n00000010\n", 0},
		{"dd if=/host/big bs=1M | hexdump -C -n 16", zeros16 + "00000010\n", 0},
		{"cat /host/big | dd bs=1M count=3 2>/dev/null | hexdump -C", zeros16 + "*\n00300000\n", 0},
		{"cat /host/big 2>&1 | dd bs=1 count=1 2>&1 | hexdump -C -n 1", "00000000  00                                                |.|\n00000001\n", 0},
		{"cat /host/big | ls /etc", "init.d  passwd\n", 0},
		{"cat /host/big | ls /nothere", "ls: /nothere: No such file or directory\n", 1},
		{"cat /host/big | hexdump -n 16 < /etc/passwd | cat", "0000000 6f72 746f 783a 303a 303a 723a 6f6f 3a74\n0000010\n", 0},
		{"cat /host/big | cat > /mnt/x", "cat: write error: No space left on device\n", 1},
	} {
		got, status, heap := runWatched(t, s, out, tt.cmd)
		if got != tt.want || status != tt.status {
			t.Errorf("%s: status %d, output\n%q\nwant status %d, output\n%q", tt.cmd, status, got, tt.status, tt.want)
		}
		if heap > heapLimit {
			t.Errorf("%s: %d MiB of heap in use while it ran", tt.cmd, heap>>20)
		}
		if tt.cmd == "cat /host/big | ls /etc" {
			mustRun(t, s, out, "insmod simp_blkdev.ko size=4M && mkfs.vfat /dev/simp_blkdev && mount /dev/simp_blkdev /mnt")
		}
	}
}

// TestPipeStatus: a pipeline's status is its last command's; a writer
// killed by SIGPIPE says nothing, whatever it would have said after.
func TestPipeStatus(t *testing.T) {
	s, out := newShell(t, "")
	for _, tt := range []struct {
		cmd, want string
		status    int
	}{
		{"ls /nothere | cat", "ls: /nothere: No such file or directory\n", 0},
		{"cat /etc/passwd | ls /nothere", "ls: /nothere: No such file or directory\n", 1},
		{"cat /etc/passwd | dd bs=1 count=2 2>/dev/null", "ro", 0},
		// What fits in the pipe is written before the reader runs:
		// dd ends and reports before hexdump prints.
		{"dd if=/etc/passwd bs=1 | hexdump -n 4 -C", "1480+0 records in\n1480+0 records out\n1480 bytes (1.5 kB) copied, 0.00448446 seconds, 330 kB/s\n" +
			"00000000  72 6f 6f 74                                       |root|\n00000004\n", 0},
		{"echo a | echo b | cat", "b\n", 0},
		{"nothere | cat", "bash: nothere: command not found\n", 0},
		{"cat | nothere", "bash: nothere: command not found\n", 127},
		{"echo ab | hexdump -s 1 -C", "00000001  62 0a                                             |b.|\n00000003\n", 0},
		{"echo ab | hexdump -s 10 -C", "00000003\n", 0},
		{"echo abc | dd bs=1 skip=2 2>/dev/null", "c\n", 0},
	} {
		got, status := run(t, s, out, tt.cmd)
		if got != tt.want || status != tt.status {
			t.Errorf("%s: status %d, output\n%q\nwant status %d, output\n%q", tt.cmd, status, got, tt.status, tt.want)
		}
	}
}

// TestPipeTranscriptDeterministic runs pipelines whose commands all write
// errors and data bigger than a pipe, so that the commands take turns
// many times: the transcript is the same every time, and small output
// reads as if the commands had run one after the other.
func TestPipeTranscriptDeterministic(t *testing.T) {
	s, _ := newShell(t, bigHost(t))
	const script = "# cat /host/mid /host/mid /nothere /host/mid | dd bs=16k | hexdump -C\n" +
		"# cat /host/mid /nothere /host/mid | dd bs=20000 count=7 2>&1 | dd bs=1k skip=3 | cat -n | hexdump -n 5000 -C\n" +
		"# ls /nothere | cat /nothere2 - /etc/passwd | hexdump -n 64 /nothere3 -C\n"
	first := s.RunTranscript(script)
	for _, want := range []string{
		// cat's error comes when cat gets to it, with both pipes
		// full and hexdump through the first of them; dd's report
		// when dd has written its last record, which hexdump has not
		// all printed yet.
		"0000fff0  75 75 75 75 75 75 75 75  75 0a 76 76 76 76 76 76  |uuuuuuuuu.vvvvvv|\n" +
			"cat: /nothere: No such file or directory\n00010000  76 76",
		"|oooooooooooooooo|\n18+1 records in\n18+1 records out\n",
		"# ls /nothere | cat /nothere2 - /etc/passwd | hexdump -n 64 /nothere3 -C\n" +
			"ls: /nothere: No such file or directory\ncat: /nothere2: No such file or directory\nhexdump: /nothere3: No such file or directory\n",
	} {
		if !strings.Contains(first, want) {
			t.Fatalf("transcript lacks %q:\n%s", want, first)
		}
	}
	for i := range 50 {
		if got := s.RunTranscript(script); got != first {
			t.Fatalf("run %d differs from the first:\n%s\nfirst:\n%s", i+2, got, first)
		}
	}
}

// TestDdSeekRedirected: dd seek= without of= seeks on the standard output
// that bash opened, as lseek does: a regular file gets a hole, >> writes at
// the end whatever the offset, a device takes offsets within it; where
// lseek fails dd says it cannot seek.
func TestDdSeekRedirected(t *testing.T) {
	s, out := newShell(t, "")
	mustRun(t, s, out, "insmod simp_blkdev.ko size=1M")
	const one = "1+0 records in\n1+0 records out\n"
	for _, tt := range []struct {
		cmd, want string // want: the output's start
		status    int
	}{
		{"dd if=/etc/passwd bs=1 count=1 seek=100 > /tmp/f", one, 0},
		{"ls -l /tmp/f", "-rw-r--r-- 1 root root 101 ", 0},
		{"hexdump -C /tmp/f", "00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n*\n00000060  00 00 00 00 72                                    |....r|\n00000065\n", 0},
		{"dd if=/etc/passwd bs=1 count=1 skip=1 seek=100 >> /tmp/f", one, 0},
		{"hexdump -C -s 100 /tmp/f", "00000064  72 6f                                             |ro|\n00000066\n", 0},
		{"dd if=/etc/passwd bs=1k seek=3 > /dev/simp_blkdev", "1+1 records in\n1+1 records out\n", 0},
		{"hexdump -C -s 3072 -n 4 /dev/simp_blkdev", "00000c00  72 6f 6f 74                                       |root|\n00000c04\n", 0},
		{"dd if=/etc/passwd bs=1k seek=1025 > /dev/simp_blkdev", "dd: `standard output': cannot seek: Invalid argument\n0+0 records in\n0+0 records out\n", 1},
		{"dd if=/etc/passwd bs=1M seek=99999999999999999 > /tmp/g", "dd: `standard output': cannot seek\n0+0 records in\n0+0 records out\n", 1},
		{"dd if=/etc/passwd bs=1M seek=3000000 > /tmp/g", "dd: writing `standard output': File too large\n0+1 records in\n0+0 records out\n", 1},
		{"dd if=/etc/passwd seek=1 | cat", "dd: `standard output': cannot seek: Illegal seek\n0+0 records in\n0+0 records out\n", 0},
		{"dd if=/etc/passwd count=1 seek=5 > /dev/null", one, 0},
		{"mkfs.vfat /dev/simp_blkdev > /dev/null && mount /dev/simp_blkdev /mnt", "", 0},
		{"dd if=/etc/passwd bs=1k seek=4 > /mnt/f", "1+1 records in\n", 0},
		{"ls -l /mnt/f", "-rwxr-xr-x 1 root root 5576 ", 0},
		{"hexdump -C -s 4096 -n 4 /mnt/f", "00001000  72 6f 6f 74                                       |root|\n00001004\n", 0},
	} {
		got, status := run(t, s, out, tt.cmd)
		if !strings.HasPrefix(got, tt.want) || status != tt.status {
			t.Errorf("%s: status %d, output\n%q\nwant status %d, output starting\n%q", tt.cmd, status, got, tt.status, tt.want)
		}
	}
}

// limitedTerminal takes up to limit bytes, then fails every write with EIO,
// as a terminal that hung up would: the command printing to it stops.
type limitedTerminal struct {
	n, limit int
}

func (l *limitedTerminal) Write(p []byte) (int, error) {
	if l.n+len(p) > l.limit {
		return 0, syscall.EIO
	}
	l.n += len(p)
	return len(p), nil
}

// TestTranscriptStreams: a command that prints a terabyte (cat of a sparse
// host file) goes to the transcript's writer as it prints, so memory stays
// small however much it prints; what the writer took is the file's bytes.
func TestTranscriptStreams(t *testing.T) {
	s, _ := newShell(t, bigHost(t))
	term := &limitedTerminal{limit: 256 << 20}
	var heap atomic.Uint64
	done := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > heap.Load() {
				heap.Store(ms.HeapInuse)
			}
		}
	}()
	s.WriteTranscript(term, "# cat /host/big\n")
	close(done)
	if term.n < 128<<20 {
		t.Errorf("the writer took %d bytes before cat stopped, want the first 256 MiB", term.n)
	}
	if h := heap.Load(); h > 64<<20 {
		t.Errorf("%d MiB of heap in use while cat printed 256 MiB", h>>20)
	}
}
