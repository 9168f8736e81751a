package shell

import (
	"encoding/binary"
	"fmt"
	"io"
	"slices"
	"strings"

	"simpblkdev/blockdev"
)

func init() {
	commands["blkparse"] = command{run: blkparseCmd, synopsis: "blkparse -i FILE|- [-q]  print a block trace in blkparse's default format"}
}

// blkparseCmd models blkparse 0.99.3 (blkparse.c, blkparse_fmt.c) with its
// default output: every event as process_default prints it, then per CPU
// the statistics of show_device_and_cpu_stats (a Total block only with
// more than one CPU, which the simulated box has not), throughput, events
// and skips; -q leaves the statistics out. -i - reads the records as they
// come down a pipe (blktrace -o -), and stops at the end of the data or at
// a signal (SIGINT, SIGHUP, SIGTERM, which it catches: what it has not
// read by then is not shown); -i NAME reads NAME.blktrace.0. The statistics
// are per device blkparse knows: every -i NAME from the start, so an empty
// or missing trace still gets its summary, and on a pipe the devices its
// events name, so a pipe that carried none prints nothing. Times are
// relative to the first event. Numbers are grouped as the en_US locale
// blkparse sets groups them (1,024).
func blkparseCmd(p *proc) int {
	p.trapSignals()
	opts, rest, err := getopt(p.args, "a:A:b:D:d:f:F:hi:o:Oqstw:vV")
	if err != nil {
		fmt.Fprintf(p.err, "%s: %v\n", p.name, err)
		blkparseUsage(p)
		return 1
	}
	var inputs []string
	quiet := false
	for _, o := range opts {
		switch o.c {
		case 'i':
			inputs = append(inputs, o.arg)
		case 'q':
			quiet = true
		case 'V':
			fmt.Fprintf(p.out, "%s version %s\n", p.name, blktraceVersion)
			return 0
		default:
			p.errorf("-%c is not simulated", o.c)
			return 1
		}
	}
	inputs = append(inputs, rest...)
	if len(inputs) == 0 {
		blkparseUsage(p)
		return 1
	}
	bp := &blkparser{out: p.out, names: map[uint32]string{}}
	pipeDone := false
	for _, in := range inputs {
		if in == "-" {
			if !pipeDone {
				pipeDone = true
				bp.readPipe(p)
			}
			continue
		}
		name := in
		if i := strings.Index(name, ".blktrace."); i >= 0 {
			name = name[:i]
		}
		dev := bp.device(0, name)
		fname := name + ".blktrace.0"
		r, rf, err := p.s.ns.openRead(p.files, p.s.abs(fname), false)
		if err != nil {
			continue
		}
		data := make([]byte, r.Size())
		n, _ := r.ReadAt(data, 0)
		rf.Close()
		if n == 0 {
			continue
		}
		fmt.Fprintf(p.out, "Input file %s added\n", fname)
		bp.parse(data[:n], dev)
	}
	if !quiet {
		bp.stats()
	}
	return 0
}

func blkparseUsage(p *proc) {
	fmt.Fprintf(p.err, "Usage: %s %s \n\n-i <file>           | --input=<file>\n[ -q                | --quiet ]\n(the simulator models -i and -q)\n", p.name, blktraceVersion)
}

// blkparser holds what blkparse learnt: process names from the notify
// records, and per device its statistics.
type blkparser struct {
	out     io.Writer
	names   map[uint32]string
	genesis uint64
	started bool
	devs    []*parseDev
}

type parseDev struct {
	dev         uint32
	name        string // from -i, "" for a pipe (then "major,minor")
	byDev       bool   // found by the records' device (a pipe)
	cpus        map[uint32]*parseCPU
	events      uint64
	first, last uint64
	depth, max  [2]uint32
}

type parseCPU struct {
	nelems uint64
	ios    ioStats
}

type ioStats struct {
	qreads, qwrites, creads, cwrites, mreads, mwrites, ireads, iwrites uint64
	qreadKB, qwriteKB, creadKB, cwriteKB, ireadKB, iwriteKB            uint64
	mreadKB, mwriteKB, ioUnplugs, timerUnplugs                         uint64
}

// device returns the device named name (a file) or, with name "", the one
// the records of a pipe carry.
func (bp *blkparser) device(dev uint32, name string) *parseDev {
	for _, d := range bp.devs {
		if (name != "" && d.name == name) || (name == "" && d.byDev && d.dev == dev) {
			return d
		}
	}
	d := &parseDev{dev: dev, name: name, byDev: name == "", cpus: map[uint32]*parseCPU{}}
	bp.devs = append(bp.devs, d)
	return d
}

// readPipe reads records from standard input as they come.
func (bp *blkparser) readPipe(p *proc) {
	var pending []byte
	buf := make([]byte, 64<<10)
	pr, isPipe := p.stdin.(*pipeReader)
	for p.signalled() == 0 {
		var n int
		var err error
		if isPipe {
			n, err = pr.readSome(buf)
		} else {
			n, err = p.stdin.ReadAt(buf, int64(len(pending)))
			if err == nil && n == 0 {
				err = io.EOF
			}
		}
		pending = append(pending, buf[:n]...)
		pending = pending[bp.parse(pending, nil):]
		if err != nil {
			return
		}
	}
}

// parse shows the whole records of b and returns how many bytes they
// took; dev is the file's device, nil for a pipe.
func (bp *blkparser) parse(b []byte, dev *parseDev) int {
	off := 0
	for off+blockdev.BlkIoTraceSize <= len(b) {
		order := binary.ByteOrder(binary.LittleEndian)
		if binary.LittleEndian.Uint32(b[off:])&0xffffff00 != blockdev.BLK_IO_TRACE_MAGIC {
			order = binary.BigEndian
		}
		t := blockdev.UnmarshalBlkIoTrace(b[off:], order)
		if t.Magic&0xffffff00 != blockdev.BLK_IO_TRACE_MAGIC {
			fmt.Fprintf(bp.out, "Bad magic %x\n", t.Magic)
			return len(b)
		}
		end := off + blockdev.BlkIoTraceSize + int(t.PduLen)
		if end > len(b) {
			break
		}
		pdu := b[off+blockdev.BlkIoTraceSize : end]
		off = end
		if t.Magic&0xff != blockdev.BLK_IO_TRACE_VERSION {
			fmt.Fprintf(bp.out, "unsupported trace version %x\n", t.Magic&0xff)
			continue
		}
		if t.Action&blockdev.BLK_TC_ACT(blockdev.BLK_TC_NOTIFY) != 0 {
			if t.Action&0xffff == 0 {
				if _, ok := bp.names[t.Pid]; !ok {
					bp.names[t.Pid] = strings.TrimRight(string(pdu), "\x00")
				}
			}
			continue
		}
		d := dev
		if d == nil {
			d = bp.device(t.Device, "")
		}
		if !bp.started {
			bp.started, bp.genesis = true, t.Time
		}
		t.Time -= min(t.Time, bp.genesis)
		bp.dump(d, &t, pdu)
	}
	return off
}

// rwbs models fill_rwbs().
func rwbs(t *blockdev.BlkIoTrace) string {
	s := "R"
	switch {
	case t.Action&blockdev.BLK_TC_ACT(blockdev.BLK_TC_WRITE) != 0:
		s = "W"
	case t.Bytes == 0:
		s = "N"
	}
	for _, f := range []struct {
		bit uint32
		c   string
	}{{blockdev.BLK_TC_AHEAD, "A"}, {blockdev.BLK_TC_BARRIER, "B"}, {blockdev.BLK_TC_SYNC, "S"}} {
		if t.Action&blockdev.BLK_TC_ACT(f.bit) != 0 {
			s += f.c
		}
	}
	return s
}

var blkparseActs = map[uint32]string{1: "Q", 2: "M", 3: "F", 4: "G", 5: "S", 6: "R", 7: "D", 8: "C",
	9: "P", 10: "U", 11: "UT", 12: "I", 13: "X", 14: "B", 15: "A"}

// dump models dump_trace_fs() with its accounting and process_default().
func (bp *blkparser) dump(d *parseDev, t *blockdev.BlkIoTrace, pdu []byte) {
	cpu := d.cpus[t.CPU]
	if cpu == nil {
		cpu = &parseCPU{}
		d.cpus[t.CPU] = cpu
	}
	cpu.nelems++
	if d.events == 0 {
		d.first = t.Time
	}
	d.events++
	d.last = t.Time
	act, ok := blkparseActs[t.Action&0xffff]
	if !ok {
		fmt.Fprintf(bp.out, "Bad fs action %x\n", t.Action)
		return
	}
	w := 0
	if t.Action&blockdev.BLK_TC_ACT(blockdev.BLK_TC_WRITE) != 0 {
		w = 1
	}
	kb, sec := uint64(t.Bytes>>10), t.Bytes>>9
	ios := &cpu.ios
	switch act {
	case "Q":
		addRW(w, &ios.qreads, &ios.qwrites, &ios.qreadKB, &ios.qwriteKB, kb)
	case "M", "F":
		addRW(w, &ios.mreads, &ios.mwrites, &ios.mreadKB, &ios.mwriteKB, kb)
	case "D":
		addRW(w, &ios.ireads, &ios.iwrites, &ios.ireadKB, &ios.iwriteKB, kb)
		d.depth[w]++
		d.max[w] = max(d.max[w], d.depth[w])
	case "C":
		if d.depth[w] > 0 {
			d.depth[w]--
		}
		addRW(w, &ios.creads, &ios.cwrites, &ios.creadKB, &ios.cwriteKB, kb)
	case "U":
		ios.ioUnplugs++
	case "UT":
		ios.timerUnplugs++
	}
	major, minor := t.Device>>20, t.Device&(1<<20-1)
	fmt.Fprintf(bp.out, "%3d,%-3d %2d %8d %5d.%09d %5d %2s %3s ", major, minor, t.CPU, t.Sequence,
		t.Time/1_000_000_000, t.Time%1_000_000_000, t.Pid, act, rwbs(t))
	name, ok := bp.names[t.Pid]
	if !ok {
		name = "(null)"
	}
	switch act {
	case "C", "R":
		if sec != 0 {
			fmt.Fprintf(bp.out, "%d + %d [%d]\n", t.Sector, sec, t.Error)
		} else {
			fmt.Fprintf(bp.out, "%d [%d]\n", t.Sector, t.Error)
		}
	case "D", "I", "Q", "B", "M", "F", "G", "S":
		if sec != 0 {
			fmt.Fprintf(bp.out, "%d + %d [%s]\n", t.Sector, sec, name)
		} else {
			fmt.Fprintf(bp.out, "[%s]\n", name)
		}
	case "P":
		fmt.Fprintf(bp.out, "[%s]\n", name)
	case "U", "UT":
		var v uint64
		if len(pdu) >= 8 {
			v = binary.BigEndian.Uint64(pdu)
		}
		fmt.Fprintf(bp.out, "[%s] %d\n", name, uint32(v))
	case "X":
		var v uint64
		if len(pdu) >= 8 {
			v = binary.BigEndian.Uint64(pdu)
		}
		fmt.Fprintf(bp.out, "%d / %d [%s]\n", t.Sector, uint32(v), name)
	case "A":
		fmt.Fprintf(bp.out, "%d + %d\n", t.Sector, sec)
	}
}

func addRW(w int, reads, writes, readKB, writeKB *uint64, kb uint64) {
	if w == 1 {
		*writes++
		*writeKB += kb
	} else {
		*reads++
		*readKB += kb
	}
}

// grouped is printf's %'d in the en_US locale.
func grouped(v uint64) string {
	s := fmt.Sprint(v)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// sizeCnv models size_cnv(): %'8Lu with K, M, G past a million.
func sizeCnv(v uint64, inKB bool) string {
	suff := []string{"", "K", "M", "G", "P"}
	i := 0
	if inKB {
		i = 1
	}
	for v > 1000*1000 && i < len(suff)-1 {
		i++
		v /= 1000
	}
	return fmt.Sprintf("%8s%s", grouped(v), suff[i])
}

// stats models show_device_and_cpu_stats().
func (bp *blkparser) stats() {
	for i, d := range bp.devs {
		if i > 0 {
			fmt.Fprintln(bp.out)
		}
		name := d.name
		if name == "" {
			name = fmt.Sprintf("%d,%d", d.dev>>20, d.dev&(1<<20-1))
		}
		var total ioStats
		n := 0
		cpus := make([]uint32, 0, len(d.cpus))
		for c := range d.cpus {
			cpus = append(cpus, c)
		}
		slices.Sort(cpus)
		for _, c := range cpus {
			pc := d.cpus[c]
			if pc.nelems == 0 {
				continue
			}
			total = total.add(pc.ios)
			bp.ioStats(&pc.ios, fmt.Sprintf("CPU%d (%s):", c, name), d)
			n++
		}
		if n > 1 {
			fmt.Fprintln(bp.out)
			bp.ioStats(&total, fmt.Sprintf("Total (%s):", name), nil)
		}
		var rrate, wrate uint64
		if ms := (d.last - d.first) / 1_000_000; ms != 0 {
			rrate, wrate = 1000*total.creadKB/ms, 1000*total.cwriteKB/ms
		}
		fmt.Fprintf(bp.out, "\nThroughput (R/W): %sKiB/s / %sKiB/s\n", grouped(rrate), grouped(wrate))
		fmt.Fprintf(bp.out, "Events (%s): %s entries\n", name, grouped(d.events))
		fmt.Fprintf(bp.out, "Skips: 0 forward (0 -   0.0%%)\n")
	}
}

func (a ioStats) add(b ioStats) ioStats {
	a.qreads += b.qreads
	a.qwrites += b.qwrites
	a.creads += b.creads
	a.cwrites += b.cwrites
	a.mreads += b.mreads
	a.mwrites += b.mwrites
	a.ireads += b.ireads
	a.iwrites += b.iwrites
	a.qreadKB += b.qreadKB
	a.qwriteKB += b.qwriteKB
	a.creadKB += b.creadKB
	a.cwriteKB += b.cwriteKB
	a.ireadKB += b.ireadKB
	a.iwriteKB += b.iwriteKB
	a.mreadKB += b.mreadKB
	a.mwriteKB += b.mwriteKB
	a.ioUnplugs += b.ioUnplugs
	a.timerUnplugs += b.timerUnplugs
	return a
}

// ioStats models dump_io_stats(); d gives the depth line (per CPU only).
func (bp *blkparser) ioStats(s *ioStats, msg string, d *parseDev) {
	o := bp.out
	fmt.Fprintf(o, "%s\n", msg)
	fmt.Fprintf(o, " Reads Queued:    %s, %siB\t Writes Queued:    %s, %siB\n", sizeCnv(s.qreads, false), sizeCnv(s.qreadKB, true), sizeCnv(s.qwrites, false), sizeCnv(s.qwriteKB, true))
	fmt.Fprintf(o, " Read Dispatches: %s, %siB\t Write Dispatches: %s, %siB\n", sizeCnv(s.ireads, false), sizeCnv(s.ireadKB, true), sizeCnv(s.iwrites, false), sizeCnv(s.iwriteKB, true))
	fmt.Fprintf(o, " Reads Requeued:  %s\t\t Writes Requeued:  %s\n", sizeCnv(0, false), sizeCnv(0, false))
	fmt.Fprintf(o, " Reads Completed: %s, %siB\t Writes Completed: %s, %siB\n", sizeCnv(s.creads, false), sizeCnv(s.creadKB, true), sizeCnv(s.cwrites, false), sizeCnv(s.cwriteKB, true))
	fmt.Fprintf(o, " Read Merges:     %s, %siB\t Write Merges:     %s, %siB\n", sizeCnv(s.mreads, false), sizeCnv(s.mreadKB, true), sizeCnv(s.mwrites, false), sizeCnv(s.mwriteKB, true))
	if d != nil {
		fmt.Fprintf(o, " Read depth:      %8s%8c\t Write depth:      %8s\n", grouped(uint64(d.max[0])), ' ', grouped(uint64(d.max[1])))
	}
	fmt.Fprintf(o, " IO unplugs:      %8s%8c\t Timer unplugs:    %8s\n", grouped(s.ioUnplugs), ' ', grouped(s.timerUnplugs))
}
