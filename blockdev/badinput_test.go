package blockdev

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"

	"simpblkdev/blockdev/mm"
)

// TestBadBios: bios no correct caller builds end with -EIO and a log line,
// and never reach the driver.
func TestBadBios(t *testing.T) {
	tests := []struct {
		name string
		make func(k *Kernel, b *BlockDevice) *Bio
		log  string
	}{
		{"past the end", func(k *Kernel, b *BlockDevice) *Bio {
			return pageBio(k, b, ramdiskBytes/512-4, make([]byte, 4096))
		}, "ramdisk: rw=1, want=2052, limit=2048"},
		{"starting past the end", func(k *Kernel, b *BlockDevice) *Bio {
			return pageBio(k, b, 1<<40, make([]byte, 4096))
		}, "attempt to access beyond end of device"},
		{"zero length", func(k *Kernel, b *BlockDevice) *Bio {
			bio := BioAlloc(1)
			bio.BiBdev = b
			return bio
		}, "generic_make_request: zero-length bio"},
		{"segment past its page", func(k *Kernel, b *BlockDevice) *Bio {
			bio := pageBio(k, b, 0, make([]byte, 512))
			bio.BiIoVec[0].BvOffset = 3840
			return bio
		}, "generic_make_request: bad bio_vec (offset 3840, len 512)"},
		{"size disagrees with segments", func(k *Kernel, b *BlockDevice) *Bio {
			bio := pageBio(k, b, 0, make([]byte, 1024))
			bio.BiSize = 4096
			return bio
		}, "generic_make_request: bi_size 4096 disagrees with its bio_vecs (1024)"},
		{"unknown rw bits", func(k *Kernel, b *BlockDevice) *Bio {
			bio := pageBio(k, b, 0, make([]byte, 512))
			bio.BiRw = 1 << 9
			return bio
		}, "generic_make_request: bad bi_rw 0x201"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, d, b := loadRamdisk(t, false)
			bio := tt.make(k, b)
			errno := k.SubmitBioWait(nil, WRITE, bio)
			if errno != -EIO {
				t.Errorf("bio ended with %v, want -EIO", errno)
			}
			if !strings.Contains(k.Dmesg(), tt.log+"\n") {
				t.Errorf("dmesg lacks %q:\n%s", tt.log, k.Dmesg())
			}
			if len(d.seen) != 0 {
				t.Errorf("the driver saw %d requests", len(d.seen))
			}
		})
	}
}

// TestModuleErrors: the errors insmod and rmmod get for bad requests.
func TestModuleErrors(t *testing.T) {
	k, err := Boot(Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	info := ramdiskModule("ramdisk", false, false)
	if _, err := k.InitModule(info, "size=1"); err != ENOENT || !strings.Contains(k.Dmesg(), "ramdisk: Unknown parameter `size'\n") {
		t.Errorf("unknown parameter: %v, dmesg %q", err, k.Dmesg())
	}
	if _, err := k.InitModule(info, ""); err != nil {
		t.Fatalf("insmod: %v", err)
	}
	if _, err := k.InitModule(info, ""); err != EEXIST {
		t.Errorf("second insmod = %v, want EEXIST", err)
	}
	if err := k.DeleteModule("nosuch"); err != ENOENT {
		t.Errorf("rmmod of an unknown module = %v, want ENOENT", err)
	}
	if err := k.DeleteModule("ramdisk"); err != nil {
		t.Errorf("rmmod = %v", err)
	}
	if err := k.DeleteModule("ramdisk"); err != ENOENT {
		t.Errorf("double rmmod = %v, want ENOENT", err)
	}
}

// TestUnknownScheduler: writing an unknown name to queue/scheduler fails
// with EINVAL, logs the kernel's line and keeps the scheduler.
func TestUnknownScheduler(t *testing.T) {
	k, _, _ := loadRamdisk(t, false)
	n, err := k.Lstat("/sys/block/ramdisk/queue/scheduler")
	if err != nil {
		t.Fatal(err)
	}
	before, _ := n.Show()
	if err := n.Write("bfq\n"); err != EINVAL {
		t.Errorf("store bfq = %v, want EINVAL", err)
	}
	if !strings.Contains(k.Dmesg(), "elevator: type bfq not found\n") {
		t.Errorf("dmesg: %q", k.Dmesg())
	}
	if after, _ := n.Show(); after != before {
		t.Errorf("scheduler changed from %q to %q", before, after)
	}
}

// TestBioBasedQueueHasNoQueueDir: blk_register_queue does nothing for a
// queue without request_fn, so sysfs shows no queue/ (chapter 3's point).
func TestBioBasedQueueHasNoQueueDir(t *testing.T) {
	for _, bioBased := range []bool{false, true} {
		k, _, _ := loadRamdisk(t, bioBased)
		_, err := k.Lstat("/sys/block/ramdisk/queue")
		if bioBased && err == nil {
			t.Error("a bio-based disk has queue/")
		}
		if !bioBased && err != nil {
			t.Errorf("a request-based disk has no queue/: %v", err)
		}
	}
}

// TestHighMemBounce: O_DIRECT I/O from HighMem user pages reaches a
// request-based driver through lowmem bounce pages and a bio-based driver,
// which kmaps, directly; the data survives both ways.
func TestHighMemBounce(t *testing.T) {
	for _, bioBased := range []bool{false, true} {
		k, _, b := loadRamdisk(t, bioBased)
		want := bytes.Repeat([]byte("bounce me "), 6554)[:64<<10]
		if _, err := b.WriteDirect(want, 8192); err != nil {
			t.Fatalf("write: %v", err)
		}
		got := make([]byte, len(want))
		if _, err := b.ReadDirect(got, 8192); err != nil {
			t.Fatalf("read: %v", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("bioBased=%v: data differs after a direct round trip", bioBased)
		}
		if n := k.Mem.KmapsInUse(); n != 0 {
			t.Errorf("%d kmaps left", n)
		}
	}
}

// TestKmapLeakReported: a driver that forgets kunmap is reported at rmmod.
func TestKmapLeakReported(t *testing.T) {
	k, err := Boot(Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.InitModule(ramdiskModule("leaky", true, true), ""); err != nil {
		t.Fatal(err)
	}
	b, err := k.Open("/dev/leaky")
	if err != nil {
		t.Fatal(err)
	}
	// Find a HighMem page: only those take a kmap slot.
	var p *mm.Page
	for p == nil || !p.IsHighMem() {
		p = k.Mem.AllocPages(mm.GFP_HIGHUSER, 0)
	}
	bio := BioAlloc(1)
	bio.BiBdev = b
	BioAddPage(bio, p, 4096, 0)
	k.SubmitBioWait(nil, WRITE, bio)
	b.Close()
	k.DeleteModule("leaky")
	if !strings.Contains(k.Dmesg(), "leaky: 1 kmap(s) still mapped at unload\n") {
		t.Errorf("dmesg: %q", k.Dmesg())
	}
}

// TestConcurrentSubmitters: four goroutines write and read back their own
// regions at once through the request path.
func TestConcurrentSubmitters(t *testing.T) {
	for _, bioBased := range []bool{false, true} {
		k, _, b := loadRamdisk(t, bioBased)
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func(g int) {
				defer wg.Done()
				task := &Task{Pid: 100 + g, Comm: fmt.Sprint("writer", g)}
				for i := 0; i < 16; i++ {
					sector := uint64(g*512 + i*8)
					want := bytes.Repeat([]byte{byte(g*16 + i)}, 4096)
					if errno := k.SubmitBioWait(task, WRITE, pageBio(k, b, sector, want)); errno != 0 {
						errs <- errno
						return
					}
					rd := pageBio(k, b, sector, make([]byte, 4096))
					if errno := k.SubmitBioWait(task, READ, rd); errno != 0 {
						errs <- errno
						return
					}
					got := make([]byte, 4096)
					k.Mem.ReadPage(rd.BiIoVec[0].BvPage, 0, got)
					if !bytes.Equal(got, want) {
						errs <- fmt.Errorf("goroutine %d, sector %d: data differs", g, sector)
						return
					}
				}
			}(g)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	}
}
