package iosched

import (
	"strings"
	"testing"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/fault"
)

// A switch away from a scheduler that is holding a request back must not
// strand it. Process 40's read completes; anticipatory then waits for 40's
// next read and cfq idles on 40's slice, so process 41's read, far away,
// stays in the scheduler with only the scheduler's timer to dispatch it.
// The switch drains the old scheduler and runs the queue (elevator_switch's
// loop, 2.6.27): the read ends, with nothing else run and no time passing.
func TestIoschedSwitchRunsHeldRequest(t *testing.T) {
	for _, from := range []string{"anticipatory", "cfq"} {
		for _, to := range []string{"noop", "anticipatory", "deadline", "cfq"} {
			if from == to {
				continue
			}
			t.Run(from+"_to_"+to, func(t *testing.T) {
				d := newIoschedDisk(t, from)
				first := d.submit(ioschedIO{Pid: 40, Sector: 0, Pages: 1, Sync: true})
				if first.ended != 1 {
					t.Fatalf("the first read did not end at once")
				}
				held := d.submit(ioschedIO{Pid: 41, Sector: 500000, Pages: 1, Sync: true})
				if held.ended != 0 {
					t.Skipf("%s did not hold the second read back: nothing to test", from)
				}
				if errno := blockdev.ElvIoschedStore(d.q, to); errno != 0 {
					t.Fatalf("switch: %v", errno)
				}
				if got := d.elevatorName(); got != to {
					t.Errorf("the queue uses %s, want %s", got, to)
				}
				if held.ended != 1 || held.err != 0 {
					t.Errorf("after the switch the held read ended %d times, err %v", held.ended, held.err)
				}
				// And the queue goes on working.
				d.submit(ioschedIO{Pid: 42, Sector: 800, Pages: 1, Sync: true})
				d.k.Sleep(100)
				d.checkAllEnded()
				d.checkData()
			})
		}
	}
}

// A switch returns only once no request carrying the old scheduler's data
// is left, in the scheduler, on the dispatch queue or in the driver: with a
// slow device, it runs the queue and lets the device's interrupts come
// until every request submitted before it has ended, so that none
// completes through a scheduler that never saw it.
func TestIoschedSwitchWaitsForOldRequests(t *testing.T) {
	names := []string{"noop", "anticipatory", "deadline", "cfq"}
	for _, from := range names {
		for _, to := range names {
			if from == to {
				continue
			}
			t.Run(from+"_to_"+to, func(t *testing.T) {
				d := newIoschedDisk(t, from)
				d.latency = 3
				for i := uint64(0); i < 4; i++ {
					d.submit(ioW(10, 1000+i*16))
					d.submit(ioR(20+int(i), i*64))
				}
				blockdev.GenericUnplugDevice(d.q) // one request in the driver, the rest queued
				if d.cur == nil {
					t.Fatal("the device took no request")
				}
				if errno := blockdev.ElvIoschedStore(d.q, to); errno != 0 {
					t.Fatalf("switch: %v", errno)
				}
				if got := d.elevatorName(); got != to {
					t.Errorf("the queue uses %s, want %s", got, to)
				}
				d.checkAllEnded() // before any more time passes
				if d.cur != nil {
					t.Error("a request is still in the driver after the switch")
				}
				d.submit(ioR(30, 1000))
				d.k.Sleep(100)
				d.checkAllEnded()
				d.checkData()
			})
		}
	}
}

// A device that keeps its requests and has nothing pending that could end
// them would make the kernel's switch wait for ever. Here the switch gives
// up and says so; the queue keeps its scheduler and works on once the
// device takes requests again. As in 2.6.27, the writer is told the write
// succeeded all the same.
func TestIoschedSwitchGivesUpOnStuckDevice(t *testing.T) {
	d := newIoschedDisk(t, "deadline")
	d.hold()
	for i := uint64(0); i < 3; i++ {
		d.submit(ioschedIO{Pid: 10, Sector: i * 64, Pages: 1, Sync: true})
	}
	n, err := d.k.Lstat("/sys/block/iosched/queue/scheduler")
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Write("cfq\n"); err != nil {
		t.Errorf("echo cfq > queue/scheduler: %v, want success", err)
	}
	if got := d.elevatorName(); got != "deadline" {
		t.Errorf("the queue uses %s, want deadline kept", got)
	}
	for _, line := range []string{
		"INFO: elevator switch on iosched: the driver kept 3 requests and nothing is pending\n",
		"elevator: switch to cfq failed\n",
	} {
		if !strings.Contains(d.k.Dmesg(), line) {
			t.Errorf("the log lacks %q:\n%s", line, d.k.Dmesg())
		}
	}
	d.release(-1)
	d.checkAllEnded()
	d.checkData()
	if err := n.Write("cfq\n"); err != nil || d.elevatorName() != "cfq" {
		t.Errorf("switching once the device works: %v, queue uses %s", err, d.elevatorName())
	}
}

// elv_iosched_store returns the count written even when elevator_switch
// fails (here: the new scheduler cannot be allocated); only the log says so.
func TestIoschedSwitchFailureReportsSuccess(t *testing.T) {
	d := newIoschedDisk(t, "noop")
	n, err := d.k.Lstat("/sys/block/iosched/queue/scheduler")
	if err != nil {
		t.Fatal(err)
	}
	d.k.Fault.FailNth(fault.Elevator, 1)
	if err := n.Write("deadline\n"); err != nil {
		t.Errorf("echo deadline > queue/scheduler: %v, want success", err)
	}
	if got := d.elevatorName(); got != "noop" {
		t.Errorf("the queue uses %s, want noop kept", got)
	}
	if want := "elevator: switch to deadline failed\n"; !strings.Contains(d.k.Dmesg(), want) {
		t.Errorf("the log lacks %q:\n%s", want, d.k.Dmesg())
	}
}

// Requests made while a switch waits for the old scheduler's requests
// bypass both schedulers (QUEUE_FLAG_ELVSWITCH): they go to the back of the
// dispatch queue without scheduler data, the driver is run for them at
// once, and they complete like any other.
func TestIoschedSwitchBypassesNewRequests(t *testing.T) {
	names := []string{"noop", "anticipatory", "deadline", "cfq"}
	for _, from := range names {
		for _, to := range names {
			if from == to {
				continue
			}
			t.Run(from+"_to_"+to, func(t *testing.T) {
				d := newIoschedDisk(t, from)
				d.latency = 3
				for i := uint64(0); i < 3; i++ {
					d.submit(ioW(10, 2000+i*16))
				}
				blockdev.GenericUnplugDevice(d.q)
				// A process submits while the switch waits.
				var during []*ioschedBio
				submitter := d.k.NewTimer(func() {
					during = append(during, d.submit(ioR(20, 2000)), d.submit(ioW(30, 5000)))
				})
				blockdev.ModTimer(submitter, d.k.Jiffies()+1)
				if errno := blockdev.ElvIoschedStore(d.q, to); errno != 0 {
					t.Fatalf("switch: %v", errno)
				}
				if len(during) != 2 {
					t.Fatalf("the switch did not wait past the submitter's timer")
				}
				if got := d.elevatorName(); got != to {
					t.Errorf("the queue uses %s, want %s", got, to)
				}
				d.k.Sleep(100)
				d.checkAllEnded()
				d.checkData()
				// Dispatched in the order they came, after the old scheduler's.
				last := d.log[len(d.log)-2:]
				if last[0].Pid != 20 || last[1].Pid != 30 {
					t.Errorf("the driver saw the bypassing requests as %+v", last)
				}
			})
		}
	}
}
