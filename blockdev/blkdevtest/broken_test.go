package blkdevtest_test

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/blkdevtest"
	"simpblkdev/blockdev/mm"
	step01array "simpblkdev/step01_array"
	step03makerequest "simpblkdev/step03_makerequest"
)

// broken is a chapter's driver with a student's bug put in after its init:
// breakQueue replaces what the kernel calls on its queue, breakInit runs
// before the chapter's init.
func broken(base *blockdev.ModuleInfo, breakInit func(k *blockdev.Kernel), breakQueue func(q *blockdev.RequestQueue)) *blockdev.ModuleInfo {
	info := *base
	info.New = func(k *blockdev.Kernel, this *blockdev.Module) blockdev.ModuleCode {
		return &brokenCode{base.New(k, this), k, breakInit, breakQueue}
	}
	return &info
}

type brokenCode struct {
	blockdev.ModuleCode
	k          *blockdev.Kernel
	breakInit  func(k *blockdev.Kernel)
	breakQueue func(q *blockdev.RequestQueue)
}

func (c *brokenCode) Init() blockdev.Errno {
	if c.breakInit != nil {
		c.breakInit(c.k)
	}
	if ret := c.ModuleCode.Init(); ret != 0 {
		return ret
	}
	if c.breakQueue != nil {
		for _, d := range c.k.Disks() {
			c.breakQueue(d.Queue)
		}
	}
	return 0
}

// The bugs, each a function of its own so that the oops names it.
func doRequestNilPointer(q *blockdev.RequestQueue) {
	var req *blockdev.Request
	req.Sector = 0
}

func makeRequestNilMap(q *blockdev.RequestQueue, bio *blockdev.Bio) int {
	var done map[*blockdev.Bio]bool
	done[bio] = true
	return 0
}

func makeRequestForgetsTheBio(q *blockdev.RequestQueue, bio *blockdev.Bio) int { return 0 }

func initPanics(k *blockdev.Kernel) {
	var disk *blockdev.Gendisk
	disk.DiskName = "simp_blkdev"
}

func initLeaksAPage(k *blockdev.Kernel) { k.Mem.AllocPages(mm.GFP_KERNEL, 0) }

// kmapLeaker kmaps each bio's first page and never kunmaps it.
func kmapLeaker(q *blockdev.RequestQueue) {
	mfn := q.MakeRequestFn
	blockdev.BlkQueueMakeRequest(q, func(q *blockdev.RequestQueue, bio *blockdev.Bio) int {
		q.Kernel().Mem.Kmap(bio.BiIoVec[0].BvPage)
		return mfn(q, bio)
	})
}

// TestBrokenDrivers: a driver that oopses, hangs, never ends a bio or
// leaks fails the checks it breaks, each with the reason, and the other
// checks run and pass.
func TestBrokenDrivers(t *testing.T) {
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) })
	hangs := func(q *blockdev.RequestQueue) {
		rfn := q.RequestFn
		q.RequestFn = func(q *blockdev.RequestQueue) {
			<-stop // a loop that never ends, until the test does
			rfn(q)
		}
	}
	only := func(b func(q *blockdev.RequestQueue)) func(q *blockdev.RequestQueue) { return b }
	tests := []struct {
		name   string
		module *blockdev.ModuleInfo
		ch     blkdevtest.Chapter
		fails  []string
		want   []string // in the first failure's message
	}{
		{"request function dereferences nil", broken(step01array.Module, nil, only(func(q *blockdev.RequestQueue) { q.RequestFn = doRequestNilPointer })), 1,
			[]string{"round trips", "no kmap at unload", "rmmod gives everything back"},
			[]string{"oops in doRequestNilPointer", "BUG: unable to handle kernel NULL pointer dereference at virtual address 00000000",
				"Oops: 0000 [#1]", "Modules linked in: simp_blkdev", "Tainted: P     ", "EIP is at doRequestNilPointer+0x", "[simp_blkdev]", "broken_test.go:53"}},
		{"make_request writes to a nil map", broken(step03makerequest.Module, nil, only(func(q *blockdev.RequestQueue) { blockdev.BlkQueueMakeRequest(q, makeRequestNilMap) })), 3,
			[]string{"round trips", "no kmap at unload", "rmmod gives everything back"},
			[]string{"EIP is at makeRequestNilMap+0x", "Oops: 0002 [#1]", "assignment to entry in nil map"}},
		{"request function never returns", broken(step01array.Module, nil, hangs), 1,
			[]string{"round trips", "no kmap at unload", "rmmod gives everything back"},
			[]string{"hung: O_DIRECT write (blkdevtest.checkRoundTrips at io.go:", "still running after ", "broken_test.go"}},
		{"make_request never ends its bio", broken(step03makerequest.Module, nil, only(func(q *blockdev.RequestQueue) { blockdev.BlkQueueMakeRequest(q, makeRequestForgetsTheBio) })), 3,
			[]string{"round trips", "no kmap at unload", "rmmod gives everything back"},
			[]string{"Input/output error"}},
		{"make_request leaks a kmap", broken(step03makerequest.Module, nil, kmapLeaker), 3,
			[]string{"no kmap at unload", "rmmod gives everything back"},
			[]string{"17 kmap(s) still mapped after rmmod"}},
		{"init leaks a page", broken(step01array.Module, initLeaksAPage, nil), 1,
			[]string{"rmmod gives everything back"},
			[]string{"262079 free pages, 262080 before insmod"}},
		{"init oopses", broken(step01array.Module, initPanics, nil), 1,
			[]string{"round trips", "no kmap at unload", "rmmod gives everything back", "lsmod"},
			[]string{"insmod: killed by signal 11 (Segmentation fault)", "EIP is at initPanics+0x", "Oops: 0000 [#1]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			all, err := blkdevtest.Tests(tt.ch)
			if err != nil {
				t.Fatal(err)
			}
			some := slices.DeleteFunc(all, func(c blkdevtest.Test) bool {
				return !slices.Contains([]string{"round trips", "no kmap at unload", "rmmod gives everything back", "lsmod"}, c.Name)
			})
			if tt.name == "request function never returns" {
				// The checks that hang get a short deadline; lsmod, which
				// must pass, keeps the default, so that a loaded machine
				// cannot make it look hung too.
				deadline := "300ms"
				if blkdevtest.RaceEnabled {
					deadline = "3s"
				}
				t.Setenv("BLKDEVTEST_DEADLINE", deadline)
				hung := blkdevtest.CheckTests(tt.module, some[:len(some)-1])
				os.Unsetenv("BLKDEVTEST_DEADLINE")
				err = errors.Join(append(hung.(interface{ Unwrap() []error }).Unwrap(),
					blkdevtest.CheckTests(tt.module, some[len(some)-1:]))...)
			} else {
				err = blkdevtest.CheckTests(tt.module, some)
			}
			if got := failedChecks(t, err); !slices.Equal(got, tt.fails) {
				t.Errorf("failed checks %q, want %q:\n%v", got, tt.fails, err)
			}
			var f *blkdevtest.Failure
			if !errors.As(err, &f) {
				t.Fatalf("%v has no Failure", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(f.Error(), w) {
					t.Errorf("%s's failure lacks %q:\n%v", f.Check, w, f)
				}
			}
			t.Logf("%v", err)
		})
	}
}

// TestRepeatedOopsIsNamed: a driver that oopses the same way in every
// check shows the oops in full once, in the first check that failed with
// it; the later checks name it and that check.
func TestRepeatedOopsIsNamed(t *testing.T) {
	module := broken(step01array.Module, nil, func(q *blockdev.RequestQueue) { q.RequestFn = doRequestNilPointer })
	all, err := blkdevtest.Tests(1)
	if err != nil {
		t.Fatal(err)
	}
	some := slices.DeleteFunc(all, func(c blkdevtest.Test) bool {
		return !slices.Contains([]string{"round trips", "no kmap at unload", "rmmod gives everything back"}, c.Name)
	})
	failures := blkdevtest.CheckTests(module, some).(interface{ Unwrap() []error }).Unwrap()
	if len(failures) != 3 {
		t.Fatalf("%d failures, want 3:\n%v", len(failures), errors.Join(failures...))
	}
	const bug = "BUG: unable to handle kernel NULL pointer dereference"
	if s := failures[0].Error(); !strings.Contains(s, "oops in doRequestNilPointer:\n"+bug) {
		t.Errorf("the first failure lacks the oops in full:\n%s", s)
	}
	for _, f := range failures[1:] {
		s := f.Error()
		if strings.Contains(s, bug) || !strings.HasSuffix(s, "\noops in doRequestNilPointer: the same oops as in round trips, above") {
			t.Errorf("a later failure shows the oops again, or does not name it:\n%s", s)
		}
	}
}
