package shell

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/errno"
)

func init() {
	commands["dd"] = command{run: dd, synopsis: "dd [if=F] [of=F] [bs=N] [count=N] [skip=N] [seek=N] [iflag=direct] [oflag=direct] [conv=notrunc]  copy blocks (of= may be under /host)"}
}

// dd's clock. dd measures its run on the machine's clock, which here is the
// kernel's virtual one: the jiffies that pass while it runs (the block layer
// waiting for an unplug timer, say) plus a cost model of what a 2008 PC
// spends on the copy, after which the clock is moved on by that much. The
// model: a fixed cost for starting and opening, a cost per read(2) and
// write(2), a cost per byte copied between user space and the page cache
// (or a file), and for O_DIRECT a cost per request that goes to the driver
// instead of the copy. So the same dd on the same machine always reports
// the same time, and small blocks cost more than big ones, as they did.
const (
	ddStartCost   = 40 * time.Microsecond
	ddSyscallCost = 1500 * time.Nanosecond
	ddByteCost    = time.Nanosecond // each way: about 1 GB/s of memcpy
	ddDirectCost  = 20 * time.Microsecond
	// ddMaxBlock bounds bs=: dd allocates its buffer in one piece.
	ddMaxBlock = 64 << 20
)

// ddJob is a parsed dd command line.
type ddJob struct {
	p                   *proc
	ifile, ofile        string
	ibs, obs            int64
	count, skip, seek   int64
	notrunc, fsync      bool
	idirect, odirect    bool
	rFull, rPartial     int64
	wFull, wPartial     int64
	wBytes              int64
	syscalls, directOps int64
	copied              int64
	opened              bool // both files opened: dd then reports, whatever happens
}

// dd models coreutils 5.97's dd for copying between files and block
// devices: if=, of=, bs=, ibs=, obs=, count=, skip=, seek=, conv=notrunc
// (and fsync, fdatasync), iflag= and oflag= with direct (O_DIRECT, for
// block devices; dsync, sync, nonblock, noatime, noctty and nofollow are
// accepted and change nothing). Its statistics go to standard error in
// 5.97's words. A file written whole at the end (anything but a device or
// standard output) that does not fit counts no records out.
func dd(p *proc) int {
	j := &ddJob{p: p, ibs: 512, obs: 512, count: -1}
	if !j.parse() {
		return 1
	}
	k := p.s.k
	start := k.Jiffies()
	status := j.run()
	elapsed := time.Duration(k.Jiffies()-start) * time.Second / blockdev.HZ
	model := ddStartCost + time.Duration(j.syscalls)*ddSyscallCost +
		time.Duration(j.copied)*ddByteCost + time.Duration(j.directOps)*ddDirectCost
	if !j.opened {
		return status // dd 5.97 exits at once when it cannot open a file
	}
	k.Sleep(uint64((model*blockdev.HZ + time.Second - 1) / time.Second))
	j.stats(elapsed + model)
	return status
}

func (j *ddJob) parse() bool {
	p := j.p
	bad := func(format string, a ...any) bool {
		p.errorf(format, a...)
		p.tryHelp()
		return false
	}
	for _, arg := range p.args {
		name, val, ok := strings.Cut(arg, "=")
		if !ok {
			return bad("unrecognized operand `%s'", arg)
		}
		var n *int64
		switch name {
		case "if":
			j.ifile = val
		case "of":
			j.ofile = val
		case "bs":
			var bs int64
			if !ddNumber(val, &bs) || bs == 0 {
				return bad("invalid number `%s'", val)
			}
			j.ibs, j.obs = bs, bs
		case "ibs":
			n = &j.ibs
		case "obs":
			n = &j.obs
		case "count":
			n = &j.count
		case "skip":
			n = &j.skip
		case "seek":
			n = &j.seek
		case "conv":
			for _, c := range strings.Split(val, ",") {
				switch c {
				case "notrunc":
					j.notrunc = true
				case "fsync", "fdatasync":
					j.fsync = true
				default:
					p.errorf("invalid conversion: `%s'", c)
					return false
				}
			}
		case "iflag", "oflag":
			for _, f := range strings.Split(val, ",") {
				switch f {
				case "direct":
					if name == "iflag" {
						j.idirect = true
					} else {
						j.odirect = true
					}
				case "dsync", "sync", "nonblock", "noatime", "noctty", "nofollow":
				default:
					which := "input"
					if name == "oflag" {
						which = "output"
					}
					p.errorf("invalid %s flag: `%s'", which, f)
					return false
				}
			}
		default:
			return bad("unrecognized operand `%s'", arg)
		}
		if n != nil && (!ddNumber(val, n) || ((n == &j.ibs || n == &j.obs) && *n == 0)) {
			return bad("invalid number `%s'", val)
		}
	}
	if j.ibs > ddMaxBlock || j.obs > ddMaxBlock {
		p.errorf("memory exhausted")
		return false
	}
	return true
}

// ddNumber parses dd's BLOCKS and BYTES: a number with an optional unit
// (c 1, w 2, b 512, kB 1000, K or k 1024, MB 1000², M 1024², GB, G), and
// products such as 2x512.
func ddNumber(s string, out *int64) bool {
	total := int64(1)
	for _, f := range strings.Split(s, "x") {
		i := 0
		for i < len(f) && f[i] >= '0' && f[i] <= '9' {
			i++
		}
		if i == 0 || i > 15 {
			return false
		}
		n, _ := strconv.ParseInt(f[:i], 10, 64)
		mult, ok := map[string]int64{"": 1, "c": 1, "w": 2, "b": 512, "kB": 1000, "K": 1 << 10, "k": 1 << 10,
			"MB": 1000 * 1000, "M": 1 << 20, "GB": 1000 * 1000 * 1000, "G": 1 << 30}[f[i:]]
		if !ok {
			return false
		}
		total *= n * mult
		if total < 0 || total > 1<<50 {
			return false
		}
	}
	*out = total
	return true
}

// ddWriter is where dd's output goes.
type ddWriter interface {
	writeAt(b []byte, off int64) (int, error)
}

type devWriter struct {
	b      *blockdev.BlockDevice
	direct bool
}

func (w devWriter) writeAt(b []byte, off int64) (int, error) {
	if w.direct {
		return w.b.WriteDirect(b, off)
	}
	return w.b.WriteAt(b, off)
}

type streamWriter struct{ w io.Writer }

func (w streamWriter) writeAt(b []byte, _ int64) (int, error) { return w.w.Write(b) }

// bufWriter builds a regular file's new contents in memory.
type bufWriter struct{ data []byte }

func (w *bufWriter) writeAt(b []byte, off int64) (int, error) {
	if end := off + int64(len(b)); end > int64(len(w.data)) {
		w.data = append(w.data, make([]byte, end-int64(len(w.data)))...)
	}
	return copy(w.data[off:], b), nil
}

// run opens the files and copies; it returns the exit status.
func (j *ddJob) run() int {
	p, ns := j.p, j.p.s.ns
	fail := func(what, name string, err error) int {
		p.errorf("%s `%s': %s", what, name, errText(err))
		return 1
	}
	var in reader = bytes.NewReader(p.stdin)
	iname := "standard input"
	if j.ifile != "" {
		r, done, err := ns.openRead(p.s.abs(j.ifile), j.idirect)
		if err != nil {
			return fail("opening", j.ifile, err)
		}
		defer done()
		in, iname = r, j.ifile
	}
	if j.ofile == "" {
		return j.copy(in, iname, streamWriter{p.out}, "standard output")
	}
	abs := p.s.abs(j.ofile)
	fi, err := ns.stat(abs)
	if err == nil && fi.isBlk() {
		dev, err := ns.openDev(abs)
		if err != nil {
			return fail("opening", j.ofile, err)
		}
		defer dev.Close()
		status := j.copy(in, iname, devWriter{dev, j.odirect}, j.ofile)
		if j.fsync {
			if err := dev.Sync(); err != nil {
				status = fail("fsync", j.ofile, err)
			}
		}
		return status
	}
	// A regular file: its new contents are built in memory (what is kept
	// of the old ones, then the records) and written when the copy is done.
	file := &bufWriter{}
	if err == nil && !fi.isDir() {
		if file.data, err = ns.readFile(abs); err != nil {
			return fail("opening", j.ofile, err)
		}
		if !j.notrunc {
			keep := j.seek * j.obs
			file.data = append(file.data, make([]byte, max(0, keep-int64(len(file.data))))...)[:keep]
		}
	}
	sk, err := ns.create(abs, false, within(abs, "/host"), 0666&^umask)
	if err != nil {
		return fail("opening", j.ofile, err)
	}
	status := j.copy(in, iname, file, j.ofile)
	if err := sk.write(file.data); err != nil {
		status = fail("writing", j.ofile, err)
		j.wFull, j.wPartial, j.wBytes = 0, 0, 0
	}
	if err := sk.close(); err != nil {
		status = fail("closing", j.ofile, err)
	}
	return status
}

// copy is dd's main loop: read ibs-byte records, write obs-byte ones (each
// record as it was read when ibs equals obs).
func (j *ddJob) copy(in reader, iname string, out ddWriter, oname string) int {
	j.opened = true
	ibuf := make([]byte, j.ibs)
	ipos, opos := j.skip*j.ibs, j.seek*j.obs
	var obuf []byte
	_, toDev := out.(devWriter)
	write := func(b []byte) bool {
		j.syscalls++
		if toDev && j.odirect {
			j.directOps++
		} else {
			j.copied += int64(len(b))
		}
		n, err := out.writeAt(b, opos)
		opos += int64(n)
		j.wBytes += int64(n)
		if err == nil && n < len(b) {
			err = errno.ENOSPC
		}
		switch {
		case err == nil && int64(n) == j.obs:
			j.wFull++
		case n > 0:
			j.wPartial++
		}
		if err != nil {
			j.p.errorf("writing `%s': %s", oname, errText(err))
			return false
		}
		return true
	}
	for j.count < 0 || j.rFull+j.rPartial < j.count {
		j.syscalls++
		if j.idirect {
			j.directOps++
		}
		n, err := in.ReadAt(ibuf, ipos)
		if !j.idirect {
			j.copied += int64(n)
		}
		if err != nil && err != io.EOF {
			j.p.errorf("reading `%s': %s", iname, errText(err))
			return 1
		}
		if n == 0 {
			break
		}
		ipos += int64(n)
		if int64(n) == j.ibs {
			j.rFull++
		} else {
			j.rPartial++
		}
		if j.ibs == j.obs {
			if !write(ibuf[:n]) {
				return 1
			}
			continue
		}
		obuf = append(obuf, ibuf[:n]...)
		for int64(len(obuf)) >= j.obs {
			if !write(obuf[:j.obs]) {
				return 1
			}
			obuf = obuf[j.obs:]
		}
	}
	if len(obuf) > 0 && !write(obuf) {
		return 1
	}
	return 0
}

// stats prints 5.97's summary: records, bytes, seconds (%g) and rate.
func (j *ddJob) stats(d time.Duration) {
	w := j.p.err
	fmt.Fprintf(w, "%d+%d records in\n%d+%d records out\n", j.rFull, j.rPartial, j.wFull, j.wPartial)
	unit := "bytes"
	if j.wBytes == 1 {
		unit = "byte"
	}
	secs := d.Seconds()
	fmt.Fprintf(w, "%d %s (%s) copied, %s seconds, %s/s\n", j.wBytes, unit, humanSI(float64(j.wBytes)),
		strconv.FormatFloat(secs, 'g', 6, 64), humanSI(float64(j.wBytes)/secs))
}
