package iosched

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/google/go-cmp/cmp"

	"simpblkdev/blockdev"
)

// Tests of the I/O schedulers (noop, anticipatory, deadline, cfq). Each
// table row is a fixed workload on the test RAM disk (iosched_helpers_test.go)
// and the order in which the driver's request function first sees the
// requests: sector, size in sectors, direction, submitting pid, and the
// virtual time (jiffies after setup, HZ=250) it saw them at.
//
// Pids: 10 is process A, 20 process B, 30 a writer.

// R and W build a one-page (8-sector) bio of the workload.
func ioR(pid int, sector uint64) ioschedIO { return ioschedIO{Pid: pid, Sector: sector, Pages: 1} }
func ioW(pid int, sector uint64) ioschedIO {
	return ioschedIO{Pid: pid, Write: true, Sector: sector, Pages: 1}
}

// rec builds an expected record of a one-page request seen at jiffy at.
func rec(dir string, pid int, sector uint64, at uint64) ioschedRec {
	return ioschedRec{Sector: sector, Sectors: 8, Dir: dir, Pid: pid, At: at}
}

// TestIoschedRegistrationOrder: queue/scheduler lists the schedulers in the
// kernel's link order, cfq (the default) chosen, whichever was switched to
// in between.
func TestIoschedRegistrationOrder(t *testing.T) {
	d := newIoschedDisk(t, "cfq")
	n, err := d.k.Lstat("/sys/block/iosched/queue/scheduler")
	if err != nil {
		t.Fatal(err)
	}
	show := func() string {
		t.Helper()
		s, err := n.Show()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if got, want := show(), "noop anticipatory deadline [cfq] \n"; got != want {
		t.Errorf("queue/scheduler = %q, want %q", got, want)
	}
	for _, name := range []string{"noop", "anticipatory", "deadline", "cfq"} {
		if errno := blockdev.ElvIoschedStore(d.q, name); errno != 0 {
			t.Fatalf("switch to %s: %v", name, errno)
		}
		if got := d.elevatorName(); got != name {
			t.Errorf("after writing %s the queue uses %s", name, got)
		}
	}
	if got, want := show(), "noop anticipatory deadline [cfq] \n"; got != want {
		t.Errorf("queue/scheduler after switching around = %q, want %q", got, want)
	}
}

// ioschedCase is one row of a scheduler's table: run drives the disk, want
// is the order the driver saw the requests in.
type ioschedCase struct {
	name string
	run  func(d *ioschedDisk)
	want []ioschedRec
}

func runIoschedCases(t *testing.T, elevator string, cases []ioschedCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := newIoschedDisk(t, elevator)
			tc.run(d)
			if diff := cmp.Diff(tc.want, d.log); diff != "" {
				t.Errorf("%s: dispatch order (-want +got):\n%s", elevator, diff)
			}
			d.checkAllEnded()
			d.checkData()
		})
	}
}

// noop: one FIFO; neighbouring bios merge into one request through the
// block layer's one-hit cache (front and back) and end-sector hash (back).
func TestIoschedNoop(t *testing.T) {
	runIoschedCases(t, "noop", []ioschedCase{
		{
			// R@5000 first; then R@8, R@16 (back merge), R@0 (front
			// merge through last_merge), R@24 (back merge through the
			// hash): one read of 32 sectors; W@32 is adjacent but of the
			// other direction. Three requests, so the queue stays
			// plugged until it is unplugged.
			name: "FIFO order, neighbours merged",
			run: func(d *ioschedDisk) {
				d.submitAll([]ioschedIO{ioR(10, 5000), ioR(10, 8), ioR(10, 16), ioR(10, 0), ioR(10, 24), ioW(30, 32)})
				blockdev.GenericUnplugDevice(d.q)
			},
			want: []ioschedRec{
				rec("R", 10, 5000, 0),
				{Sector: 0, Sectors: 32, Dir: "R", Pid: 10},
				rec("W", 30, 32, 0),
			},
		},
		{
			// A fourth request unplugs the queue by itself
			// (unplug_thresh 4): the driver runs as it is added.
			name: "unplug threshold",
			run: func(d *ioschedDisk) {
				d.submitAll([]ioschedIO{ioR(10, 300), ioR(10, 100), ioR(10, 200), ioR(10, 400), ioR(10, 50)})
				d.k.Sleep(5)
			},
			want: []ioschedRec{rec("R", 10, 300, 0), rec("R", 10, 100, 0), rec("R", 10, 200, 0), rec("R", 10, 400, 0), rec("R", 10, 50, 1)},
		},
	})
}

// deadline: reads before writes unless writes starved, batches in sector
// order, expired FIFO heads first, front merges through the sorted list.
func TestIoschedDeadline(t *testing.T) {
	seq := []ioschedIO{ioW(30, 5000), ioR(10, 0), ioR(10, 8), ioR(10, 16), ioR(10, 24), ioR(10, 32)}
	expiry := []ioschedIO{ioR(10, 100), ioR(10, 9000), ioR(10, 200), ioR(10, 300), ioR(10, 400)}
	runIoschedCases(t, "deadline", []ioschedCase{
		{
			// Scattered requests each end a batch. Reads go first, but
			// after two read batches (writes_starved) with writes waiting,
			// the oldest write goes; a new batch starts at the FIFO head
			// when the sweep ran off the end.
			name: "scattered reads and writes",
			run: func(d *ioschedDisk) {
				d.hold()
				d.submitAll([]ioschedIO{ioW(30, 5000), ioR(10, 300), ioW(30, 1000), ioR(10, 100), ioR(10, 200), ioR(10, 400), ioW(30, 3000)})
				d.release(-1)
			},
			want: []ioschedRec{
				rec("R", 10, 300, 0), rec("R", 10, 400, 0), rec("W", 30, 5000, 0),
				rec("R", 10, 100, 0), rec("R", 10, 200, 0), rec("W", 30, 1000, 0), rec("W", 30, 3000, 0),
			},
		},
		{
			// max_sectors 8 keeps sequential bios apart: five sequential
			// reads are one batch (fifo_batch 16) while the write waits.
			name: "sequential reads are one batch",
			run: func(d *ioschedDisk) {
				blockdev.BlkQueueMaxSectors(d.q, 8)
				d.hold()
				d.submitAll(seq)
				d.release(-1)
			},
			want: []ioschedRec{
				rec("R", 10, 0, 0), rec("R", 10, 8, 0), rec("R", 10, 16, 0), rec("R", 10, 24, 0), rec("R", 10, 32, 0),
				rec("W", 30, 5000, 0),
			},
		},
		{
			// fifo_batch 2: batches of two; the third batch is the
			// starved write, and the sweep restarts at the read FIFO.
			name: "fifo_batch 2",
			run: func(d *ioschedDisk) {
				blockdev.BlkQueueMaxSectors(d.q, 8)
				d.storeAttr("fifo_batch", "2")
				d.hold()
				d.submitAll(seq)
				d.release(-1)
			},
			want: []ioschedRec{
				rec("R", 10, 0, 0), rec("R", 10, 8, 0), rec("R", 10, 16, 0), rec("R", 10, 24, 0),
				rec("W", 30, 5000, 0), rec("R", 10, 32, 0),
			},
		},
		{
			// The device takes R@100; the sweep then goes on upwards:
			// 200, 300, 400, and R@9000 last.
			name: "sweep before read_expire",
			run: func(d *ioschedDisk) {
				d.hold()
				d.submitAll(expiry)
				d.release(1)
				d.release(-1)
			},
			want: []ioschedRec{rec("R", 10, 100, 0), rec("R", 10, 200, 0), rec("R", 10, 300, 0), rec("R", 10, 400, 0), rec("R", 10, 9000, 0)},
		},
		{
			// The same, but the device is busy for 130 jiffies, past
			// read_expire (500 ms = 125 jiffies): the expired FIFO head
			// R@9000 jumps the sweep, which then restarts at 200.
			name: "expired FIFO head jumps the sweep",
			run: func(d *ioschedDisk) {
				d.hold()
				d.submitAll(expiry)
				d.release(1)
				d.k.Sleep(130)
				d.release(-1)
			},
			want: []ioschedRec{rec("R", 10, 100, 0), rec("R", 10, 9000, 130), rec("R", 10, 200, 130), rec("R", 10, 300, 130), rec("R", 10, 400, 130)},
		},
		{
			// R@492 ends where R@500 starts; the one-hit cache holds R@100
			// and the hash knows no request ending at 492, so deadline's
			// sorted list finds the front merge.
			name: "front merge through the sorted list",
			run: func(d *ioschedDisk) {
				d.submitAll([]ioschedIO{ioR(10, 100), ioR(10, 500), ioR(10, 492)})
				blockdev.GenericUnplugDevice(d.q)
			},
			want: []ioschedRec{rec("R", 10, 100, 0), {Sector: 492, Sectors: 16, Dir: "R", Pid: 10}},
		},
		{
			name: "front_merges 0",
			run: func(d *ioschedDisk) {
				d.storeAttr("front_merges", "0")
				d.submitAll([]ioschedIO{ioR(10, 100), ioR(10, 500), ioR(10, 492)})
				blockdev.GenericUnplugDevice(d.q)
			},
			want: []ioschedRec{rec("R", 10, 100, 0), rec("R", 10, 492, 0), rec("R", 10, 500, 0)},
		},
	})
}

// anticipatory: after A's read completes, B's far read waits up to
// antic_expire (HZ/150 = 1 jiffy) for A's next read near the last one.
func TestIoschedAnticipatory(t *testing.T) {
	// A reads sector 0 and B sector 100000 (far away: more than 8192
	// sectors); the queue is unplugged; A's read is served first (oldest).
	start := func(d *ioschedDisk, bSector uint64) {
		d.submitAll([]ioschedIO{ioR(10, 0), ioR(20, bSector)})
		blockdev.GenericUnplugDevice(d.q)
	}
	runIoschedCases(t, "anticipatory", []ioschedCase{
		{
			// A sends its next read (sector 8) while the disk idles for
			// it: it ends the wait at once and goes before B.
			name: "A's close read within antic_expire goes first",
			run: func(d *ioschedDisk) {
				start(d, 100000)
				d.submit(ioR(10, 8))
				d.k.Sleep(10)
			},
			want: []ioschedRec{rec("R", 10, 0, 0), rec("R", 10, 8, 0), rec("R", 20, 100000, 0)},
		},
		{
			// A sends nothing: B is served when the antic timer fires.
			name: "B after the anticipation times out",
			run: func(d *ioschedDisk) {
				start(d, 100000)
				d.k.Sleep(10)
			},
			want: []ioschedRec{rec("R", 10, 0, 0), rec("R", 20, 100000, 1)},
		},
		{
			// antic_expire 0 turns anticipation off: B goes at once; A's
			// late read finds an empty queue, plugs it, and goes when the
			// plug times out (3 ms = 1 jiffy).
			name: "antic_expire 0: no waiting",
			run: func(d *ioschedDisk) {
				d.storeAttr("antic_expire", "0")
				start(d, 100000)
				d.submit(ioR(10, 8))
				d.k.Sleep(10)
			},
			want: []ioschedRec{rec("R", 10, 0, 0), rec("R", 20, 100000, 0), rec("R", 10, 8, 1)},
		},
		{
			// B reads close to where A's read ended: nothing to wait for.
			name: "B close to A's last read: no waiting",
			run: func(d *ioschedDisk) {
				start(d, 16)
				d.submit(ioR(10, 8))
				d.k.Sleep(10)
			},
			want: []ioschedRec{rec("R", 10, 0, 0), rec("R", 20, 16, 0), rec("R", 10, 8, 1)},
		},
	})
}

// cfq: per-process queues served in time slices.
func TestIoschedCFQ(t *testing.T) {
	// Interleaved reads of A (0, 1000, ...) and B (500, 1500, ...).
	interleaved := func(n int) []ioschedIO {
		var ios []ioschedIO
		for i := 0; i < n; i++ {
			ios = append(ios, ioR(10, uint64(i)*1000), ioR(20, uint64(i)*1000+500))
		}
		return ios
	}
	var slices []ioschedRec
	// Slow disk (4 jiffies a request): A's slice (slice_sync 100 ms = 25
	// jiffies) starts when its first request completes (t=4) and is
	// found used up at t=32; quantum 4 puts A's requests on the dispatch
	// queue four at a time. Then B's slice (36..61, used up at 64), then A's
	// last two, A idles (slice_idle), and B's last two.
	for i := 0; i < 8; i++ {
		slices = append(slices, rec("R", 10, uint64(i)*1000, uint64(4*i)))
	}
	for i := 0; i < 8; i++ {
		slices = append(slices, rec("R", 20, uint64(i)*1000+500, uint64(32+4*i)))
	}
	slices = append(slices, rec("R", 10, 8000, 64), rec("R", 10, 9000, 68), rec("R", 20, 8500, 72), rec("R", 20, 9500, 76))

	runIoschedCases(t, "cfq", []ioschedCase{
		{
			// Instant disk: A's queue goes first with all four of its
			// reads (quantum 4); when it runs empty cfq idles slice_idle
			// (8 ms = 2 jiffies) for A, then gives B its slice.
			name: "two readers, not interleaved",
			run: func(d *ioschedDisk) {
				d.hold()
				d.submitAll(interleaved(4))
				d.release(-1)
				d.k.Sleep(20)
			},
			want: []ioschedRec{
				rec("R", 10, 0, 0), rec("R", 10, 1000, 0), rec("R", 10, 2000, 0), rec("R", 10, 3000, 0),
				rec("R", 20, 500, 2), rec("R", 20, 1500, 2), rec("R", 20, 2500, 2), rec("R", 20, 3500, 2),
			},
		},
		{
			name: "time slices on a slow disk",
			run: func(d *ioschedDisk) {
				d.latency = 4
				d.hold()
				d.submitAll(interleaved(10))
				d.release(-1)
				d.k.Sleep(200)
			},
			want: slices,
		},
		{
			// A writer's async queue is active (four writes on the
			// dispatch queue); B's read waits on the service tree. At t=1
			// A reads: a sync request preempts the async queue and A's
			// queue goes to the front, ahead of B and the other writes.
			name: "a read preempts the async queue",
			run: func(d *ioschedDisk) {
				d.latency = 4
				d.hold()
				for i := 0; i < 8; i++ {
					d.submit(ioW(30, uint64(i)*1000))
				}
				d.submit(ioR(20, 50000))
				d.release(-1)
				d.k.Sleep(1)
				d.submit(ioR(10, 700))
				d.k.Sleep(100)
			},
			want: []ioschedRec{
				rec("W", 30, 0, 0), rec("W", 30, 1000, 4), rec("W", 30, 2000, 8), rec("W", 30, 3000, 12),
				rec("R", 10, 700, 16), rec("R", 20, 50000, 22),
				rec("W", 30, 4000, 28), rec("W", 30, 5000, 32), rec("W", 30, 6000, 36), rec("W", 30, 7000, 40),
			},
		},
	})
}

// The iosched/ files: names in the kernel's order, defaults as sysfs shows
// them at HZ=250, and stores that parse, clamp and convert as the kernel's.
func TestIoschedAttrs(t *testing.T) {
	type store struct{ name, value, show string }
	cases := []struct {
		elevator string
		defaults [][2]string
		stores   []store
	}{
		{"noop", nil, nil},
		{
			"anticipatory",
			[][2]string{
				{"est_time", "0 % exit probability\n0 % probability of exiting without a cooperating process submitting IO\n0 ms new thinktime\n0 sectors new seek distance\n"},
				{"read_expire", "124\n"}, {"write_expire", "248\n"}, {"antic_expire", "4\n"},
				{"read_batch_expire", "500\n"}, {"write_batch_expire", "124\n"},
			},
			[]store{
				{"antic_expire", "10\n", "12\n"}, // 10 ms -> 3 jiffies -> 12 ms
				{"read_expire", "-5", "0\n"},     // simple_strtoul reads no digits
				{"write_batch_expire", "1000", "1000\n"},
			},
		},
		{
			"deadline",
			[][2]string{
				{"read_expire", "500\n"}, {"write_expire", "5000\n"}, {"writes_starved", "2\n"},
				{"front_merges", "1\n"}, {"fifo_batch", "16\n"},
			},
			[]store{
				{"read_expire", "1000\n", "1000\n"},
				{"write_expire", "3", "4\n"}, // rounds up to one jiffy
				{"front_merges", "5", "1\n"}, // clamped to 0..1
				{"writes_starved", "-3", "-3\n"},
				{"fifo_batch", "abc", "0\n"},
			},
		},
		{
			"cfq",
			[][2]string{
				{"quantum", "4\n"}, {"fifo_expire_sync", "124\n"}, {"fifo_expire_async", "248\n"},
				{"back_seek_max", "16384\n"}, {"back_seek_penalty", "2\n"}, {"slice_sync", "100\n"},
				{"slice_async", "40\n"}, {"slice_async_rq", "2\n"}, {"slice_idle", "8\n"},
			},
			[]store{
				{"quantum", "0", "1\n"}, // at least 1
				{"slice_idle", "0", "0\n"},
				{"slice_sync", "7", "8\n"},
				{"back_seek_max", "1024", "1024\n"},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.elevator, func(t *testing.T) {
			d := newIoschedDisk(t, tc.elevator)
			var got [][2]string
			for _, a := range d.q.Elevator.Ops.Attrs() {
				got = append(got, [2]string{a.Name, a.Show()})
			}
			if diff := cmp.Diff(tc.defaults, got); diff != "" {
				t.Errorf("iosched/ defaults (-want +got):\n%s", diff)
			}
			for _, s := range tc.stores {
				d.storeAttr(s.name, s.value)
				if got := ioschedAttr(t, d.q, s.name).Show(); got != s.show {
					t.Errorf("after writing %q to %s it reads %q, want %q", s.value, s.name, got, s.show)
				}
			}
			if tc.elevator == "anticipatory" {
				if err := ioschedAttr(t, d.q, "est_time").Store("1"); err != -blockdev.EIO {
					t.Errorf("writing est_time: %v, want -EIO", err)
				}
			}
		})
	}
}

// Switching the scheduler while requests wait in it, sit on the dispatch
// queue and are in the driver: the old one is drained, none is lost, all
// complete with the right data, and the new one schedules what follows.
func TestIoschedSwitchLosesNothing(t *testing.T) {
	names := []string{"noop", "anticipatory", "deadline", "cfq"}
	for _, from := range names {
		for _, to := range names {
			if from == to {
				continue
			}
			t.Run(from+"_to_"+to, func(t *testing.T) {
				d := newIoschedDisk(t, from)
				// Phase 1: write sectors 0..63 and let it finish.
				for i := uint64(0); i < 8; i++ {
					d.submit(ioW(30, i*8))
				}
				blockdev.GenericUnplugDevice(d.q)
				d.k.Sleep(50)
				// Phase 2: the device is slow and busy; queue writes of
				// two processes elsewhere and reads of phase 1's sectors.
				d.latency = 3
				d.hold()
				for i := uint64(0); i < 6; i++ {
					d.submit(ioW(10, 1000+i*16))
					d.submit(ioW(20, 3000+i*8)) // sequential: these merge
					d.submit(ioR(40+int(i), i*8))
				}
				d.release(-1) // one request in the driver, some dispatched
				d.k.Sleep(1)
				if errno := blockdev.ElvIoschedStore(d.q, to); errno != 0 {
					t.Fatalf("switch: %v", errno)
				}
				// Phase 3: more I/O through the new scheduler.
				d.submit(ioW(10, 7000))
				d.submit(ioR(20, 1000))
				d.k.Sleep(300)
				d.checkAllEnded()
				d.checkData()
				if d.cur != nil || !blockdev.ElvQueueEmpty(d.q) {
					t.Errorf("requests left: in driver %v, queue empty %v", d.cur != nil, blockdev.ElvQueueEmpty(d.q))
				}
				// Read everything back through the new scheduler.
				n := len(d.bios)
				for _, b := range d.bios[:n] {
					if b.io.Write {
						d.submit(ioR(50, b.io.Sector))
					}
				}
				d.k.Sleep(300)
				d.checkAllEnded()
				d.checkData()
			})
		}
	}
}

// Random workloads on every scheduler, switching between them on the way:
// nothing panics, nothing hangs, every bio ends once without error, and
// reads of sectors no pending write touches see what was written.
func TestIoschedRandomWorkloads(t *testing.T) {
	names := []string{"noop", "anticipatory", "deadline", "cfq"}
	for seed := int64(1); seed <= 12; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewSource(seed))
			d := newIoschedDisk(t, names[r.Intn(len(names))])
			d.latency = uint64(r.Intn(3))
			for step := 0; step < 120; step++ {
				switch op := r.Intn(20); {
				case op < 12:
					io := ioschedIO{Pid: 10 + r.Intn(4), Write: r.Intn(2) == 0, Sector: uint64(r.Intn(64)) * 8, Pages: 1 + r.Intn(3), Sync: r.Intn(4) == 0}
					if io.Write {
						// Writes go to a sector range of their own per step
						// so no two writes overlap (the data check needs an
						// unambiguous last writer).
						io.Sector = 100000 + uint64(step)*64
					}
					d.submit(io)
				case op < 15:
					d.k.Sleep(uint64(r.Intn(5)))
				case op < 16:
					if errno := blockdev.ElvIoschedStore(d.q, names[r.Intn(len(names))]); errno != 0 {
						t.Fatalf("switch: %v", errno)
					}
				case op < 17:
					d.hold()
				case op < 18:
					d.release(-1)
				case op < 19:
					blockdev.GenericUnplugDevice(d.q)
				default:
					d.latency = uint64(r.Intn(3))
				}
			}
			d.release(-1)
			for i := 0; i < 100; i++ {
				d.k.Sleep(50)
				blockdev.BlkRunQueue(d.q)
			}
			d.checkAllEnded()
			d.checkData()
		})
	}
}

// The sorted list that stands in for the rbtree.
func TestIoschedSortList(t *testing.T) {
	rqs := map[uint64]*blockdev.Request{}
	var s elvSortList
	for _, sec := range []uint64{40, 8, 24, 0, 16} {
		rqs[sec] = &blockdev.Request{Sector: sec}
		if alias := s.Add(rqs[sec]); alias != nil {
			t.Fatalf("Add(%d) found alias %d", sec, alias.Sector)
		}
	}
	sectors := func() []uint64 {
		var out []uint64
		for _, e := range s.ents {
			out = append(out, e.rq.Sector)
		}
		return out
	}
	if diff := cmp.Diff([]uint64{0, 8, 16, 24, 40}, sectors()); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	if alias := s.Add(&blockdev.Request{Sector: 16}); alias != rqs[16] {
		t.Errorf("Add at an occupied sector returned %v, want the request there", alias)
	}
	if s.Find(24) != rqs[24] || s.Find(25) != nil {
		t.Errorf("Find is wrong")
	}
	if s.First() != rqs[0] || s.Former(rqs[0]) != nil || s.Latter(rqs[40]) != nil {
		t.Errorf("ends are wrong")
	}
	if s.Former(rqs[24]) != rqs[16] || s.Latter(rqs[24]) != rqs[40] {
		t.Errorf("neighbours are wrong")
	}
	// A request whose sector moved (a front merge, or the driver started
	// it) is still found by identity.
	rqs[24].Sector = 20
	if !s.Del(rqs[24]) || s.Contains(rqs[24]) || s.Len() != 4 {
		t.Errorf("Del after the sector moved failed")
	}
	if s.Del(&blockdev.Request{Sector: 8}) {
		t.Errorf("Del of a stranger succeeded")
	}
	var empty elvSortList
	if empty.First() != nil || empty.Former(rqs[0]) != nil || empty.Latter(rqs[0]) != nil || !empty.Empty() {
		t.Errorf("empty list is not empty")
	}
}

// TestIoschedSchedulerName: names written to queue/scheduler are cut as
// elv_iosched_store (2.6.18) cuts them before the lookup: 15 bytes at most,
// one trailing newline cut; other white space stays, so the name is not
// found, and the log line shows the name as it was looked up.
func TestIoschedSchedulerName(t *testing.T) {
	tests := []struct {
		write string
		ok    bool
		now   string // the scheduler in use afterwards
		log   string // the line dmesg gained, if any
	}{
		{"deadline\n", true, "deadline", ""},
		{"noop            deadline\n", false, "deadline", "elevator: type noop            not found\n"}, // cut after 15 bytes
		{"anticipatory\n", true, "anticipatory", ""},
		{"deadline\t \n", false, "anticipatory", "elevator: type deadline\t  not found\n"},
		{"anticipatoryanticipatory\n", false, "anticipatory", "elevator: type anticipatoryant not found\n"},
		{" cfq\n", false, "anticipatory", "elevator: type  cfq not found\n"},
		{"cfq\x00deadline", true, "cfq", ""},
	}
	d := newIoschedDisk(t, "cfq")
	n, err := d.k.Lstat("/sys/block/iosched/queue/scheduler")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		d.k.ClearLog()
		err := n.Write(tt.write)
		if (err == nil) != tt.ok {
			t.Errorf("writing %q: %v, want success %v", tt.write, err, tt.ok)
		}
		if got := d.elevatorName(); got != tt.now {
			t.Errorf("after writing %q the queue uses %s, want %s", tt.write, got, tt.now)
		}
		if got := d.k.Dmesg(); got != tt.log {
			t.Errorf("after writing %q dmesg is %q, want %q", tt.write, got, tt.log)
		}
	}
}
