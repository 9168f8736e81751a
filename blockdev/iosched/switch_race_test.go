package iosched

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
)

// TestIoschedSwitchRace switches the scheduler through queue/scheduler while
// another goroutine reads that file and the test does O_DIRECT I/O. Under
// -race it checks the lock rule of RequestQueue.Elevator (every write of the
// pointer against every read: the request path's, sysfs's); and every read
// must return what was written, and the file must always name exactly one
// scheduler.
func TestIoschedSwitchRace(t *testing.T) {
	d := newIoschedDisk(t, "noop")
	n, err := d.k.Lstat("/sys/block/iosched/queue/scheduler")
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"noop", "anticipatory", "deadline", "cfq"}
	valid := map[string]bool{}
	for _, cur := range names {
		s := ""
		for _, name := range names {
			if name == cur {
				s += "[" + name + "] "
			} else {
				s += name + " "
			}
		}
		valid[s+"\n"] = true
	}

	stop := make(chan struct{})
	errs := make(chan error, 2)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // echo NAME > queue/scheduler, round and round
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := n.Write(names[i%len(names)] + "\n"); err != nil {
				errs <- fmt.Errorf("switch to %s: %v", names[i%len(names)], err)
				return
			}
		}
	}()
	go func() { // cat queue/scheduler
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			s, err := n.Show()
			if err != nil || !valid[s] {
				errs <- fmt.Errorf("queue/scheduler reads %q, %v", s, err)
				return
			}
		}
	}()

	const block = 4096
	got := make([]byte, block)
	for i := 0; i < 200; i++ {
		off := int64(i%32) * block
		want := bytes.Repeat([]byte{byte(i), byte(i >> 8), 0x5a, byte(off >> 12)}, block/4)
		if _, err := d.bdev.WriteDirect(want, off); err != nil {
			t.Fatalf("write %d at %d: %v", i, off, err)
		}
		if _, err := d.bdev.ReadDirect(got, off); err != nil {
			t.Fatalf("read %d at %d: %v", i, off, err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("read %d at %d does not return what was written", i, off)
		}
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		t.Log(d.k.Dmesg())
	}
}
