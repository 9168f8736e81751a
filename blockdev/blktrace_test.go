package blockdev

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// traceActions names the actions blkparse prints, by __BLK_TA_*.
var traceActions = map[uint32]string{1: "Q", 2: "M", 3: "F", 4: "G", 5: "S", 6: "R", 7: "D", 8: "C",
	9: "P", 10: "U", 11: "UT", 12: "I", 13: "X", 14: "B", 15: "A"}

// readTrace starts a trace of b, runs io, stops it and returns the events
// as "ACT rw sector+sectors [comm]" and the records read.
func readTrace(t *testing.T, k *Kernel, b *BlockDevice, buts *BlkUserTraceSetup, io func()) ([]string, []byte) {
	t.Helper()
	if err := b.Ioctl(BLKTRACESETUP, buts); err != nil {
		t.Fatalf("BLKTRACESETUP: %v", err)
	}
	if err := b.Ioctl(BLKTRACESTART, nil); err != nil {
		t.Fatalf("BLKTRACESTART: %v", err)
	}
	io()
	if err := b.Ioctl(BLKTRACESTOP, nil); err != nil {
		t.Fatalf("BLKTRACESTOP: %v", err)
	}
	var raw []byte
	buf := make([]byte, 100)
	for {
		n, err := k.DebugfsRead("block/"+buts.Name+"/trace0", buf, 0)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		raw = append(raw, buf[:n]...)
	}
	if err := b.Ioctl(BLKTRACETEARDOWN, nil); err != nil {
		t.Fatalf("BLKTRACETEARDOWN: %v", err)
	}
	names := map[uint32]string{}
	var got []string
	for off := 0; off+BlkIoTraceSize <= len(raw); {
		r := UnmarshalBlkIoTrace(raw[off:], binary.LittleEndian)
		pdu := raw[off+BlkIoTraceSize : off+BlkIoTraceSize+int(r.PduLen)]
		off += BlkIoTraceSize + int(r.PduLen)
		if r.Magic != BLK_IO_TRACE_MAGIC|BLK_IO_TRACE_VERSION {
			t.Fatalf("bad magic %#x", r.Magic)
		}
		if r.Action == BLK_TC_ACT(BLK_TC_NOTIFY) {
			names[r.Pid] = strings.TrimRight(string(pdu), "\x00")
			continue
		}
		rw := "R"
		if r.Action&BLK_TC_ACT(BLK_TC_WRITE) != 0 {
			rw = "W"
		} else if r.Bytes == 0 {
			rw = "N"
		}
		ev := fmt.Sprintf("%s %s %d+%d [%s]", traceActions[r.Action&0xffff], rw, r.Sector, r.Bytes>>9, names[r.Pid])
		if len(pdu) == 8 {
			ev += fmt.Sprintf(" %d", binary.BigEndian.Uint64(pdu))
		}
		got = append(got, ev)
	}
	return got, raw
}

// TestBlktraceRequestPath follows one page read through a request queue
// and through a bio-based one: the events 2.6.18 traces on each.
func TestBlktraceRequestPath(t *testing.T) {
	for _, tc := range []struct {
		name     string
		bioBased bool
		want     []string
	}{
		{"request", false, []string{
			"Q R 0+8 [init]", "B R 0+8 [init]", "G R 0+8 [init]", "P N 0+0 [init]", "I R 0+8 [init]",
			"U N 0+0 [init] 1", "D R 0+8 [init]", "C R 0+8 [init]",
		}},
		{"make_request", true, []string{"Q R 0+8 [init]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, _, b := loadRamdisk(t, tc.bioBased)
			buts := &BlkUserTraceSetup{BufSize: 4096, BufNr: 4}
			got, _ := readTrace(t, k, b, buts, func() {
				if err := k.SubmitBioWait(nil, READ, pageBio(k, b, 0, make([]byte, 4096))); err != 0 {
					t.Fatal(err)
				}
			})
			if buts.Name != "ramdisk" {
				t.Errorf("setup named the trace %q", buts.Name)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("events (-want +got):\n%s", d)
			}
		})
	}
}

// TestBlktraceMergesAndTimer writes two neighbouring pages and lets the
// unplug timer run the queue: a back merge, then UT and U from kblockd.
func TestBlktraceMergesAndTimer(t *testing.T) {
	k, _, b := loadRamdisk(t, false)
	k.SetCurrent(&Task{Pid: 1234, Comm: "dd"})
	buts := &BlkUserTraceSetup{BufSize: 4096, BufNr: 4}
	got, _ := readTrace(t, k, b, buts, func() {
		for _, s := range []uint64{8, 0, 16} {
			k.SubmitBio(nil, WRITE, pageBio(k, b, s, make([]byte, 4096)))
		}
		k.Sleep(HZ)
	})
	want := []string{
		"Q W 8+8 [dd]", "B W 8+8 [dd]", "G W 8+8 [dd]", "P N 0+0 [dd]", "I W 8+8 [dd]",
		"Q W 0+8 [dd]", "B W 0+8 [dd]", "F W 0+8 [dd]",
		"Q W 16+8 [dd]", "B W 16+8 [dd]", "M W 16+8 [dd]",
		"UT N 0+0 [swapper] 1", "U N 0+0 [kblockd/0] 1",
		"D W 0+24 [kblockd/0]", "C W 0+24 [kblockd/0]", "C W 8+16 [kblockd/0]", "C W 16+8 [kblockd/0]",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("events (-want +got):\n%s", d)
	}
}

// TestBlktraceIoctlErrors checks the errors 2.6.18's blk_trace_ioctl gives.
func TestBlktraceIoctlErrors(t *testing.T) {
	k, _, b := loadRamdisk(t, false)
	ok := &BlkUserTraceSetup{BufSize: 4096, BufNr: 1}
	steps := []struct {
		cmd  uint
		arg  any
		want error
	}{
		{BLKTRACESTART, nil, EINVAL},
		{BLKTRACESTOP, nil, EINVAL},
		{BLKTRACETEARDOWN, nil, EINVAL},
		{BLKTRACESETUP, &BlkUserTraceSetup{BufSize: 0, BufNr: 4}, EINVAL},
		{BLKTRACESETUP, 42, EFAULT},
		{BLKTRACESETUP, ok, nil},
		{BLKTRACESETUP, &BlkUserTraceSetup{BufSize: 4096, BufNr: 1}, ENOENT}, // debugfs has block/ramdisk
		{BLKTRACESTOP, nil, EINVAL},
		{BLKTRACESTART, nil, nil},
		{BLKTRACESTART, nil, EINVAL},
		{BLKTRACESTOP, nil, nil},
		{BLKTRACESTART, nil, nil},
		{BLKTRACETEARDOWN, nil, nil}, // while running: 2.6.18 leaves debugfs's files
		{BLKTRACESETUP, &BlkUserTraceSetup{BufSize: 4096, BufNr: 1}, ENOENT},
	}
	for i, s := range steps {
		if err := b.Ioctl(s.cmd, s.arg); !errors.Is(err, s.want) || (err == nil) != (s.want == nil) {
			t.Errorf("step %d: ioctl(%#x) = %v, want %v", i, s.cmd, err, s.want)
		}
	}
	if _, err := k.DebugfsRead("block/nosuch/trace0", make([]byte, 8), 0); !errors.Is(err, ENOENT) {
		t.Errorf("read of a trace that does not exist: %v", err)
	}
}

// TestBlktraceDrops fills a small buffer: what does not fit is dropped and
// counted in debugfs's dropped file.
func TestBlktraceDrops(t *testing.T) {
	k, _, b := loadRamdisk(t, false)
	buts := &BlkUserTraceSetup{BufSize: 4 * BlkIoTraceSize, BufNr: 1}
	var dropped string
	_, raw := readTrace(t, k, b, buts, func() {
		k.SubmitBioWait(nil, READ, pageBio(k, b, 0, make([]byte, 4096)))
		buf := make([]byte, 16)
		n, err := k.DebugfsRead("block/ramdisk/dropped", buf, 0)
		if err != nil {
			t.Fatal(err)
		}
		dropped = string(buf[:n])
	})
	// The notify record (48+16) and two events fit in 192 bytes; the
	// other six events are dropped.
	if len(raw) != 3*BlkIoTraceSize+taskCommLen || dropped != "6\n" {
		t.Errorf("kept %d bytes, dropped %q", len(raw), dropped)
	}
}
