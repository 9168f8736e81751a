package shell

import (
	"fmt"
	"io"
	"math"
	"math/bits"
	"strconv"
	"strings"
	"time"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/errno"
)

func init() {
	commands["dd"] = command{run: dd, reportsWrites: true, synopsis: "dd [if=F] [of=F] [bs=N] [count=N] [skip=N] [seek=N] [iflag=direct] [oflag=direct] [conv=notrunc]  copy blocks (of= may be under /host)"}
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
	ifSet, ofSet        bool // if= and of= given (an empty name is a name)
	ibs, obs            int64
	count, skip, seek   uint64
	countSet            bool
	notrunc, fsync      bool
	idirect, odirect    bool
	rFull, rPartial     int64
	wFull, wPartial     int64
	wBytes              int64
	syscalls, directOps int64
	copied              int64
	opened              bool // both files opened: dd then reports, whatever happens
	noStats             bool // left through error(EXIT_FAILURE, ...), which reports nothing
}

// offTMax is OFF_T_MAX: no file offset is larger.
const offTMax = math.MaxInt64

// dd models coreutils 5.97's dd for copying between files and block
// devices: if=, of=, bs=, ibs=, obs=, count=, skip=, seek=, conv=notrunc
// (and fsync, fdatasync), iflag= and oflag= with direct (O_DIRECT, for
// block devices; dsync, sync, nonblock, noatime, noctty and nofollow are
// accepted and change nothing). Its statistics go to standard error in
// 5.97's words, also after a write that failed: one that does not fit on a
// file system writes what fits (a partial record) and fails with ENOSPC.
func dd(p *proc) int {
	j := &ddJob{p: p, ibs: 512, obs: 512}
	if !j.parse() {
		return 1
	}
	k := p.s.k
	start := k.Jiffies()
	status := j.run()
	elapsed := time.Duration(k.Jiffies()-start) * time.Second / blockdev.HZ
	model := ddStartCost + time.Duration(j.syscalls)*ddSyscallCost +
		time.Duration(j.copied)*ddByteCost + time.Duration(j.directOps)*ddDirectCost
	if !j.opened || j.noStats {
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
		var n *uint64
		var bs *int64
		switch name {
		case "if":
			j.ifile, j.ifSet = val, true
		case "of":
			j.ofile, j.ofSet = val, true
		case "bs":
			bs = &j.ibs
		case "ibs":
			bs = &j.ibs
		case "obs":
			bs = &j.obs
		case "count":
			n, j.countSet = &j.count, true
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
		if n != nil && !ddNumber(val, n) {
			return bad("invalid number `%s'", val)
		}
		if bs != nil {
			// A block size is a positive size_t: what does not fit is
			// refused here, what fits but cannot be had is refused
			// below, where dd allocates its buffer.
			var v uint64
			if !ddNumber(val, &v) || v == 0 || v > offTMax {
				return bad("invalid number `%s'", val)
			}
			*bs = int64(v)
			if name == "bs" {
				j.obs = j.ibs
			}
		}
	}
	if j.ibs > ddMaxBlock || j.obs > ddMaxBlock {
		p.errorf("memory exhausted")
		return false
	}
	return true
}

// ddNumber parses dd's BLOCKS and BYTES as 5.97's parse_integer does
// (xstrtoumax): a number with an optional unit (c 1, w 2, b 512, kB 1000,
// K or k 1024, MB 1000², M 1024², and so on to E), and products such as
// 2x512. Anything that does not fit in 64 bits is invalid.
func ddNumber(s string, out *uint64) bool {
	total := uint64(1)
	for _, f := range strings.Split(s, "x") {
		i := 0
		for i < len(f) && f[i] >= '0' && f[i] <= '9' {
			i++
		}
		if i == 0 {
			return false
		}
		n, err := strconv.ParseUint(f[:i], 10, 64)
		mult, ok := ddUnits[f[i:]]
		if err != nil || !ok {
			return false
		}
		hi, lo := bits.Mul64(n, mult)
		if hi != 0 {
			return false
		}
		if hi, total = bits.Mul64(total, lo); hi != 0 {
			return false
		}
	}
	*out = total
	return true
}

// ddUnits are the multipliers of xstrtoumax's suffixes that dd accepts.
var ddUnits = func() map[string]uint64 {
	u := map[string]uint64{"": 1, "c": 1, "w": 2, "b": 512, "k": 1 << 10}
	for i, c := range "KMGTPE" {
		bin, dec := uint64(1)<<(10*(i+1)), uint64(1)
		for range i + 1 {
			dec *= 1000
		}
		u[string(c)], u[string(c)+"iB"], u[string(c)+"B"] = bin, bin, dec
	}
	u["kB"] = 1000
	return u
}()

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

// fileWriter writes a regular file where dd's offset says.
type fileWriter struct{ f fileSink }

func (w fileWriter) writeAt(b []byte, off int64) (int, error) { return w.f.writeAt(b, off) }

// sinkWriter writes a file that has no offsets to keep: /dev/null, a sysfs
// attribute.
type sinkWriter struct{ s sink }

func (w sinkWriter) writeAt(b []byte, _ int64) (int, error) {
	if err := w.s.write(b); err != nil {
		return 0, err
	}
	return len(b), nil
}

// run opens the files and copies; it returns the exit status. The order is
// 5.97's: open the input, open the output, truncate it to where seek= puts
// the output (unless conv=notrunc), skip the input, seek the output, copy.
func (j *ddJob) run() int {
	p, ns := j.p, j.p.s.ns
	fail := func(what, name string, err error) int {
		p.errorf("%s `%s': %s", what, name, errText(err))
		return 1
	}
	die := func(format string, a ...any) int { // error (EXIT_FAILURE, ...)
		p.errorf(format, a...)
		j.noStats = true
		return 1
	}
	in := p.stdin
	iname := "standard input"
	if j.ifSet {
		r, rf, err := ns.openRead(p.files, p.s.abs(j.ifile), j.idirect)
		if err != nil {
			return fail("opening", j.ifile, err)
		}
		defer rf.Close()
		in, iname = r, j.ifile
	}
	j.opened = true
	// skip= on the input: an lseek, or reads to the end when the offset
	// cannot be one; either way reading goes on from there.
	ipos := in.Size()
	if j.skip <= uint64(offTMax/j.ibs) {
		ipos = min(int64(j.skip)*j.ibs, ipos)
	}
	if !j.ofSet {
		if j.seek > 0 && !j.seekStdout() {
			return 1
		}
		return j.copy(in, ipos, iname, streamWriter{p.out}, 0, "standard output")
	}
	j.opened = false
	abs := p.s.abs(j.ofile)
	fi, err := ns.stat(abs)
	truncating := j.seek > 0 && !j.notrunc
	overflow := j.seek > uint64(offTMax/j.obs)
	if err == nil && fi.isBlk() {
		dev, err := ns.openDev(p.files, abs)
		if err != nil {
			return fail("opening", j.ofile, err)
		}
		defer dev.Close()
		j.opened = true
		if truncating && overflow {
			return die("offset too large: cannot truncate to a length of seek=%d (%d-byte) blocks", j.seek, j.obs)
		}
		// ftruncate fails on a block device, and dd lets it. lseek
		// past the end fails (block_llseek); dd then reads the device
		// to its end, one output block a read, and writes zero blocks
		// for the records still to skip, which finds no space there.
		opos := int64(0)
		if !overflow && int64(j.seek)*j.obs <= dev.Size() {
			opos = int64(j.seek) * j.obs
		} else {
			opos = dev.Size()
			if reads := uint64((dev.Size() + j.obs - 1) / j.obs); j.seek > reads {
				p.errorf("writing to `%s': %s", j.ofile, strerror(errno.ENOSPC))
				return 1
			}
		}
		status := j.copy(in, ipos, iname, devWriter{dev.BlockDevice, j.odirect}, opos, j.ofile)
		if j.fsync {
			if err := dev.Sync(); err != nil {
				status = fail("fsync", j.ofile, err)
			}
		}
		return status
	}
	mode := wTrunc
	if j.seek > 0 || j.notrunc {
		mode = wKeep
	}
	sk, err := ns.create(p.files, abs, mode, within(abs, "/host"), 0666&^umask)
	if err != nil {
		return fail("opening", j.ofile, err)
	}
	j.opened = true
	status := j.copyTo(sk, in, ipos, iname, truncating, overflow)
	if err := sk.close(); err != nil && !j.noStats {
		return die("closing output file `%s': %s", j.ofile, errText(err))
	}
	return status
}

// seekStdout skips seek= blocks of standard output as 5.97's skip() does:
// with lseek(SEEK_CUR), which works where bash opened the output on a
// regular file or a device (not truncated: bash's > did that already).
// Where lseek fails (a pipe, the terminal, past a device's end), or is not
// tried because the offset is no off_t (errno is then 0), dd reads the
// output to skip it, which a write-only descriptor refuses, and quits.
func (j *ddJob) seekStdout() bool {
	var err error
	if j.seek <= uint64(offTMax/j.obs) {
		ro, ok := j.p.out.(*redirOut)
		if !ok {
			err = errno.ESPIPE
		} else if err = ro.lseek(int64(j.seek) * j.obs); err == nil {
			return true
		}
	}
	if err != nil {
		j.p.errorf("`standard output': cannot seek: %s", errText(err))
	} else {
		j.p.errorf("`standard output': cannot seek")
	}
	return false
}

// copyTo is run for an output that is not a block device or standard
// output: a regular file, /dev/null or a sysfs attribute.
func (j *ddJob) copyTo(sk sink, in reader, ipos int64, iname string, truncating, overflow bool) int {
	p := j.p
	if truncating && overflow {
		j.noStats = true
		p.errorf("offset too large: cannot truncate to a length of seek=%d (%d-byte) blocks", j.seek, j.obs)
		return 1
	}
	f, ok := sk.(fileSink)
	if !ok {
		// /dev/null takes any offset (null_lseek) and swallows the
		// zero blocks of a seek it could not take; a sysfs attribute
		// reads what is written, wherever.
		return j.copy(in, ipos, iname, sinkWriter{sk}, 0, j.ofile)
	}
	if truncating {
		size := int64(j.seek) * j.obs
		if err := f.truncate(size); err != nil {
			j.noStats = true
			p.errorf("truncating at %d bytes in output file `%s': %s", size, j.ofile, errText(err))
			return 1
		}
	}
	if overflow {
		// conv=notrunc and an offset no lseek can take: dd reads the
		// file to its end and writes zero blocks from there, until the
		// file is as big as its file system allows.
		p.errorf("writing to `%s': %s", j.ofile, strerror(errno.EFBIG))
		return 1
	}
	return j.copy(in, ipos, iname, fileWriter{f}, int64(j.seek)*j.obs, j.ofile)
}

// copy is dd's main loop: read ibs-byte records, write obs-byte ones (each
// record as it was read when ibs equals obs).
func (j *ddJob) copy(in reader, ipos int64, iname string, out ddWriter, opos int64, oname string) int {
	ibuf := make([]byte, j.ibs)
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
	for !j.countSet || uint64(j.rFull+j.rPartial) < j.count {
		if j.p.s.interrupted() {
			// SIGINT: 5.97's handler prints the records so far, as
			// the caller does, and dies of the signal.
			return statusInterrupted
		}
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
