package iosched_test

import (
	"bytes"
	"fmt"
	"math/rand"
	"strings"
	"sync"
	"testing"

	"simpblkdev/blockdev"
	_ "simpblkdev/blockdev/iosched" // the four real schedulers
	step01array "simpblkdev/step01_array"
)

// The scheduler stress test's shape: schedStressWorkers goroutines each do
// schedStressOps random buffered and O_DIRECT reads and writes inside a
// region of chapter 1's disk that is theirs alone, checking every read
// against a shadow copy, while one goroutine switches round all four real
// schedulers through queue/scheduler and another syncs. The workers' I/O
// keeps anticipatory and cfq holding requests back (anticipation, slice
// idling) on their timers, so the switches often come while a scheduler
// holds a request that only its timer would have dispatched.
const (
	schedStressWorkers     = 4
	schedStressOps         = 600
	schedStressRegionBytes = 256 << 10
)

func TestSchedulerSwitchStress(t *testing.T) {
	k, err := blockdev.Boot(blockdev.Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.InitModule(step01array.Module, ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("the log:\n%s", k.Dmesg())
		}
	})
	b, err := k.Open("/dev/simp_blkdev")
	if err != nil {
		t.Fatal(err)
	}
	sched, err := k.Lstat("/sys/block/simp_blkdev/queue/scheduler")
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"noop", "anticipatory", "deadline", "cfq"}
	shadows := make([][]byte, schedStressWorkers) // chapter 1's array starts zeroed

	var workers, helpers sync.WaitGroup
	done := make(chan struct{})
	errs := make(chan error, schedStressWorkers+2)
	// Each worker's operation lets each helper take one step, so that the
	// helpers' work is bounded by the workers'.
	kicks := []chan struct{}{make(chan struct{}, 1), make(chan struct{}, 1)}
	// kick wakes each helper that is idle. Every 50th operation of worker 0
	// waits until the switcher takes it, so the scheduler changes at least
	// schedStressOps/50 times under I/O however the goroutines are
	// scheduled.
	kick := func(w, op int) {
		for i, c := range kicks {
			if i == 0 && w == 0 && op%50 == 0 {
				select {
				case c <- struct{}{}:
				case <-done:
				}
				continue
			}
			select {
			case c <- struct{}{}:
			default:
			}
		}
	}
	helper := func(c chan struct{}, f func(i int) error) {
		helpers.Add(1)
		go func() {
			defer helpers.Done()
			failed := false
			for i := 0; ; i++ {
				select {
				case <-done:
					return
				case <-c:
				}
				// After a failure keep taking kicks, so that a worker
				// waiting on this helper is never left blocked.
				if failed {
					continue
				}
				if err := f(i); err != nil {
					errs <- err
					failed = true
				}
			}
		}()
	}
	switches := 0
	helper(kicks[0], func(i int) error {
		if err := sched.Write(names[i%len(names)] + "\n"); err != nil {
			return fmt.Errorf("echo %s > queue/scheduler: %v", names[i%len(names)], err)
		}
		switches++
		return nil
	})
	helper(kicks[1], func(int) error { return b.Sync() })

	for w := range schedStressWorkers {
		shadows[w] = make([]byte, schedStressRegionBytes)
		workers.Add(1)
		go func() {
			defer workers.Done()
			if err := schedStressWorker(b, w, shadows[w], kick); err != nil {
				errs <- fmt.Errorf("worker %d: %v", w, err)
			}
		}()
	}
	workers.Wait()
	close(done)
	helpers.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if switches < schedStressOps/50 {
		t.Errorf("the scheduler was switched only %d times", switches)
	}

	// Nothing written was lost, and the queue still works with nothing
	// else running: through the page cache, and from the disk after a sync.
	want := bytes.Join(shadows, nil)
	got := make([]byte, len(want))
	if n, err := b.ReadAt(got, 0); err != nil || n != len(got) {
		t.Fatalf("final ReadAt = %d, %v", n, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the page cache lost writes: %s", schedStressDiff(want, got))
	}
	if err := b.Sync(); err != nil {
		t.Fatal(err)
	}
	if n, err := b.ReadDirect(got, 0); err != nil || n != len(got) {
		t.Fatalf("final ReadDirect = %d, %v", n, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the disk lost writes: %s", schedStressDiff(want, got))
	}
	if err := b.Close(); err != nil {
		t.Error(err)
	}
	if log := k.Dmesg(); strings.Contains(log, "never completed") || strings.Contains(log, "I/O error") {
		t.Errorf("switched %d times, and the log reports failed I/O", switches)
	}
}

// schedStressWorker does worker w's random I/O inside its own region.
func schedStressWorker(b *blockdev.BlockDevice, w int, shadow []byte, kick func(w, op int)) error {
	rng := rand.New(rand.NewSource(int64(w) + 1))
	base := int64(w) * schedStressRegionBytes
	const region = schedStressRegionBytes
	for op := range schedStressOps {
		kick(w, op)
		// Mostly short transfers: reads of a few pages are what
		// anticipatory and cfq idle after, waiting for the next one.
		size := int64(512 * (1 + rng.Intn(16)))
		off := rng.Int63n((region-size)/512+1) * 512
		var n int
		var err error
		var op string
		switch rng.Intn(4) {
		case 0:
			op = "WriteAt"
			off += rng.Int63n(512) // buffered I/O need not be aligned
			size = min(size, region-off)
			p := make([]byte, size)
			rng.Read(p)
			n, err = b.WriteAt(p, base+off)
			copy(shadow[off:], p[:n])
		case 1:
			op = "WriteDirect"
			p := make([]byte, size)
			rng.Read(p)
			n, err = b.WriteDirect(p, base+off)
			copy(shadow[off:], p[:n])
		case 2:
			op = "ReadAt"
			off += rng.Int63n(512)
			size = min(size, region-off)
			p := make([]byte, size)
			n, err = b.ReadAt(p, base+off)
			if err == nil && !bytes.Equal(p, shadow[off:off+size]) {
				return fmt.Errorf("ReadAt at %d: %s", base+off, schedStressDiff(shadow[off:off+size], p))
			}
		default:
			op = "ReadDirect"
			p := make([]byte, size)
			n, err = b.ReadDirect(p, base+off)
			if err == nil && !bytes.Equal(p, shadow[off:off+size]) {
				return fmt.Errorf("ReadDirect at %d: %s", base+off, schedStressDiff(shadow[off:off+size], p))
			}
		}
		if err != nil || int64(n) != size {
			return fmt.Errorf("%s of %d bytes at %d: %d, %v", op, size, base+off, n, err)
		}
	}
	return nil
}

// schedStressDiff describes where got first differs from want.
func schedStressDiff(want, got []byte) string {
	for i := range want {
		if want[i] != got[i] {
			return fmt.Sprintf("byte %d is %#x, want %#x", i, got[i], want[i])
		}
	}
	return "no difference"
}
