package shell

import (
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"

	"simpblkdev/blockdev"
)

func init() {
	commands["blktrace"] = command{run: blktraceCmd, synopsis: "blktrace -d DEV [-o FILE|-] [-w SECS] [-a MASK]... [-b KiB] [-n NR]  trace the block layer's events"}
}

// blktraceVersion is the blktrace the simulated box has: the tools of the
// 2.6.18 era (blktrace 0.99.3, git.kernel.dk, August 2007). RHEL5 shipped a
// git snapshot of about then; its exact version is not verified.
const blktraceVersion = "0.99.3"

// blktraceMasks are the names -a takes (act_mask.c), by BLK_TC_* bit.
var blktraceMasks = []string{"read", "write", "barrier", "sync", "queue", "requeue", "issue", "complete", "fs", "pc", "", "ahead", "meta"}

// maxStopwatch is the longest -w, a virtual week, as for sleep.
const maxStopwatch = 7 * 24 * 60 * 60

// blktraceCmd models blktrace 0.99.3 on one device and one CPU: it sets up
// a trace of DEV (BLKTRACESETUP with -b KiB × -n sub-buffers, 512 × 4 by
// default, and the -a categories), starts it, and moves what the kernel
// records from debugfs's block/NAME/trace0 to FILE.blktrace.0 (NAME.blktrace.0
// without -o), or to standard output with -o -, until -w SECS have passed
// on the virtual clock (its SIGALRM handler stops the trace then) or a
// signal comes. It then stops and removes the trace and prints its summary,
// not with -o - (blktrace.c's show_stats; for a file, 0.99.3 writes through
// mmap and counts no events, only the data). In the foreground it cannot
// wait for the commands after it: without -w it stops at once, as if
// Ctrl-C came, and says so; run it with & and kill it.
func blktraceCmd(p *proc) int {
	p.trapSignals()
	var dev, output string
	secs, bufKiB, bufNr := 0, 512, 4
	var mask uint16
	opts, rest, err := getopt(p.args, "d:a:A:r:o:kw:Vb:n:D:lh:p:sI:")
	if err != nil {
		fmt.Fprintf(p.err, "%s: %v\n", p.name, err)
		blktraceUsage(p)
		return 1
	}
	for _, o := range opts {
		switch o.c {
		case 'd':
			dev = o.arg
		case 'o':
			output = o.arg
		case 'w':
			n, _ := strconv.Atoi(o.arg)
			if n <= 0 {
				fmt.Fprintf(p.err, "Invalid stopwatch value (%d secs)\n", n)
				return 1
			}
			if n > maxStopwatch {
				// As sleep refuses it: a longer trace only spends the
				// host's time running the machine's timers.
				fmt.Fprintf(p.err, "blksim: %s -w %d: more than a virtual week (%d secs) is refused here\n", p.name, n, maxStopwatch)
				return 1
			}
			secs = n
		case 'a':
			bit := -1
			for i, m := range blktraceMasks {
				if m != "" && strings.EqualFold(o.arg, m) {
					bit = i
				}
			}
			if bit < 0 {
				fmt.Fprintf(p.err, "Invalid action mask %s\n", o.arg)
				return 1
			}
			mask |= 1 << bit
		case 'A':
			v, err := strconv.ParseUint(strings.TrimPrefix(o.arg, "0x"), 16, 32)
			if err != nil || v < 1 || v >= 1<<16 {
				fmt.Fprintf(p.err, "Invalid set action mask %s/0x%x\n", o.arg, v)
				return 1
			}
			mask = uint16(v)
		case 'b':
			n, _ := strconv.Atoi(o.arg)
			if n <= 0 || n > 16*1024 {
				fmt.Fprintf(p.err, "Invalid buffer size (%d)\n", n)
				return 1
			}
			bufKiB = n
		case 'n':
			n, _ := strconv.Atoi(o.arg)
			if n <= 0 {
				fmt.Fprintf(p.err, "Invalid buffer nr (%d)\n", n)
				return 1
			}
			bufNr = n
		case 'V':
			fmt.Fprintf(p.out, "%s version %s\n", p.name, blktraceVersion)
			return 0
		case 'r':
			if strings.TrimRight(o.arg, "/") != "/sys/kernel/debug" {
				fmt.Fprintf(p.err, "%s does not appear to be a debug filesystem\n", o.arg)
				return 1
			}
		default:
			p.errorf("-%c is not simulated", o.c)
			return 1
		}
	}
	if dev == "" && len(rest) > 0 {
		dev, rest = rest[0], rest[1:]
	}
	if dev == "" || len(rest) > 0 {
		blktraceUsage(p)
		return 1
	}
	b, err := p.s.ns.openDev(p.files, p.s.abs(dev))
	if err != nil {
		fmt.Fprintf(p.err, "%s: %s\n", dev, errText(err))
		return 1
	}
	defer b.Close()
	buts := &blockdev.BlkUserTraceSetup{BufSize: uint32(bufKiB) << 10, BufNr: uint32(bufNr), ActMask: mask}
	if err := b.Ioctl(blockdev.BLKTRACESETUP, buts); err != nil {
		fmt.Fprintf(p.err, "BLKTRACESETUP: %s\nFailed to start trace on %s\n", errText(err), dev)
		return 1
	}
	if err := b.Ioctl(blockdev.BLKTRACESTART, nil); err != nil {
		fmt.Fprintf(p.err, "BLKTRACESTART: %s\nFailed to start trace on %s\n", errText(err), dev)
		b.Ioctl(blockdev.BLKTRACETEARDOWN, nil)
		return 1
	}
	var out traceOutput
	piped := output == "-"
	if piped {
		out = traceOutput{w: p.out}
	} else {
		name := output
		if name == "" {
			name = buts.Name
		}
		name += ".blktrace.0"
		sk, err := p.s.ns.create(p.files, p.s.abs(name), wTrunc, false, 0666&^umask)
		if err != nil {
			fmt.Fprintf(p.err, "%s: %s\n", name, errText(err))
			b.Ioctl(blockdev.BLKTRACESTOP, nil)
			b.Ioctl(blockdev.BLKTRACETEARDOWN, nil)
			return 1
		}
		out = traceOutput{sk: sk}
	}
	k := p.s.k
	var alarm atomic.Bool
	var wakeAt uint64
	if secs > 0 {
		wakeAt = k.Jiffies() + uint64(secs)*blockdev.HZ
		t := k.NewTimer(func() {
			// The SIGALRM handler: stop the trace now.
			b.Ioctl(blockdev.BLKTRACESTOP, nil)
			alarm.Store(true)
		})
		blockdev.ModTimer(t, wakeAt)
		defer blockdev.DelTimer(t)
	}
	var data uint64
	events := uint64(0)
	buf := make([]byte, 64<<10)
	drain := func() bool {
		for {
			n, err := k.DebugfsRead("block/"+buts.Name+"/trace0", buf, 0)
			if err != nil || n == 0 {
				return true
			}
			data += uint64(n)
			if piped {
				events += countRecords(buf[:n])
			}
			if err := out.write(buf[:n]); err != nil {
				return false
			}
		}
	}
	ok := true
	for ok && !alarm.Load() && p.signalled() == 0 {
		ok = drain()
		if !p.wait(func() bool { return alarm.Load() || k.DebugfsPoll(buts.Name) }, wakeAt) {
			if secs > 0 {
				k.Sleep(wakeAt - min(wakeAt, k.Jiffies()))
				continue
			}
			fmt.Fprintf(p.err, "blksim: stopped %s at once: a real one traces until Ctrl-C; run it with & and kill %%1, or give -w\n", p.name)
			break
		}
	}
	b.Ioctl(blockdev.BLKTRACESTOP, nil)
	if ok {
		drain()
	}
	dropped := uint64(0)
	dbuf := make([]byte, 16)
	if n, err := k.DebugfsRead("block/"+buts.Name+"/dropped", dbuf, 0); err == nil {
		dropped, _ = strconv.ParseUint(strings.TrimSpace(string(dbuf[:n])), 10, 64)
	}
	if err := b.Ioctl(blockdev.BLKTRACETEARDOWN, nil); err != nil {
		fmt.Fprintf(p.err, "BLKTRACETEARDOWN: %s\n", errText(err))
	}
	if out.sk != nil {
		out.sk.close()
	}
	if !piped {
		fmt.Fprintf(p.out, "Device: %s\n", dev)
		fmt.Fprintf(p.out, "  CPU%3d: %20d events, %8d KiB data\n", 0, events, (data+1023)>>10)
		fmt.Fprintf(p.out, "  Total:  %20d events (dropped %d), %8d KiB data\n", events, dropped, (data+1023)>>10)
	}
	if dropped > 0 {
		fmt.Fprintln(p.err, "You have dropped events, consider using a larger buffer size (-b)")
	}
	return 0
}

// traceOutput is blktrace's output: a file, or standard output.
type traceOutput struct {
	sk sink
	w  interface{ Write([]byte) (int, error) }
}

func (s traceOutput) write(b []byte) error {
	if s.sk != nil {
		return s.sk.write(b)
	}
	_, err := s.w.Write(b)
	return err
}

// countRecords counts the blk_io_trace records in b, as blktrace's pipe
// path does.
func countRecords(b []byte) uint64 {
	n := uint64(0)
	for off := 0; off+blockdev.BlkIoTraceSize <= len(b); n++ {
		off += blockdev.BlkIoTraceSize + int(uint16(b[off+46])|uint16(b[off+47])<<8)
	}
	return n
}

func blktraceUsage(p *proc) {
	fmt.Fprintf(p.err, "Usage: %s %s -d <dev> [ -r debugfs path ] [ -o <output> ] [-k ] [ -w time ]\n"+
		"[ -a action ] [ -A action mask ] [ -I  <devs file> ] [ -v ]\n\n", p.name, blktraceVersion)
}
