package blockdev

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"simpblkdev/blockdev/mm"
)

// The stress test's shape: stressWorkers goroutines each do stressOps
// random buffered and O_DIRECT reads and writes on one disk. The disk is
// cut into blocks of stressBlockPages pages, dealt out to the workers in
// turn; a worker writes only its own blocks and checks every byte of them
// that it reads against its shadow copy, so what it expects is well
// defined, while it reads anywhere (others' bytes just must arrive without
// error). Meanwhile other goroutines switch the scheduler, sync, read
// /sys and /proc files and keep memory so low that the page cache must be
// reclaimed, until the workers are done.
const (
	stressWorkers    = 8
	stressOps        = 1000
	stressBlockPages = 4
	stressFreePages  = 256 // what the memory hog gives back at a time
)

// stressOwner says which worker owns the byte at off.
func stressOwner(off int64) int {
	return int(off / (stressBlockPages * mm.PAGE_SIZE) % stressWorkers)
}

func TestPageCacheStress(t *testing.T) {
	// This package's kernel links one scheduler (fifo_iosched_test.go);
	// a second one under another name gives the switches something to do.
	elvMu.Lock()
	saved := elvList
	elvList = append(append([]*ElevatorType(nil), saved...), &ElevatorType{Name: "fifo",
		Init: func(q *RequestQueue) (ElevatorOps, error) { return &fifoSched{q: q}, nil }})
	elvMu.Unlock()
	t.Cleanup(func() {
		elvMu.Lock()
		elvList = saved
		elvMu.Unlock()
	})
	k, d, b := loadSmallRamdisk(t)
	before := k.Mem.NrFreePages()
	var reclaims, reclaimed atomic.Int64
	k.Mem.SetShrinker(func(n int) int {
		freed := k.shrinkCaches(n)
		reclaims.Add(1)
		reclaimed.Add(int64(freed))
		return freed
	})
	shadow := bytes.Clone(d.data) // each worker touches only its own bytes

	var workers, helpers sync.WaitGroup
	done := make(chan struct{})
	errs := make(chan error, 64)
	report := func(err error) {
		select {
		case errs <- err:
		default:
		}
	}
	var nomem atomic.Int64
	// Each worker's operation lets every helper take one step, so the
	// helpers' work is bounded by the workers' and does not starve them.
	var kicks []chan struct{}
	kick := func() {
		for _, c := range kicks {
			select {
			case c <- struct{}{}:
			default:
			}
		}
	}
	helper := func(f func(i int) error) {
		c := make(chan struct{}, 1)
		kicks = append(kicks, c)
		helpers.Add(1)
		go func() {
			defer helpers.Done()
			for i := 0; ; i++ {
				select {
				case <-done:
					return
				case <-c:
				}
				if err := f(i); err != nil {
					report(err)
					return
				}
			}
		}()
	}
	var switches atomic.Int64
	helper(stressSwitchScheduler(k, &switches))
	helper(func(int) error { return b.Sync() })
	helper(stressReadSysfs(k))
	hog := &stressHog{k: k}
	hog.step(0) // the workers start with no page free
	helper(func(i int) error { return hog.step(i + 1) })

	for w := range stressWorkers {
		workers.Add(1)
		go func() {
			defer workers.Done()
			if err := stressWorker(b, w, shadow, &nomem, kick); err != nil {
				report(fmt.Errorf("worker %d: %w", w, err))
			}
		}()
	}
	workers.Wait()
	close(done)
	helpers.Wait()
	hog.release()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		t.Log(k.Dmesg())
	}
	t.Logf("%d scheduler switches; %d reclaims freed %d page-cache pages; %d operations ran out of memory",
		switches.Load(), reclaims.Load(), reclaimed.Load(), nomem.Load())
	if switches.Load() < 2 {
		t.Errorf("the scheduler was switched %d times", switches.Load())
	}
	if reclaims.Load() == 0 {
		t.Error("memory never ran low enough for reclaim")
	}
	// How many operations find memory depends on how the hog and the
	// workers interleave (runs have seen 60 to 6500 of 8000 fail), so ask
	// only that a sixteenth of them did I/O: enough to check the shadows
	// against, and never flaky.
	if n := nomem.Load(); n > stressWorkers*stressOps*15/16 {
		t.Errorf("%d of %d operations ran out of memory: too few did I/O", n, stressWorkers*stressOps)
	}

	// Nothing written was lost: the cache, and after a sync the disk, hold
	// what the shadows say.
	got := make([]byte, ramdiskBytes)
	if n, err := b.ReadAt(got, 0); err != nil || n != len(got) {
		t.Fatalf("final ReadAt = %d, %v", n, err)
	}
	if !bytes.Equal(got, shadow) {
		t.Errorf("the page cache lost writes: %s", stressDiff(shadow, got))
	}
	if err := b.Sync(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(d.data, shadow) {
		t.Errorf("the disk lost writes: %s", stressDiff(shadow, d.data))
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if n := cachedPages(b); n != 0 {
		t.Errorf("%d pages still cached after the last close", n)
	}
	if after := k.Mem.NrFreePages(); after != before {
		t.Errorf("%d free pages at the end, %d at the start", after, before)
	}
}

// stressWorker does worker w's share of the random I/O.
func stressWorker(b *BlockDevice, w int, shadow []byte, nomem *atomic.Int64, kick func()) error {
	rng := rand.New(rand.NewSource(int64(w) + 1))
	const blockBytes = stressBlockPages * mm.PAGE_SIZE
	ownBlock := func() int64 {
		nblocks := int64(ramdiskBytes / blockBytes / stressWorkers)
		return (rng.Int63n(nblocks)*stressWorkers + int64(w)) * blockBytes
	}
	// check compares the bytes of p that w owns with the shadow.
	check := func(op string, p []byte, off int64) error {
		for i := range p {
			if stressOwner(off+int64(i)) == w && p[i] != shadow[off+int64(i)] {
				return fmt.Errorf("%s at %d: byte %d is %#x, want %#x", op, off, off+int64(i), p[i], shadow[off+int64(i)])
			}
		}
		return nil
	}
	// outcome accepts a short count with ENOMEM: memory is meant to run out.
	outcome := func(op string, n, want int, err error) error {
		if errors.Is(err, ENOMEM) {
			nomem.Add(1)
			return nil
		}
		if err != nil || n != want {
			return fmt.Errorf("%s: %d of %d bytes, %v", op, n, want, err)
		}
		return nil
	}
	for range stressOps {
		kick()
		switch op := rng.Intn(10); {
		case op < 3: // buffered write inside one of w's blocks
			start := ownBlock()
			off := start + rng.Int63n(blockBytes)
			p := make([]byte, 1+rng.Int63n(start+blockBytes-off))
			rng.Read(p)
			n, err := b.WriteAt(p, off)
			copy(shadow[off:], p[:n])
			if err := outcome("WriteAt", n, len(p), err); err != nil {
				return err
			}
		case op < 5: // O_DIRECT write inside one of w's blocks
			start := ownBlock()
			off := start + rng.Int63n(blockBytes/512)*512
			p := make([]byte, (1+rng.Int63n((start+blockBytes-off)/512))*512)
			rng.Read(p)
			n, err := b.WriteDirect(p, off)
			copy(shadow[off:], p[:n])
			if err := outcome("WriteDirect", n, len(p), err); err != nil {
				return err
			}
		case op < 8: // buffered read anywhere
			off := rng.Int63n(ramdiskBytes)
			p := make([]byte, 1+rng.Int63n(min(64<<10, ramdiskBytes-off)))
			n, err := b.ReadAt(p, off)
			if err := outcome("ReadAt", n, len(p), err); err != nil {
				return err
			}
			if err := check("ReadAt", p[:n], off); err != nil {
				return err
			}
		default: // O_DIRECT read anywhere
			off := rng.Int63n(ramdiskBytes/512) * 512
			p := make([]byte, (1+rng.Int63n(min(64<<10, ramdiskBytes-off)/512))*512)
			n, err := b.ReadDirect(p, off)
			if err := outcome("ReadDirect", n, len(p), err); err != nil {
				return err
			}
			if err := check("ReadDirect", p[:n], off); err != nil {
				return err
			}
		}
	}
	return nil
}

// stressSwitchScheduler writes, in turn, each scheduler the queue's
// scheduler file offers, as echo NAME > .../queue/scheduler does.
func stressSwitchScheduler(k *Kernel, switches *atomic.Int64) func(i int) error {
	return func(i int) error {
		n, err := k.Lstat("/sys/block/ramdisk/queue/scheduler")
		if err != nil {
			return err
		}
		s, err := n.Show()
		if err != nil {
			return err
		}
		names := strings.Fields(strings.NewReplacer("[", "", "]", "").Replace(s))
		if len(names) == 0 {
			return fmt.Errorf("scheduler file reads %q", s)
		}
		if err := n.Write(names[i%len(names)] + "\n"); err != nil {
			return err
		}
		switches.Add(1)
		return nil
	}
}

// stressReadSysfs reads the disk's /sys files and /proc/buddyinfo.
func stressReadSysfs(k *Kernel) func(int) error {
	files := []string{"/sys/block/ramdisk/stat", "/sys/block/ramdisk/size",
		"/sys/block/ramdisk/queue/nr_requests", "/sys/block/ramdisk/queue/scheduler", "/proc/buddyinfo"}
	return func(i int) error {
		n, err := k.Lstat(files[i%len(files)])
		if err != nil {
			return err
		}
		_, err = n.Show()
		return err
	}
}

// stressHog keeps memory low: in turn it takes every free page (without
// reclaiming: GFP_NOWARN alone, as GFP_ATOMIC) and gives back
// stressFreePages of them, so that the workers' allocations often find
// nothing free and must reclaim page-cache pages.
type stressHog struct {
	k    *Kernel
	held []*mm.Page
}

func (h *stressHog) step(i int) error {
	if i%2 == 1 {
		for range min(stressFreePages, len(h.held)) {
			h.k.Mem.FreePages(h.held[len(h.held)-1], 0)
			h.held = h.held[:len(h.held)-1]
		}
		return nil
	}
	for {
		p := h.k.Mem.AllocPages(mm.GFP_NOWARN, 0)
		if p == nil {
			return nil
		}
		h.held = append(h.held, p)
	}
}

func (h *stressHog) release() {
	for _, p := range h.held {
		h.k.Mem.FreePages(p, 0)
	}
	h.held = nil
}

// stressDiff describes where got first differs from want.
func stressDiff(want, got []byte) string {
	for i := range want {
		if want[i] != got[i] {
			return fmt.Sprintf("byte %d (worker %d's) is %#x, want %#x", i, stressOwner(int64(i)), got[i], want[i])
		}
	}
	return "no difference"
}
