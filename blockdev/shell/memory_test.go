package shell

import (
	"runtime"
	"sync"
	"testing"
	"time"
)

// peakHeap runs line and returns its status, output and the most heap in
// use above what was in use before it, sampled while it runs.
func peakHeap(t *testing.T, s *Shell, line string) (int, string, uint64) {
	t.Helper()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var (
		peak uint64
		wg   sync.WaitGroup
	)
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	out := s.stdout.(interface {
		Reset()
		String() string
	})
	out.Reset()
	status := s.Exec(line)
	close(stop)
	wg.Wait()
	if peak < base {
		return status, out.String(), 0
	}
	return status, out.String(), peak - base
}

// TestEndlessInputsBoundedMemory: cp and grep read an endless device a
// buffer at a time, so what they hold stays bounded: cp ends at the end of
// the disk or of /tmp, whose file is all it leaves in memory, grep at the
// longest line it holds.
func TestEndlessInputsBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("reads hundreds of MiB")
	}
	s, out := newShell(t, "")
	mustRun(t, s, out, "insmod simp_blkdev.ko && mkfs.vfat /dev/simp_blkdev && mount /dev/simp_blkdev /mnt")
	const slack = 64 << 20
	for _, tt := range []struct {
		cmd, want string
		status    int
		kept      uint64 // what the command leaves in memory: the blocks it wrote
	}{
		// The RAM disk and its page cache fill up (16 MiB each).
		{"cp /dev/zero /mnt/z", "cp: writing `/mnt/z': No space left on device\n", 1, 32 << 20},
		{"grep x /dev/zero", "grep: memory exhausted\n", 2, 0},
		{"tail /dev/zero", "tail: memory exhausted\n", 1, 0},
		{"grep -c x /dev/simp_blkdev", "128\n", 0, 0},
		{"cp /dev/zero /tmp/z", "cp: writing `/tmp/z': No space left on device\n", 1, memfsLimit},
	} {
		status, got, used := peakHeap(t, s, tt.cmd)
		if status != tt.status || got != tt.want {
			t.Errorf("%s: status %d, %q; want %d, %q", tt.cmd, status, got, tt.status, tt.want)
		}
		if used > tt.kept+slack {
			t.Errorf("%s: %d MiB of heap in use above the baseline, want at most %d MiB", tt.cmd, used>>20, (tt.kept+slack)>>20)
		}
		t.Logf("%s: %d MiB", tt.cmd, used>>20)
	}
}
