package shell

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/errno"
)

// sfdisk of util-linux 2.13-pre7 (fdisk/sfdisk.c): -g (the kernel's heads
// and sectors, cylinders from the size), -l and -d (list and dump the DOS
// table), -s (size in blocks), and writing a table read from standard
// input, in the dump format or sfdisk's "start size Id bootable" lines, in
// the units -u names (cylinders by default, mebibytes when the disk has no
// geometry). As in 2.13, a disk without getgeo has no cylinders and
// therefore no room for any partition unless -H and -S give a geometry.
// Only the four primary entries are modelled; a table with an extended
// partition is listed without its logical partitions.

func init() {
	commands["sfdisk"] = command{run: sfdiskCmd, synopsis: "sfdisk [-g|-l|-d|-s] [-uS|C|B|M] [-H N] [-S N] [-f] [-n] DEVICE [< table]  list or write a partition table"}
}

// sfdiskExit is sfdisk's exit().
type sfdiskExit int

const (
	fmtDefault = iota
	fmtSector
	fmtBlock
	fmtCylinder
	fmtMegabyte
)

// sfdisk holds sfdisk.c's globals.
type sfdisk struct {
	p                            *proc
	force, quiet, dump, noWrite  bool
	noReread, linux              bool
	specifiedFormat              int
	uHeads, uSectors, uCylinders uint64
	b                            sfdiskGeometry // B: the geometry used (U over the kernel's)
	fgeo                         sfdiskGeometry // F: the geometry the table implies, for listings
	exitStatus                   int
	lineNo                       int    // the input line being read, for messages
	lineText                     string // and its text
}

// sfdiskPart is struct part_desc for a primary entry.
type sfdiskPart struct {
	start, size uint64
	e           dosEntry
}

func sfdiskCmd(p *proc) (status int) {
	sf := &sfdisk{p: p}
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(sfdiskExit)
			if !ok {
				panic(r)
			}
			status = int(e)
		}
	}()
	var args []string
	for _, a := range p.args {
		switch a {
		case "--force":
			sf.force = true
		case "--no-reread":
			sf.noReread = true
		case "--Linux":
			sf.linux = true
		default:
			args = append(args, a)
		}
	}
	opts, operands, err := getopt(args, "C:dfgH:lLnqsS:u:vV")
	if err != nil {
		fmt.Fprintf(p.err, "sfdisk: %v\n", err)
		sf.usage()
	}
	var optList, optGeom, optSize bool
	for _, o := range opts {
		switch o.c {
		case 'd':
			sf.dump, optList = true, true
		case 'f':
			sf.force = true
		case 'g':
			optGeom = true
		case 'l':
			optList = true
		case 'L':
			sf.linux = true
		case 'n':
			sf.noWrite = true
		case 'q':
			sf.quiet = true
		case 's':
			optSize = true
		case 'u':
			sf.setFormat(o.arg[0])
		case 'H', 'S', 'C':
			n, _ := strconv.ParseUint(o.arg, 10, 32)
			*map[byte]*uint64{'H': &sf.uHeads, 'S': &sf.uSectors, 'C': &sf.uCylinders}[o.c] = n
		case 'v', 'V':
			fmt.Fprintln(p.out, "sfdisk (util-linux 2.13-pre7)")
			return 0
		}
	}
	if len(operands) == 0 {
		sf.usage()
	}
	if optList || optGeom || optSize {
		var total uint64
		for _, dev := range operands {
			if optGeom {
				sf.doGeom(dev)
			}
			if optSize {
				total += sf.doSize(dev, len(operands) > 1)
			}
			if optList {
				sf.doList(dev)
			}
		}
		if optSize && len(operands) > 1 {
			fmt.Fprintf(p.out, "total: %d blocks\n", total)
		}
		return sf.exitStatus
	}
	if len(operands) != 1 {
		sf.fatal("can specify only one device (except with -l or -s)\n")
	}
	sf.doFdisk(operands[0])
	return sf.exitStatus
}

func (sf *sfdisk) usage() {
	fmt.Fprint(sf.p.err, "Usage: sfdisk [options] device ...\n"+
		"device: something like /dev/hda or /dev/sda\n"+
		"useful options:\n"+
		"    -s [or --show-size]: list size of a partition\n"+
		"    -l [or --list]:      list partitions of each device\n"+
		"    -d [or --dump]:      idem, but in a format suitable for later input\n"+
		"    -g [or --show-geometry]: print the kernel's idea of the geometry\n"+
		"    -u, --unit=[SBCM]:   display in units of sectors/blocks/cylinders/MB\n"+
		"    -n :                 do not actually write to disk\n"+
		"    -f  [or --force]:    do what I say, even if it is stupid\n"+
		"    -q  [or --quiet]:    suppress warning messages\n"+
		"    -C# [or --cylinders #]:set the number of cylinders to use\n"+
		"    -H# [or --heads #]:    set the number of heads to use\n"+
		"    -S# [or --sectors #]:  set the number of sectors to use\n")
	panic(sfdiskExit(1))
}

// fatal is sfdisk's fatal(): "\nsfdisk: message" on stderr, exit 1.
func (sf *sfdisk) fatal(format string, a ...any) {
	fmt.Fprintf(sf.p.err, "\nsfdisk: "+format, a...)
	panic(sfdiskExit(1))
}

// inputFatal is fatal() for bad input, followed by the line it is about:
// 2.13 names only the field, the simulator also says which line.
func (sf *sfdisk) inputFatal(format string, a ...any) {
	fmt.Fprintf(sf.p.err, "\nsfdisk: "+format, a...)
	fmt.Fprintf(sf.p.err, "sfdisk: (input line %d: %s)\n", sf.lineNo, sf.lineText)
	panic(sfdiskExit(1))
}

// warn is warn(): stderr unless -q.
func (sf *sfdisk) warn(format string, a ...any) {
	if !sf.quiet {
		fmt.Fprintf(sf.p.err, format, a...)
	}
}

func (sf *sfdisk) setFormat(c byte) {
	switch c {
	default:
		fmt.Fprint(sf.p.err, "unrecognized format - using sectors\n")
		fallthrough
	case 'S':
		sf.specifiedFormat = fmtSector
	case 'B':
		sf.specifiedFormat = fmtBlock
	case 'C':
		sf.specifiedFormat = fmtCylinder
	case 'M':
		sf.specifiedFormat = fmtMegabyte
	}
}

// open is my_open(): perror and a fatal error when the device won't open.
func (sf *sfdisk) open(dev string) *devFile {
	b, err := sf.p.s.ns.openDev(sf.p.files, sf.p.s.abs(dev))
	if err != nil {
		fmt.Fprintf(sf.p.err, "%s: %s\n", dev, errText(err))
		sf.fatal("cannot open %s for reading\n", dev)
	}
	return b
}

// doGeom is do_geom(): sfdisk -g.
func (sf *sfdisk) doGeom(dev string) {
	b := sf.open(dev)
	defer b.Close()
	r := getSfdiskGeometry(sf.p, dev, b.BlockDevice, false)
	if r.cylinders != 0 {
		fmt.Fprintf(sf.p.out, "%s: %d cylinders, %d heads, %d sectors/track\n", dev, r.cylinders, r.heads, r.sectors)
	}
}

// doSize is do_size(): the size in 1024-byte blocks.
func (sf *sfdisk) doSize(dev string, several bool) uint64 {
	b := sf.open(dev)
	defer b.Close()
	size, err := diskSize(b.BlockDevice)
	if err != nil {
		fmt.Fprintf(sf.p.err, "BLKGETSIZE: %s\n", errText(err))
		sf.fatal("Disk %s: cannot get size\n", dev)
	}
	if several {
		fmt.Fprintf(sf.p.out, "%s: %9d\n", dev, size/2)
	} else {
		fmt.Fprintf(sf.p.out, "%d\n", size/2)
	}
	return size / 2
}

// getCylindersize is get_cylindersize(): B from -H/-S/-C over the kernel's.
func (sf *sfdisk) getCylindersize(dev string, b *blockdev.BlockDevice, silent bool) {
	r := getSfdiskGeometry(sf.p, dev, b, silent)
	g := sfdiskGeometry{heads: r.heads, sectors: r.sectors, cylinders: r.cylinders, total: r.total}
	if sf.uHeads != 0 {
		g.heads = sf.uHeads
	}
	if sf.uSectors != 0 {
		g.sectors = sf.uSectors
	}
	if sf.uCylinders != 0 {
		g.cylinders = sf.uCylinders
	}
	g.cylinderSize = g.heads * g.sectors
	if g.cylinders == 0 && g.cylinderSize != 0 {
		g.cylinders = g.total / g.cylinderSize
	}
	sf.b = g
	if r.start != 0 && !sf.force {
		sf.warn("Warning: start=%d - this looks like a partition rather than\n"+
			"the entire disk. Using fdisk on it is probably meaningless.\n"+
			"[Use the --force option if you really want this]\n", r.start)
		panic(sfdiskExit(1))
	}
	if g.sectors > 63 {
		sf.warn("Warning: unlikely number of sectors (%d) - usually at most 63\n"+
			"This will give problems with all software that uses C/H/S addressing.\n", g.sectors)
	}
	if !silent {
		fmt.Fprintf(sf.p.out, "\nDisk %s: %d cylinders, %d heads, %d sectors/track\n", dev, g.cylinders, g.heads, g.sectors)
	}
}

// getPartitions is get_partitions() → msdos_partition() for sector 0.
func (sf *sfdisk) getPartitions(dev string, b *blockdev.BlockDevice) []sfdiskPart {
	sector := make([]byte, 512)
	if n, err := b.ReadAt(sector, 0); n != 512 {
		fmt.Fprintf(sf.p.err, "read: %s\n", errText(err))
		fmt.Fprintf(sf.p.err, "\nsfdisk: read error on %s - cannot read sector 0\n", dev)
		fmt.Fprintf(sf.p.err, " %s: unrecognized partition table type\n", dev)
		return nil
	}
	if !validSignature(sector) {
		fmt.Fprint(sf.p.err, "\nsfdisk: ERROR: sector 0 does not have an msdos signature\n")
		fmt.Fprintf(sf.p.err, " %s: unrecognized partition table type\n", dev)
		return nil
	}
	parts := make([]sfdiskPart, 4)
	for i := range parts {
		e := entryAt(sector, i)
		parts[i] = sfdiskPart{start: uint64(e.start), size: uint64(e.size), e: e}
		if isExtended(e.sys) && e.size != 0 {
			sf.warn("sfdisk: the simulator does not read extended partition %d's logical partitions\n", i+1)
		}
	}
	return parts
}

// doList is do_list(): sfdisk -l or -d.
func (sf *sfdisk) doList(dev string) {
	b := sf.open(dev)
	defer b.Close()
	sf.getCylindersize(dev, b.BlockDevice, sf.dump)
	sf.outPartitions(dev, sf.getPartitions(dev, b.BlockDevice))
}

// fdiskGeometryOf is get_fdisk_geometry(): F is the heads and sectors the
// used entries' end CHS agree on, else B; true when F differs from B.
func (sf *sfdisk) fdiskGeometryOf(parts []sfdiskPart) bool {
	var g0 sfdiskGeometry
	agree := false
	for _, p := range parts {
		if p.size == 0 || p.e.sys == 0 {
			continue
		}
		g := sfdiskGeometry{heads: uint64(p.e.endHead) + 1, sectors: uint64(p.e.endSector & 0x3f)}
		g.cylinderSize = g.heads * g.sectors
		if g0.heads == 0 {
			g0, agree = g, true
		} else if g.heads != g0.heads || g.sectors != g0.sectors {
			agree = false
			break
		}
	}
	sf.fgeo = sf.b
	if agree {
		sf.fgeo = g0
	}
	return sf.fgeo.sectors != sf.b.sectors || sf.fgeo.heads != sf.b.heads
}

// outPartitions is out_partitions().
func (sf *sfdisk) outPartitions(dev string, parts []sfdiskPart) {
	w := sf.p.out
	if len(parts) == 0 {
		fmt.Fprint(sf.p.err, "No partitions found\n")
		return
	}
	if sf.fdiskGeometryOf(parts) && !sf.dump {
		fmt.Fprintf(sf.p.err, "Warning: The partition table looks like it was made\n"+
			"  for C/H/S=*/%d/%d (instead of %d/%d/%d).\n"+
			"For this listing I'll assume that geometry.\n",
			sf.fgeo.heads, sf.fgeo.sectors, sf.b.cylinders, sf.b.heads, sf.b.sectors)
	}
	g := sf.fgeo
	format := sf.specifiedFormat
	if format == fmtDefault {
		format = fmtMegabyte
		if g.cylinderSize != 0 {
			format = fmtCylinder
		}
	}
	if sf.dump {
		fmt.Fprintf(w, "# partition table of %s\n", dev)
		fmt.Fprint(w, "unit: sectors\n\n")
	} else {
		if format == fmtCylinder && g.cylinderSize == 0 {
			format = fmtSector
		}
		switch format {
		case fmtCylinder:
			fmt.Fprintf(w, "Units = cylinders of %d bytes, blocks of 1024 bytes, counting from 0\n\n", g.cylinderSize<<9)
			fmt.Fprint(w, "   Device Boot Start     End   #cyls    #blocks   Id  System\n")
		case fmtSector:
			fmt.Fprint(w, "Units = sectors of 512 bytes, counting from 0\n\n")
			fmt.Fprint(w, "   Device Boot    Start       End   #sectors  Id  System\n")
		case fmtBlock:
			fmt.Fprint(w, "Units = blocks of 1024 bytes, counting from 0\n\n")
			fmt.Fprint(w, "   Device Boot   Start       End    #blocks   Id  System\n")
		case fmtMegabyte:
			fmt.Fprint(w, "Units = mebibytes of 1048576 bytes, blocks of 1024 bytes, counting from 0\n\n")
			fmt.Fprint(w, "   Device Boot Start   End    MiB    #blocks   Id  System\n")
		}
	}
	for i, p := range parts {
		sf.outPartition(dev, format, i, p, g)
	}
}

func outRounddown(w *strings.Builder, width int, n, unit uint64) {
	fmt.Fprintf(w, "%*d", width, n/unit)
	if unit != 1 {
		w.WriteByte(map[bool]byte{true: '+', false: ' '}[n%unit != 0])
	}
	w.WriteByte(' ')
}

func outRoundup(w *strings.Builder, width int, n, unit uint64) {
	if n == uint64(^uint32(0)) { // (unsigned long)-1: the end of an empty entry
		fmt.Fprintf(w, "%*s", width, "-")
	} else {
		fmt.Fprintf(w, "%*d", width, n/unit)
	}
	if unit != 1 {
		w.WriteByte(map[bool]byte{true: '-', false: ' '}[uint64(uint32(n+1))%unit != 0])
	}
	w.WriteByte(' ')
}

func outRoundupSize(w *strings.Builder, width int, n, unit uint64) {
	fmt.Fprintf(w, "%*d", width, (n+unit-1)/unit)
	if unit != 1 {
		w.WriteByte(map[bool]byte{true: '-', false: ' '}[n%unit != 0])
	}
	w.WriteByte(' ')
}

// outPartition is out_partition() for primary entry i.
func (sf *sfdisk) outPartition(dev string, format, i int, p sfdiskPart, g sfdiskGeometry) {
	var w strings.Builder
	name := partNameWidth(dev, i+1, 10)
	w.WriteString(name)
	if sf.dump {
		fmt.Fprintf(&w, ": start=%9d, size=%9d, Id=%2x", p.start, p.size, p.e.sys)
		if p.e.boot == activeFlag {
			w.WriteString(", bootable")
		}
		w.WriteByte('\n')
		fmt.Fprint(sf.p.out, w.String())
		return
	}
	w.WriteByte(' ')
	start, size := p.start, p.size
	end := uint64(uint32(start + size - 1)) // an i386 unsigned long: -1 for an empty entry
	switch p.e.boot {
	case 0:
		w.WriteString("   ")
	case activeFlag:
		w.WriteString(" * ")
	default:
		w.WriteString(" ? ")
	}
	switch format {
	case fmtCylinder:
		outRounddown(&w, 6, start, g.cylinderSize)
		outRoundup(&w, 6, end, g.cylinderSize)
		outRoundupSize(&w, 6, size, g.cylinderSize)
		outRounddown(&w, 9, size, 2)
	case fmtSector:
		outRounddown(&w, 9, start, 1)
		outRoundup(&w, 9, end, 1)
		outRounddown(&w, 10, size, 1)
	case fmtBlock:
		outRounddown(&w, 8, start, 2)
		outRoundup(&w, 8, end, 2)
		outRounddown(&w, 9, size, 2)
	case fmtMegabyte:
		outRounddown(&w, 5, start, 2048)
		outRoundup(&w, 5, end, 2048)
		outRoundupSize(&w, 5, size, 2048)
		outRounddown(&w, 9, size, 2)
	}
	sys := sysName(p.e.sys)
	if sys == "" {
		sys = "Unknown"
	}
	fmt.Fprintf(&w, " %2x  %s\n", p.e.sys, sys)
	fmt.Fprint(sf.p.out, w.String())
	if sf.quiet {
		return
	}
	// Is chs as we expect?
	check := func(what string, lba uint64, h, s, c byte) {
		a := sf.ulongToCHS(lba, g)
		if size == 0 {
			a = chs{}
		}
		b := chs{h, s, c}
		if a.s != 0 && a != b {
			aa, bb := a.long(), b.long()
			fmt.Fprintf(sf.p.err, "\t\t%s: (c,h,s) expected (%d,%d,%d) found (%d,%d,%d)\n", what, aa.c, aa.h, aa.s, bb.c, bb.h, bb.s)
		}
	}
	check("start", start, p.e.head, p.e.sector, p.e.cyl)
	check("end", end, p.e.endHead, p.e.endSector, p.e.endCyl)
	if bc := (chs{p.e.endHead, p.e.endSector, p.e.endCyl}).long().c; g.cylinders != 0 && g.cylinders < 1024 && bc > g.cylinders {
		fmt.Fprintf(sf.p.err, "partition ends on cylinder %d, beyond the end of the disk\n", bc)
	}
}

// chs is sfdisk's chs: the stored bytes.
type chs struct{ h, s, c byte }

type longchs struct{ h, s, c uint64 }

func (a chs) long() longchs {
	return longchs{h: uint64(a.h), s: uint64(a.s & 0x3f), c: uint64(a.s&0xc0)<<2 + uint64(a.c)}
}

// ulongToCHS is ulong_to_chs(): a sector as CHS bytes, the maximum when it
// is past cylinder 1023, zero without a geometry.
func (sf *sfdisk) ulongToCHS(sno uint64, g sfdiskGeometry) chs {
	if g.heads == 0 || g.sectors == 0 || g.cylinderSize == 0 {
		return chs{}
	}
	aa := longchs{s: 1 + sno%g.sectors, h: (sno / g.sectors) % g.heads, c: sno / g.cylinderSize}
	switch {
	case aa.h < 256 && aa.s < 64 && aa.c < 1024:
		return chs{h: byte(aa.h), s: byte(aa.s) | byte((aa.c>>2)&0xc0), c: byte(aa.c)}
	default:
		return chs{h: byte(g.heads - 1), s: byte(g.sectors) | 0xc0, c: 0xff}
	}
}

// rereadIoctl is reread_ioctl(): BLKRRPART, its error printed by perror;
// only EBUSY counts as failure ("2.6.8 returns EIO for a zero table").
func (sf *sfdisk) rereadIoctl(b *blockdev.BlockDevice) bool {
	if err := b.Ioctl(blockdev.BLKRRPART, nil); err != nil {
		fmt.Fprintf(sf.p.err, "BLKRRPART: %s\n", errText(err))
		return !errors.Is(err, errno.EBUSY)
	}
	return true
}

// doFdisk is do_fdisk() without a terminal: read the new table from
// standard input, check it, write it, re-read it.
func (sf *sfdisk) doFdisk(dev string) {
	p := sf.p
	fi, err := p.s.ns.stat(p.s.abs(dev))
	if err != nil {
		fmt.Fprintf(p.err, "%s: %s\n", dev, errText(err))
		sf.fatal("Fatal error: cannot find %s\n", dev)
	}
	if !fi.isBlk() {
		fmt.Fprintf(p.err, "Warning: %s is not a block device\n", dev)
		sf.noReread = true
	}
	b := sf.open(dev)
	defer b.Close()
	if !sf.noWrite && !sf.noReread {
		sf.warn("Checking that no-one is using this disk right now ...\n")
		if !sf.rereadIoctl(b.BlockDevice) {
			fmt.Fprint(p.err, "\nThis disk is currently in use - repartitioning is probably a bad idea.\n"+
				"Umount all file systems, and swapoff all swap partitions on this disk.\n"+
				"Use the --no-reread flag to suppress this check.\n")
			if !sf.force {
				fmt.Fprint(p.err, "Use the --force flag to overrule all checks.\n")
				panic(sfdiskExit(1))
			}
		} else {
			sf.warn("OK\n")
		}
	}
	sf.getCylindersize(dev, b.BlockDevice, false)
	old := sf.getPartitions(dev, b.BlockDevice)
	fmt.Fprint(p.out, "Old situation:\n")
	sf.outPartitions(dev, old)

	parts := sf.readInput(p.stdinLines())
	fmt.Fprint(p.out, "New situation:\n")
	sf.outPartitions(dev, parts)
	if !sf.partitionsOK(parts) && !sf.force {
		sf.fatal("I don't like these partitions - nothing changed.\n" +
			"(If you really want this, use the --force option.)\n")
	}
	if sf.noWrite {
		fmt.Fprint(p.err, "-n flag was given: Nothing changed\n")
		panic(sfdiskExit(0))
	}
	sector := make([]byte, 512)
	if n, _ := b.ReadAt(sector, 0); n != 512 {
		sf.fatal("Failed writing the partition on %s\n", dev)
	}
	var entries [4]dosEntry
	for i, pt := range parts {
		entries[i] = pt.e
	}
	if n, err := b.WriteAt(encodeTable(sector, entries), 0); err != nil || n != 512 {
		fmt.Fprintf(p.err, "write: %s\n", errText(err))
		fmt.Fprintf(p.err, "\nsfdisk: write error on %s - cannot write sector 0\n", dev)
		fmt.Fprintf(p.err, "\nsfdisk: Failed writing the partition on %s\n", dev)
		sf.exitStatus = 1
	} else {
		fmt.Fprint(p.out, "Successfully wrote the new partition table\n\n")
	}
	fmt.Fprint(p.out, "Re-reading the partition table ...\n")
	b.Sync()
	p.s.k.Sleep(3 * blockdev.HZ)
	if !sf.rereadIoctl(b.BlockDevice) {
		fmt.Fprint(p.err, "The command to re-read the partition table failed\n"+
			"Reboot your system now, before using mkfs\n")
	}
	sf.warn("If you created or changed a DOS partition, /dev/foo7, say, then use dd(1)\n" +
		"to zero the first 512 bytes:  dd if=/dev/zero of=/dev/foo7 bs=512 count=1\n" +
		"(See fdisk(8).)\n")
	b.Sync()
	p.s.k.Sleep(3 * blockdev.HZ)
}

// unitsize is unitsize(): sectors per input or output unit.
func (sf *sfdisk) unitsize(format int) uint64 {
	if format == fmtDefault {
		format = sf.specifiedFormat
	}
	if format == fmtDefault {
		format = fmtMegabyte
		if sf.b.cylinderSize != 0 {
			format = fmtCylinder
		}
	}
	switch format {
	case fmtSector:
		return 1
	case fmtBlock:
		return 2
	case fmtMegabyte:
		return 2048
	}
	if sf.b.cylinderSize != 0 {
		return sf.b.cylinderSize
	}
	return 1
}

// diskSizeIn is get_disksize(): whole cylinders only, so 0 without a
// geometry.
func (sf *sfdisk) diskSizeIn(format int) uint64 {
	return sf.b.cylinders * sf.b.cylinderSize / sf.unitsize(format)
}

// readInput is read_input() for the four primaries, read as a file is.
func (sf *sfdisk) readInput(in *stdinLines) []sfdiskPart {
	parts := make([]sfdiskPart, 4)
	eof := false
	for pno := 0; pno < 4 && !eof; pno++ {
		ok, end := sf.readLine(in, pno, parts)
		if end {
			eof = true
			continue
		}
		if !ok {
			sf.inputFatal("bad input\n")
		}
	}
	return parts
}

// readFields is read_stdin(): the next line's fields, dump style
// ("name : start= N, size= N, Id= N, bootable") or sfdisk's own (fields
// separated by blanks, commas or semicolons). cmd is true for "unit:
// sectors"; end at end of input.
func (sf *sfdisk) readFields(in *stdinLines) (fields []string, cmd, end bool) {
	line, ok := in.next()
	if !ok {
		return nil, false, true
	}
	sf.lineNo++
	sf.lineText = line
	if len(line) > 997 {
		sf.fatal("long or incomplete input line - quitting\n")
	}
	if i := strings.IndexByte(line, '#'); i >= 0 {
		line = line[:i]
	}
	if line == "unit: sectors" {
		sf.specifiedFormat = fmtSector
		return nil, true, false
	}
	if i := strings.IndexByte(line, ':'); i >= 0 {
		names := []string{"start", "size", "Id", "bootable", "bh", "bs", "bc", "eh", "es", "ec"}
		fields = make([]string, 0, 10)
		set := func(n int, v string) {
			for len(fields) <= n {
				fields = append(fields, "")
			}
			fields[n] = v
		}
		ip := line[i+1:]
		for {
			ip = strings.TrimLeft(ip, " \t\n\v\f\r")
			if ip == "" {
				return fields, false, false
			}
			k := -1
			for n, name := range names {
				if strings.HasPrefix(ip, name) {
					k = n
					break
				}
			}
			if k < 0 {
				sf.inputFatal("unrecognized input: %s\n", ip)
			}
			ip = strings.TrimLeft(ip[len(names[k]):], " \t\n\v\f\r")
			if names[k] == "bootable" {
				set(k, "*")
			} else if ip != "" && ip[0] == '=' {
				ip = strings.TrimLeft(ip[1:], " \t\n\v\f\r")
				j := 0
				for j < len(ip) && (isDigit(ip[j]) || ip[j] >= 'a' && ip[j] <= 'z' || ip[j] >= 'A' && ip[j] <= 'Z') {
					j++
				}
				set(k, ip[:j])
				ip = ip[j:]
			} else {
				sf.inputFatal("input error: `=' expected after %s field\n", names[k])
			}
			if ip == "" {
				return fields, false, false
			}
			if ip[0] != ',' && ip[0] != ';' {
				sf.inputFatal("input error: unexpected character %c after %s field\n", ip[0], names[k])
			}
			ip = ip[1:]
		}
	}
	var cur strings.Builder
	fields = []string{}
	started := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case (c == ' ' || c == '\t') && !started:
		case c == ' ' || c == '\t' || c == ',' || c == ';':
			fields = append(fields, cur.String())
			cur.Reset()
			started = false
		default:
			cur.WriteByte(c)
			started = true
		}
	}
	if started || len(fields) > 0 && cur.Len() > 0 {
		fields = append(fields, cur.String())
	}
	return fields, false, false
}

// getUL is get_ul(): a number in C notation (0x…, 0…), +N and -N relative
// to def, def when empty; false after "number too big" or "trailing junk".
func (sf *sfdisk) getUL(u string, def uint64, base int) (uint64, bool) {
	sign := 0
	if strings.HasPrefix(u, "+") {
		sign, u = 1, u[1:]
	} else if strings.HasPrefix(u, "-") {
		sign, u = -1, u[1:]
	}
	if u == "" {
		return def, true
	}
	val, err := strconv.ParseUint(u, base, 32)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			fmt.Fprint(sf.p.err, "number too big\n")
		} else {
			fmt.Fprint(sf.p.err, "trailing junk after number\n")
		}
		return 0, false
	}
	switch sign {
	case 1:
		val = def + val
	case -1:
		val = def - val
	}
	return val, true
}

// firstFree is first_free() for a primary: the first unit after the
// partitions before pno that start at or before it.
func (sf *sfdisk) firstFree(pno int, parts []sfdiskPart, format int) uint64 {
	unit := sf.unitsize(format)
	var ff uint64
	if unit == 1 {
		ff++ // the MBR is never free
	}
again:
	for _, pp := range parts[:pno] {
		if pp.size > 0 && pp.start/unit <= ff {
			if fff := (pp.start + pp.size + unit - 1) / unit; fff > ff {
				ff = fff
				goto again
			}
		}
	}
	return ff
}

// maxLength is max_length(): the units from start to the next partition
// or the end of the disk's whole cylinders.
func (sf *sfdisk) maxLength(pno int, parts []sfdiskPart, format int, start uint64) uint64 {
	unit := sf.unitsize(format)
	fu := sf.diskSizeIn(format)
	for _, pp := range parts[:pno] {
		if pp.size > 0 && pp.start/unit >= start && pp.start/unit < fu {
			fu = pp.start / unit
		}
	}
	if fu > start {
		return fu - start
	}
	return 0
}

// readLine is read_line() for primary pno: ok false for bad input, end at
// the end of the input.
func (sf *sfdisk) readLine(in *stdinLines, pno int, parts []sfdiskPart) (ok, end bool) {
	var fields []string
	for {
		f, cmd, eof := sf.readFields(in)
		if eof {
			return false, true
		}
		if !cmd && len(f) > 0 {
			fields = f
			break
		}
	}
	if len(fields) > 10 && fields[10] != "" {
		fmt.Fprint(sf.p.err, "too many input fields\n")
		return false, false
	}
	field := func(n int) string {
		if n < len(fields) {
			return fields[n]
		}
		return ""
	}
	format := fmtDefault
	if sf.b.cylinderSize != 0 && sf.specifiedFormat == fmtMegabyte {
		format = fmtCylinder
	}
	var pt sfdiskPart
	var ul uint64
	switch t := field(2); t {
	case "":
		ul = sysLinuxNative
	case "L":
		ul = sysLinuxNative
	case "S":
		ul = sysLinuxSwap
	case "E":
		ul = sysExtended
	case "X":
		ul = sysLinuxExt
	default:
		v, good := sf.getUL(t, sysLinuxNative, 16)
		if !good {
			return false, false
		}
		ul = v
	}
	if ul > 255 {
		sf.warn("Illegal type\n")
		return false, false
	}
	pt.e.sys = byte(ul)
	ff1 := sf.firstFree(pno, parts, format) * sf.unitsize(format)
	if field(0) == "" {
		pt.start = ff1
	} else {
		v, good := sf.getUL(field(0), ff1/sf.unitsize(0), 0)
		if !good {
			return false, false
		}
		pt.start = v * sf.unitsize(0)
		pt.start -= pt.start % sf.unitsize(format)
	}
	ml1 := sf.maxLength(pno, parts, format, pt.start/sf.unitsize(format)) * sf.unitsize(format)
	if field(1) == "" {
		pt.size = ml1
	} else {
		v, good := sf.getUL(field(1), ml1/sf.unitsize(0), 0)
		if !good {
			return false, false
		}
		pt.size = v*sf.unitsize(0) + sf.unitsize(format) - 1
		pt.size -= pt.size % sf.unitsize(format)
	}
	if pt.size > ml1 {
		sf.warn("Warning: given size (%d) exceeds max allowable size (%d)\n",
			(pt.size+sf.unitsize(0)-1)/sf.unitsize(0), ml1/sf.unitsize(0))
		if !sf.force {
			return false, false
		}
	}
	if pt.size == 0 {
		if field(0) == "" {
			pt.start = 0
		}
		if field(2) == "" {
			pt.e.sys = sysEmpty
		}
	}
	if pt.start < ff1 && pt.size > 0 {
		sf.warn("Warning: bad partition start (earliest %d)\n", (ff1+sf.unitsize(0)-1)/sf.unitsize(0))
		if !sf.force {
			return false, false
		}
	}
	switch field(3) {
	case "", "-":
	case "*", "+":
		pt.e.boot = activeFlag
	default:
		sf.warn("unrecognized bootable flag - choose - or *\n")
		return false, false
	}
	// compute_start_sect() for a primary: start 0 moves past the MBR
	if pt.start == 0 && pt.size > 0 {
		pt.start++
		pt.size--
		if pt.size == 0 {
			sf.warn("no room for partition descriptor\n")
			return false, false
		}
	}
	if pt.e.sys == sysEmpty && pt.size == 0 {
		pt.e = dosEntry{boot: pt.e.boot}
	} else {
		pt.e.start = uint32(pt.start)
		b := sf.ulongToCHS(pt.start, sf.b)
		pt.e.head, pt.e.sector, pt.e.cyl = b.h, b.s, b.c
		e := sf.ulongToCHS(pt.start+pt.size-1, sf.b)
		pt.e.endHead, pt.e.endSector, pt.e.endCyl = e.h, e.s, e.c
	}
	pt.e.size = uint32(pt.size)
	if len(fields) >= 5 {
		sf.warn("sfdisk: explicit c,h,s fields are not modelled by the simulator\n")
		return false, false
	}
	parts[pno] = pt
	return true, false
}

// partitionsOK is partitions_ok() for the primaries.
func (sf *sfdisk) partitionsOK(parts []sfdiskPart) bool {
	pnum := func(i int) string { return strconv.Itoa(i + 1) }
	for i, p := range parts {
		if p.size == 0 {
			switch {
			case p.e.sys != sysEmpty:
				sf.warn("Warning: partition %s has size 0 but is not marked Empty\n", pnum(i))
			case p.e.boot != 0:
				sf.warn("Warning: partition %s has size 0 and is bootable\n", pnum(i))
			case p.e.start != 0:
				sf.warn("Warning: partition %s has size 0 and nonzero start\n", pnum(i))
			}
		}
	}
	for i, p := range parts {
		if p.size == 0 || isExtended(p.e.sys) {
			continue
		}
		for j := i + 1; j < len(parts); j++ {
			q := parts[j]
			if q.size == 0 || isExtended(q.e.sys) {
				continue
			}
			a, b := p, q
			if p.start > q.start {
				a, b = q, p
			}
			if !(a.start+a.size <= b.start) {
				sf.warn("Warning: partitions %s ", pnum(i))
				sf.warn("and %s overlap\n", pnum(j))
				return false
			}
		}
	}
	ds := sf.diskSizeIn(fmtSector)
	for i, p := range parts {
		if p.size == 0 {
			continue
		}
		if p.start == 0 {
			sf.warn("Warning: partition %s starts at sector 0\n", pnum(i))
			return false
		}
		if p.start+p.size > ds {
			sf.warn("Warning: partition %s extends past end of disk\n", pnum(i))
			return false
		}
	}
	ect := 0
	for _, p := range parts {
		if p.e.sys == sysExtended {
			ect++
		}
	}
	if ect > 1 && !sf.linux {
		sf.warn("Among the primary partitions, at most one can be extended\n (although this is not a problem under Linux)\n")
		return false
	}
	if cs := sf.b.cylinderSize; cs != 0 {
		for i, p := range parts {
			if p.size == 0 {
				continue
			}
			if p.start%cs != 0 && uint64(p.e.start) >= cs {
				sf.warn("Warning: partition %s does not start at a cylinder boundary\n", pnum(i))
				if !sf.linux {
					return false
				}
			}
			if (p.start+p.size)%cs != 0 {
				sf.warn("Warning: partition %s does not end at a cylinder boundary\n", pnum(i))
				if !sf.linux {
					return false
				}
			}
		}
	}
	bootable := -1
	for i, p := range parts {
		if p.e.boot != 0 {
			if bootable == -1 {
				bootable = i
			} else {
				sf.warn("Warning: more than one primary partition is marked bootable (active)\n" +
					"This does not matter for LILO, but the DOS MBR will not boot this disk.\n")
				break
			}
		}
	}
	if bootable == -1 {
		sf.warn("Warning: no primary partition is marked bootable (active)\n" +
			"This does not matter for LILO, but the DOS MBR will not boot this disk.\n")
	}
	return true
}
