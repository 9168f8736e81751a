package shell

import (
	"fmt"
	"io"
	"math"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/errno"
)

// fdisk of util-linux 2.13-pre7 (fdisk/fdisk.c), the tutorial's RHEL5 tool,
// for DOS partition tables: the dialogue (m n d p t w q u a c l o v), its
// texts, its DOS-compatible placement and its cylinder arithmetic, with
// the geometry it reads through HDIO_GETGEO and BLKGETSIZE(64) alone;
// fdisk -l and -s. The answers come from the terminal (ttyinput.go) or
// from a file or pipe, a line at a time, as fgets(3) gives them.
//
// Not modelled: extended and logical partitions (an existing extended
// entry is listed as the primary entry it is; n does not offer to make
// one), the expert menu x, and the BSD, Sun, SGI and AIX labels (b, s).

func init() {
	commands["fdisk"] = command{run: fdiskCmd, synopsis: "fdisk [-l] [-u] [-s] DEVICE  partition a disk (util-linux 2.13)"}
}

// fdiskExit ends fdisk with a status, from however deep in the dialogue
// (exit(3) in the C).
type fdiskExit int

// fdisk is the program's global state (fdisk.c's statics).
type fdisk struct {
	p        *proc
	dev      string
	b        *devFile
	in       *stdinLines
	line     string // line_buffer from line_ptr on
	gotEOF   int
	listing  bool // fdisk -l: no aborts, no warnings
	readOnly bool // opened O_RDONLY

	heads, sectors, cylinders uint32
	total                     uint64
	sectorOffset              uint32
	unitsPerSector            uint32
	cylUnits                  bool
	dosCompat                 bool
	dosChanged                bool

	mbr     []byte // MBRbuffer
	entries [4]dosEntry
	changed [4]bool
}

func fdiskCmd(p *proc) (status int) {
	f := &fdisk{p: p, cylUnits: true, dosCompat: true}
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(fdiskExit)
			if !ok {
				panic(r)
			}
			status = int(e)
		}
		if f.b != nil {
			f.b.Close()
		}
	}()
	opts, args, err := getopt(p.args, "b:C:H:lsS:uvV")
	if err != nil {
		fmt.Fprintf(p.err, "fdisk: %v\n", err)
		f.fatal(fdiskUsage)
	}
	optl, opts1 := false, false
	for _, o := range opts {
		switch o.c {
		case 'l':
			optl = true
		case 's':
			opts1 = true
		case 'u':
			f.cylUnits = false
		case 'v', 'V':
			fmt.Fprintln(p.out, "fdisk (util-linux 2.13-pre7)")
			return 0
		case 'b':
			if o.arg != "512" {
				fmt.Fprintf(p.err, "fdisk: the simulated disks have 512-byte sectors only\n")
				return 1
			}
		case 'C', 'H', 'S':
			fmt.Fprintf(p.err, "fdisk: -%c is not modelled; the geometry comes from the kernel\n", o.c)
			return 1
		}
	}
	switch {
	case optl:
		f.listing = true
		if len(args) == 0 {
			f.tryProcPartitions()
		}
		for _, dev := range args {
			f.try(dev)
		}
		return 0
	case opts1:
		if len(args) == 0 {
			f.fatal(fdiskUsage)
		}
		for _, dev := range args {
			f.dev = dev
			b, err := p.s.ns.openDev(p.files, p.s.abs(dev))
			if err != nil {
				f.fatal("Unable to open " + dev + "\n")
			}
			size, err := diskSize(b.BlockDevice)
			b.Close()
			if err != nil {
				f.fatal("BLKGETSIZE ioctl failed on " + dev + "\n")
			}
			if len(args) == 1 {
				fmt.Fprintf(p.out, "%d\n", size/2)
			} else {
				fmt.Fprintf(p.out, "%s: %d\n", dev, size/2)
			}
		}
		return 0
	case len(args) == 0:
		f.fatal(fdiskUsage2)
	case len(args) > 1:
		f.fatal(fdiskUsage)
	}
	f.dev = args[0]
	f.in = p.stdinLines()
	f.getBoot(bootFdisk)
	for {
		fmt.Fprint(p.out, "\n")
		switch c := lower(f.readChar("Command (m for help): ")); c {
		case 'a':
			f.toggleActive(f.getPartition(true, 4))
		case 'c':
			f.toggleDosCompatibility()
		case 'd':
			if i := f.getExistingPartition(true, 4); i >= 0 {
				f.deletePartition(i)
			}
		case 'l':
			f.listTypes()
		case 'm':
			f.menu()
		case 'n':
			f.newPartition()
		case 'o':
			f.createDosLabel()
		case 'p':
			f.listTable()
		case 'q':
			fmt.Fprint(p.out, "\n")
			return 0
		case 't':
			f.changeSysid()
		case 'u':
			f.changeUnits()
		case 'v':
			f.verify()
		case 'w':
			f.writeTable() // does not return
		case 'b', 's', 'x':
			fmt.Fprintf(p.err, "%c: not modelled by the simulator (DOS partition tables only)\n", c)
		default:
			fmt.Fprintf(p.out, "%c: unknown command\n", c)
			f.menu()
		}
	}
}

const (
	fdiskUsage = "Usage: fdisk [-b SSZ] [-u] DISK     Change partition table\n" +
		"       fdisk -l [-b SSZ] [-u] DISK  List partition table(s)\n" +
		"       fdisk -s PARTITION           Give partition size(s) in blocks\n" +
		"       fdisk -v                     Give fdisk version\n" +
		"Here DISK is something like /dev/hdb or /dev/sda\n" +
		"and PARTITION is something like /dev/hda7\n" +
		"-u: give Start and End in sector (instead of cylinder) units\n" +
		"-b 2048: (for certain MO disks) use 2048-byte sectors\n"
	fdiskUsage2 = "Usage: fdisk [-l] [-b SSZ] [-u] device\n" +
		"E.g.: fdisk /dev/hda  (for the first IDE disk)\n" +
		"  or: fdisk /dev/sdc  (for the third SCSI disk)\n" +
		"  or: fdisk /dev/eda  (for the first PS/2 ESDI drive)\n" +
		"  or: fdisk /dev/rd/c0d0  or: fdisk /dev/ida/c0d0  (for RAID devices)\n" +
		"  ...\n"
)

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// fatal is fdisk's fatal(): a blank line and the message on stderr, exit 1.
// While listing (fdisk -l) it gives up on this disk only.
func (f *fdisk) fatal(message string) {
	if f.listing {
		panic(fdiskSkip{})
	}
	fmt.Fprint(f.p.err, "\n"+message)
	panic(fdiskExit(1))
}

// fdiskSkip is fdisk -l's longjmp(listingbuf) back to the next disk.
type fdiskSkip struct{}

// bootAction is get_boot()'s enum action.
type bootAction int

const (
	bootFdisk bootAction = iota
	bootTryOnly
	bootCreateEmpty
)

// getBoot is get_boot(): read the MBR and the geometry, or build an empty
// DOS label. It reports false (try_only) when there is no signature.
func (f *fdisk) getBoot(what bootAction) bool {
	f.changed = [4]bool{}
	if what == bootCreateEmpty {
		f.mbr = make([]byte, 512)
		f.changed = [4]bool{true, true, true, true}
	} else {
		b, err := f.p.s.ns.openDev(f.p.files, f.p.s.abs(f.dev))
		if err != nil {
			f.fatal("Unable to open " + f.dev + "\n")
		}
		f.b = b
		f.mbr = make([]byte, 512)
		if n, _ := b.ReadAt(f.mbr, 0); n != 512 {
			f.fatal("Unable to read " + f.dev + "\n")
		}
		var ptHeads, ptSectors uint32
		if validSignature(f.mbr) {
			ptHeads, ptSectors = partitionTableGeometry(f.mbr)
		}
		g := getFdiskGeometry(b.BlockDevice, ptHeads, ptSectors)
		f.heads, f.sectors, f.cylinders, f.total = g.heads, g.sectors, g.cylinders, g.total
		f.sectorOffset = 1
		if f.dosCompat {
			f.sectorOffset = f.sectors
		}
		f.updateUnits()
	}
	for i := range f.entries {
		f.entries[i] = entryAt(f.mbr, i)
	}
	if !validSignature(f.mbr) {
		switch what {
		case bootFdisk:
			fmt.Fprint(f.p.err, "Device contains neither a valid DOS partition table, nor Sun, SGI or OSF disklabel\n")
			f.createDosLabel()
			return true
		case bootTryOnly:
			return false
		}
	}
	f.warnCylinders()
	f.warnGeometry()
	if !validSignature(f.mbr) {
		fmt.Fprintf(f.p.err, "Warning: invalid flag 0x%04x of partition table %d will be corrected by w(rite)\n",
			uint(f.mbr[510])|uint(f.mbr[511])<<8, 4)
		f.changed[3] = true
	}
	return true
}

// partitionTableGeometry is get_partition_table_geometry(): the heads and
// sectors that the used entries' end CHS imply, if they all agree.
func partitionTableGeometry(mbr []byte) (heads, sectors uint32) {
	first, bad := true, false
	var hh, ss uint32
	for i := 0; i < 4; i++ {
		e := entryAt(mbr, i)
		if e.sys == 0 {
			continue
		}
		h, s := uint32(e.endHead)+1, uint32(e.endSector&0x3f)
		if first {
			hh, ss, first = h, s, false
		} else if hh != h || ss != s {
			bad = true
		}
	}
	if first || bad {
		return 0, 0
	}
	return hh, ss
}

// createDosLabel is create_doslabel().
func (f *fdisk) createDosLabel() {
	fmt.Fprint(f.p.err, "Building a new DOS disklabel. Changes will remain in memory only,\n"+
		"until you decide to write them. After that, of course, the previous\n"+
		"content won't be recoverable.\n\n")
	f.getBoot(bootCreateEmpty)
}

func (f *fdisk) updateUnits() {
	if cyl := f.heads * f.sectors; f.cylUnits && cyl != 0 {
		f.unitsPerSector = cyl
	} else {
		f.unitsPerSector = 1
	}
}

// warnCylinders is warn_cylinders(): the 1024-cylinder warning, not for -l.
func (f *fdisk) warnCylinders() {
	if f.cylinders > 1024 && !f.listing {
		fmt.Fprintf(f.p.err, "\n"+
			"The number of cylinders for this disk is set to %d.\n"+
			"There is nothing wrong with that, but this is larger than 1024,\n"+
			"and could in certain setups cause problems with:\n"+
			"1) software that runs at boot time (e.g., old versions of LILO)\n"+
			"2) booting and partitioning software from other OSs\n"+
			"   (e.g., DOS FDISK, OS/2 FDISK)\n", int32(f.cylinders))
	}
}

// warnGeometry is warn_geometry(): true (and a complaint) when heads,
// sectors or cylinders are 0, as on a disk smaller than one cylinder.
func (f *fdisk) warnGeometry() bool {
	var missing []string
	if f.heads == 0 {
		missing = append(missing, "heads")
	}
	if f.sectors == 0 {
		missing = append(missing, "sectors")
	}
	if f.cylinders == 0 {
		missing = append(missing, "cylinders")
	}
	if len(missing) == 0 {
		return false
	}
	// test_c's odd sentence building, for one to three words
	msg := "You must set"
	for i, m := range missing[:len(missing)-1] {
		if i > 0 {
			msg += " " + m
		} else {
			msg += " " + m
		}
	}
	sep := " "
	if len(missing) > 1 {
		sep = " and "
	}
	fmt.Fprintf(f.p.err, "%s%s%s.\nYou can do this from the extra functions menu.\n", msg, sep, missing[len(missing)-1])
	return true
}

// readLine is read_line(): the next line, leading blanks and control
// characters skipped; 0 for an empty line or end of input, and the third
// end of input ends fdisk.
func (f *fdisk) readLine() byte {
	line, ok := f.in.next()
	if !ok {
		f.gotEOF++
		if f.gotEOF >= 3 {
			fmt.Fprint(f.p.err, "\ngot EOF thrice - exiting..\n")
			panic(fdiskExit(1))
		}
		f.line = ""
		return 0
	}
	if len(line) > 798 { // fgets into LINE_LENGTH 800; the rest is the next line's
		line = line[:798]
	}
	f.line = strings.TrimLeftFunc(line, func(r rune) bool { return r <= ' ' || r == 0x7f })
	if f.line == "" {
		return 0
	}
	return f.line[0]
}

// readChar is read_char(): ask until a non-empty answer.
func (f *fdisk) readChar(mesg string) byte {
	for {
		fmt.Fprint(f.p.out, mesg)
		if c := f.readLine(); c != 0 {
			return c
		}
	}
}

// readChars is read_chars(): ask once; Enter (or end of input) is '\n'.
func (f *fdisk) readChars(mesg string) byte {
	fmt.Fprint(f.p.out, mesg)
	if f.readLine() == 0 {
		f.line = "\n"
	}
	return f.line[0]
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// atoi32 is glibc's atoi on i386: strtol's digits, clamped to a 32-bit long.
func atoi32(s string) int32 {
	s = strings.TrimLeft(s, " \t\n\v\f\r")
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	var v int64
	for i := 0; i < len(s) && isDigit(s[i]); i++ {
		v = v*10 + int64(s[i]-'0')
		if v > math.MaxInt32+1 {
			v = math.MaxInt32 + 1
		}
	}
	if neg {
		v = -v
	}
	if v > math.MaxInt32 {
		return math.MaxInt32
	}
	return int32(v)
}

// readInt is read_int(): a number in low..high, Enter for dflt when that is
// in range, +N (cylinders), +Nc, +NK, +Nk, +NM, +NG as offsets from base;
// "Value out of range." and the question again otherwise.
func (f *fdisk) readInt(low, dflt, high, base uint32, mesg string) uint32 {
	defaultOK := dflt >= low && dflt <= high
	var ms string
	if defaultOK {
		ms = fmt.Sprintf("%s (%d-%d, default %d): ", mesg, low, high, dflt)
	} else {
		ms = fmt.Sprintf("%s (%d-%d): ", mesg, low, high)
	}
	for {
		useDefault := defaultOK
		for {
			c := f.readChars(ms)
			if c == '\n' || isDigit(c) || c == '-' || c == '+' {
				break
			}
		}
		var i uint32
		if c := f.line[0]; c == '+' || c == '-' {
			minus := c == '-'
			i = uint32(atoi32(f.line[1:]))
			rest := f.line[1:]
			for rest != "" && isDigit(rest[0]) {
				rest = rest[1:]
				useDefault = false
			}
			var absolute uint64
			suffix := byte(0)
			if rest != "" {
				suffix = rest[0]
			}
			switch suffix {
			case 'c', 'C':
				if !f.cylUnits {
					i *= f.heads * f.sectors
				}
			case 'K':
				absolute = 1024
			case 'k':
				absolute = 1000
			case 'm', 'M':
				absolute = 1000000
			case 'g', 'G':
				absolute = 1000000000
			}
			if absolute != 0 {
				unit := uint64(512) * uint64(f.unitsPerSector)
				bytes := uint64(i)*absolute + unit/2
				i = uint32(bytes / unit)
			}
			if minus {
				i = -i
			}
			i += base
		} else {
			i = uint32(atoi32(f.line))
			if isDigit(f.line[0]) {
				useDefault = false
			}
		}
		if useDefault {
			i = dflt
			fmt.Fprintf(f.p.out, "Using default value %d\n", i)
		}
		if i >= low && i <= high {
			return i
		}
		fmt.Fprint(f.p.out, "Value out of range.\n")
	}
}

// getPartition is get_partition(): "Partition number (1-max): ".
func (f *fdisk) getPartition(warn bool, max uint32) int {
	i := int(f.readInt(1, 0, max, 0, "Partition number")) - 1
	if warn && f.entries[i].sys == 0 {
		fmt.Fprintf(f.p.err, "Warning: partition %d has empty type\n", i+1)
	}
	return i
}

// getExistingPartition is get_existing_partition(): the only used entry,
// or a question when there are several.
func (f *fdisk) getExistingPartition(warn bool, max int) int {
	return f.selectPartition(warn, max, false, "No partition is defined yet!\n")
}

// getNonexistingPartition is get_nonexisting_partition(): the only free
// entry, or a question when there are several.
func (f *fdisk) getNonexistingPartition(warn bool, max int) int {
	return f.selectPartition(warn, max, true, "All primary partitions have been defined already!\n")
}

// selectPartition is what the two share: among the first max entries, those
// that are cleared (free) or not, as wantFree says. One is selected and
// named; several make fdisk ask; none prints none and gives -1.
func (f *fdisk) selectPartition(warn bool, max int, wantFree bool, none string) int {
	pno := -1
	for i := 0; i < max; i++ {
		if f.entries[i].cleared() == wantFree {
			if pno >= 0 {
				return f.getPartition(warn, uint32(max))
			}
			pno = i
		}
	}
	if pno >= 0 {
		fmt.Fprintf(f.p.out, "Selected partition %d\n", pno+1)
		return pno
	}
	fmt.Fprint(f.p.out, none)
	return -1
}

func (f *fdisk) strUnits(singular bool) string {
	switch {
	case singular && f.cylUnits:
		return "cylinder"
	case singular:
		return "sector"
	case f.cylUnits:
		return "cylinders"
	}
	return "sectors"
}

// cround is fdisk.h's cround: a sector in display units (cylinders count
// from 1).
func (f *fdisk) cround(n uint32) uint32 {
	if f.cylUnits {
		return n/f.unitsPerSector + 1
	}
	return n
}

func (f *fdisk) changeUnits() {
	f.cylUnits = !f.cylUnits
	f.updateUnits()
	fmt.Fprintf(f.p.out, "Changing display/entry units to %s\n", f.strUnits(false))
}

func (f *fdisk) toggleActive(i int) {
	e := &f.entries[i]
	if isExtended(e.sys) && e.boot == 0 {
		fmt.Fprintf(f.p.err, "WARNING: Partition %d is an extended partition\n", i+1)
	}
	if e.boot != 0 {
		e.boot = 0
	} else {
		e.boot = activeFlag
	}
	f.changed[i] = true
}

func (f *fdisk) toggleDosCompatibility() {
	f.dosCompat = !f.dosCompat
	if f.dosCompat {
		f.sectorOffset = f.sectors
		fmt.Fprint(f.p.out, "DOS Compatibility flag is set\n")
	} else {
		f.sectorOffset = 1
		fmt.Fprint(f.p.out, "DOS Compatibility flag is not set\n")
	}
}

// deletePartition is delete_partition() for a primary entry.
func (f *fdisk) deletePartition(i int) {
	if f.warnGeometry() {
		return
	}
	f.changed[i] = true
	f.entries[i] = dosEntry{}
}

// partStart is get_partition_start() of a primary entry.
func (f *fdisk) partStart(i int) uint32 { return f.entries[i].start }

// fillBounds is fill_bounds(): each data partition's first and last
// sector; unused and extended entries get first 0xffffffff, last 0.
func (f *fdisk) fillBounds() (first, last [4]uint32) {
	for i, e := range f.entries {
		if e.sys == 0 || isExtended(e.sys) {
			first[i], last[i] = 0xffffffff, 0
		} else {
			first[i] = e.start
			last[i] = e.start + e.size - 1
		}
	}
	return first, last
}

// newPartition is new_partition() for primary partitions.
func (f *fdisk) newPartition() {
	if f.warnGeometry() {
		return
	}
	free := 0
	for _, e := range f.entries {
		if e.sys == 0 {
			free++
		}
	}
	if free == 0 {
		fmt.Fprint(f.p.out, "You must delete some partition and add an extended partition first\n")
		return
	}
	menu := "Command action\n   e   extended\n   p   primary partition (1-4)\n"
	for {
		switch c := lower(f.readChar(menu)); c {
		case 'p':
			if i := f.getNonexistingPartition(false, 4); i >= 0 {
				f.addPartition(i, sysLinuxNative)
			}
			return
		case 'e':
			fmt.Fprint(f.p.err, "fdisk: extended partitions are not modelled by the simulator\n")
			return
		default:
			fmt.Fprintf(f.p.out, "Invalid partition number for type `%c'\n", c)
		}
	}
}

// addPartition is add_partition() for primary entry n: the first free
// unit from the start of the disk (sector_offset in: 63 in DOS mode), the
// last before the next partition, "No free sectors available" when none.
func (f *fdisk) addPartition(n int, sys byte) {
	if f.entries[n].sys != 0 {
		fmt.Fprintf(f.p.out, "Partition %d is already defined.  Delete it before re-adding it.\n", n+1)
		return
	}
	first, last := f.fillBounds()
	start := f.sectorOffset
	var llimit uint64
	if f.cylUnits || f.total == 0 {
		llimit = uint64(f.heads)*uint64(f.sectors)*uint64(f.cylinders) - 1
	} else {
		llimit = f.total - 1
	}
	limit := uint32(llimit)
	if uint64(limit) != llimit {
		limit = 0x7fffffff
	}
	if f.cylUnits {
		for i := range first {
			first[i] = (f.cround(first[i]) - 1) * f.unitsPerSector
		}
	}
	mesg := "First " + f.strUnits(true)
	read := false
	for {
		temp := start
		for i := range f.entries {
			if start == 0 { // ptes[i].offset is 0 for the primaries
				start += f.sectorOffset
			}
			if start >= first[i] && start <= last[i] {
				start = last[i] + 1
			}
		}
		if start > limit {
			break
		}
		if start >= temp+f.unitsPerSector && read {
			fmt.Fprintf(f.p.out, "Sector %d is already allocated\n", temp)
			temp = start
			read = false
		}
		if !read && start == temp {
			i := start
			start = f.readInt(f.cround(i), f.cround(i), f.cround(limit), 0, mesg)
			if f.cylUnits {
				start = (start - 1) * f.unitsPerSector
				if start < i {
					start = i
				}
			}
			read = true
		}
		if start == temp && read {
			break
		}
	}
	for i := range f.entries {
		if start < first[i] && limit >= first[i] {
			limit = first[i] - 1
		}
	}
	if start > limit {
		fmt.Fprint(f.p.out, "No free sectors available\n")
		return
	}
	var stop uint32
	if f.cround(start) == f.cround(limit) {
		stop = limit
	} else {
		mesg = "Last " + f.strUnits(true) + " or +size or +sizeM or +sizeK"
		stop = f.readInt(f.cround(start), f.cround(limit), f.cround(limit), f.cround(start), mesg)
		if f.cylUnits {
			stop = stop*f.unitsPerSector - 1
			if stop > limit {
				stop = limit
			}
		}
	}
	f.setPartition(n, start, stop, sys)
}

// setPartition is set_partition(): LBA start and size, and the CHS of both
// ends, clamped to cylinder 1023 in DOS mode as the BIOS wants.
func (f *fdisk) setPartition(i int, start, stop uint32, sys byte) {
	e := dosEntry{sys: sys, start: start, size: stop - start + 1}
	cyl := f.sectors * f.heads
	if f.dosCompat && start/cyl > 1023 {
		start = cyl*1024 - 1
	}
	e.head, e.sector, e.cyl = setHSC(start, f.heads, f.sectors)
	if f.dosCompat && stop/cyl > 1023 {
		stop = cyl*1024 - 1
	}
	e.endHead, e.endSector, e.endCyl = setHSC(stop, f.heads, f.sectors)
	f.entries[i] = e
	f.changed[i] = true
}

// isDosPartition is is_dos_partition(): the types whose change earns the
// DOS 6.x warning after w.
func isDosPartition(t byte) bool {
	switch t {
	case 1, 4, 6, 0x0b, 0x0c, 0x0e, 0x11, 0x12, 0x14, 0x16, 0x1b, 0x1c, 0x1e, 0x24, 0xc1, 0xc4, 0xc6:
		return true
	}
	return false
}

func isHex(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func hexVal(c byte) int {
	if isDigit(c) {
		return int(c - '0')
	}
	return int(lower(c)-'a') + 10
}

// readHex is read_hex(): a type in hex, L for the list.
func (f *fdisk) readHex() int {
	for {
		f.readChar("Hex code (type L to list codes): ")
		if lower(f.line[0]) == 'l' {
			f.listTypes()
			continue
		}
		if isHex(f.line[0]) {
			hex := 0
			for i := 0; i < len(f.line) && isHex(f.line[i]); i++ {
				hex = hex<<4 | hexVal(f.line[i])
			}
			return hex
		}
	}
}

// changeSysid is change_sysid().
func (f *fdisk) changeSysid() {
	i := f.getExistingPartition(false, 4)
	if i < 0 {
		return
	}
	e := &f.entries[i]
	orig := e.sys
	if orig == 0 && e.size == 0 {
		fmt.Fprintf(f.p.out, "Partition %d does not exist yet!\n", i+1)
		return
	}
	for {
		sys := f.readHex()
		if sys == 0 {
			fmt.Fprint(f.p.out, "Type 0 means free space to many systems\n"+
				"(but not to Linux). Having partitions of\n"+
				"type 0 is probably unwise. You can delete\n"+
				"a partition using the `d' command.\n")
		}
		if isExtended(byte(sys)) != isExtended(e.sys) || (sys >= 256 && isExtended(e.sys)) {
			fmt.Fprint(f.p.out, "You cannot change a partition into an extended one or vice versa\nDelete it first.\n")
			return
		}
		if sys < 256 {
			if byte(sys) == orig {
				return
			}
			e.sys = byte(sys)
			name := sysName(e.sys)
			if name == "" {
				name = "Unknown"
			}
			fmt.Fprintf(f.p.out, "Changed system type of partition %d to %x (%s)\n", i+1, sys, name)
			f.changed[i] = true
			if isDosPartition(orig) || isDosPartition(e.sys) {
				f.dosChanged = true
			}
			return
		}
	}
}

// listTypes is list_types(): the type table in four columns.
func (f *fdisk) listTypes() {
	size := len(sysTypes)
	var last [4]int
	done := 0
	for i := 3; i >= 0; i-- {
		done += (size + i - done) / (i + 1)
		last[3-i] = done
	}
	i, next := 0, 0
	done = 0
	for {
		sep := byte(' ')
		if i == 0 {
			sep = '\n'
		}
		name := sysTypes[next].name
		if len(name) > 15 {
			name = name[:15]
		}
		fmt.Fprintf(f.p.out, "%c%2x  %-15s", sep, sysTypes[next].typ, name)
		next = last[i] + done
		i++
		if i > 3 || next >= last[i] {
			i = 0
			done++
			next = done
		}
		if done >= last[0] {
			break
		}
	}
	fmt.Fprint(f.p.out, "\n")
}

func (f *fdisk) menu() {
	fmt.Fprint(f.p.out, "Command action\n"+
		"   a   toggle a bootable flag\n"+
		"   b   edit bsd disklabel\n"+
		"   c   toggle the dos compatibility flag\n"+
		"   d   delete a partition\n"+
		"   l   list known partition types\n"+
		"   m   print this menu\n"+
		"   n   add a new partition\n"+
		"   o   create a new empty DOS partition table\n"+
		"   p   print the partition table\n"+
		"   q   quit without saving changes\n"+
		"   s   create a new empty Sun disklabel\n"+
		"   t   change a partition's system id\n"+
		"   u   change display/entry units\n"+
		"   v   verify the partition table\n"+
		"   w   write table to disk and exit\n"+
		"   x   extra functionality (experts only)\n")
}

// listDiskGeometry is list_disk_geometry().
func (f *fdisk) listDiskGeometry(w io.Writer) {
	bytes := int64(f.total << 9)
	mb := bytes / 1000000
	if mb < 10000 {
		fmt.Fprintf(w, "\nDisk %s: %d MB, %d bytes\n", f.dev, int32(mb), bytes)
	} else {
		fmt.Fprintf(w, "\nDisk %s: %d.%d GB, %d bytes\n", f.dev, int32(mb/1000), int32((mb/100)%10), bytes)
	}
	fmt.Fprintf(w, "%d heads, %d sectors/track, %d cylinders", int32(f.heads), int32(f.sectors), int32(f.cylinders))
	if f.unitsPerSector == 1 {
		fmt.Fprintf(w, ", total %d sectors", f.total)
	}
	fmt.Fprint(w, "\n")
	fmt.Fprintf(w, "Units = %s of %d * %d = %d bytes\n\n", f.strUnits(false), int32(f.unitsPerSector), 512, int32(f.unitsPerSector*512))
}

// listTable is list_table(0): the geometry and one row per used entry.
func (f *fdisk) listTable() {
	w := f.p.out
	f.listDiskGeometry(w)
	for _, e := range f.entries {
		if e.boot != 0 && e.boot != activeFlag {
			fmt.Fprint(w, "This doesn't look like a partition table\nProbably you selected the wrong device.\n\n")
			break
		}
	}
	width := len(f.dev)
	if width > 0 && isDigit(f.dev[width-1]) {
		width++
	}
	if width < 5 {
		width = 5
	}
	fmt.Fprintf(w, "%*s Boot      Start         End      Blocks   Id  System\n", width+1, "Device")
	for i, e := range f.entries {
		if e.cleared() {
			continue
		}
		boot := byte(' ')
		switch e.boot {
		case 0:
		case activeFlag:
			boot = '*'
		default:
			boot = '?'
		}
		odd := byte(' ')
		if e.size%2 != 0 {
			odd = '+'
		}
		end := e.start + e.size
		if e.size != 0 {
			end--
		}
		name := sysName(e.sys)
		if name == "" {
			name = "Unknown"
		}
		pn := partName(f.dev, i+1)
		fmt.Fprintf(w, "%-*s  %c %11d %11d %11d%c  %2x  %s\n", width+2, pn, boot,
			f.cround(e.start), f.cround(end), e.size/2, odd, e.sys, name)
		f.checkConsistency(e, i)
	}
	if f.wrongOrder() {
		fmt.Fprint(w, "\nPartition table entries are not in disk order\n")
	}
}

// wrongOrder is wrong_p_order(NULL) != 0 for the primaries.
func (f *fdisk) wrongOrder() bool {
	var lastStart uint32
	for _, e := range f.entries {
		if e.sys != 0 {
			if lastStart > e.start {
				return true
			}
			lastStart = e.start
		}
	}
	return false
}

// long2chs is long2chs(): a sector as cylinder, head, sector (from 1).
func (f *fdisk) long2chs(ls uint32) (c, h, s uint32) {
	spc := f.heads * f.sectors
	c = ls / spc
	ls %= spc
	return c, ls / f.sectors, ls%f.sectors + 1
}

// checkConsistency is check_consistency(): the stored CHS against what
// the LBA fields give on this geometry.
func (f *fdisk) checkConsistency(e dosEntry, partition int) {
	if f.heads == 0 || f.sectors == 0 {
		return
	}
	w := f.p.out
	pbc, pbh, pbs := chsCylinder(e.sector, e.cyl), uint32(e.head), uint32(e.sector&0x3f)
	pec, peh, pes := chsCylinder(e.endSector, e.endCyl), uint32(e.endHead), uint32(e.endSector&0x3f)
	lbc, lbh, lbs := f.long2chs(e.start)
	lec, leh, les := f.long2chs(e.start + e.size - 1)
	if f.cylinders <= 1024 && (pbc != lbc || pbh != lbh || pbs != lbs) {
		fmt.Fprintf(w, "Partition %d has different physical/logical beginnings (non-Linux?):\n", partition+1)
		fmt.Fprintf(w, "     phys=(%d, %d, %d) logical=(%d, %d, %d)\n", pbc, pbh, pbs, lbc, lbh, lbs)
	}
	if f.cylinders <= 1024 && (pec != lec || peh != leh || pes != les) {
		fmt.Fprintf(w, "Partition %d has different physical/logical endings:\n", partition+1)
		fmt.Fprintf(w, "     phys=(%d, %d, %d) logical=(%d, %d, %d)\n", pec, peh, pes, lec, leh, les)
	}
	if peh != f.heads-1 || pes != f.sectors {
		fmt.Fprintf(w, "Partition %d does not end on cylinder boundary.\n", partition+1)
	}
}

// verify is verify() for the primaries: overlaps and unallocated sectors.
func (f *fdisk) verify() {
	if f.warnGeometry() {
		return
	}
	first, last := f.fillBounds()
	total := uint32(1)
	w := f.p.out
	for i, e := range f.entries {
		if e.sys == 0 || isExtended(e.sys) {
			continue
		}
		f.checkConsistency(e, i)
		total += last[i] + 1 - first[i]
		for j := 0; j < i; j++ {
			if (first[i] >= first[j] && first[i] <= last[j]) || (last[i] <= last[j] && last[i] >= first[j]) {
				fmt.Fprintf(w, "Warning: partition %d overlaps partition %d.\n", j+1, i+1)
				total += max(first[i], first[j])
				total -= min(last[i], last[j])
			}
		}
	}
	if uint64(total) > f.total {
		fmt.Fprintf(w, "Total allocated sectors %d greater than the maximum %d\n", int32(total), f.total)
	} else if uint64(total) < f.total {
		fmt.Fprintf(w, "%d unallocated sectors\n", f.total-uint64(total))
	}
}

// writeTable is write_table() and reread_partition_table(1): the MBR in
// one write(2) when anything changed, sync, BLKRRPART (twice, as fdisk
// does for old kernels), and exit; 1 when the re-read failed.
func (f *fdisk) writeTable() {
	p := f.p
	if f.changed != [4]bool{} {
		sector := encodeTable(f.mbr, f.entries)
		if n, err := f.b.WriteAt(sector, 0); err != nil || n != 512 {
			f.fatal("Unable to write " + f.dev + "\n")
		}
		f.mbr = sector
	}
	fmt.Fprint(p.out, "The partition table has been altered!\n\n")
	fmt.Fprint(p.out, "Calling ioctl() to re-read partition table.\n")
	f.sync()
	p.s.k.Sleep(2 * blockdev.HZ)
	err := f.b.Ioctl(blockdev.BLKRRPART, nil)
	if err == nil {
		f.sync()
		p.s.k.Sleep(2 * blockdev.HZ)
		err = f.b.Ioctl(blockdev.BLKRRPART, nil)
	}
	if err != nil {
		e, _ := err.(errno.Errno)
		fmt.Fprintf(p.out, "\nWARNING: Re-reading the partition table failed with error %d: %s.\n"+
			"The kernel still uses the old table.\n"+
			"The new table will be used at the next reboot.\n", int(e), errText(err))
	}
	if f.dosChanged {
		fmt.Fprint(p.out, "\nWARNING: If you have created or modified any DOS 6.x\n"+
			"partitions, please see the fdisk manual page for additional\n"+
			"information.\n")
	}
	serr := f.b.Sync()
	cerr := f.b.Close()
	f.b = nil
	if serr != nil || cerr != nil {
		fmt.Fprint(p.err, "\nError closing file\n")
		panic(fdiskExit(1))
	}
	fmt.Fprint(p.out, "Syncing disks.\n")
	f.sync()
	p.s.k.Sleep(4 * blockdev.HZ)
	if err != nil {
		panic(fdiskExit(1))
	}
	panic(fdiskExit(0))
}

// sync is sync(2): the mounted file systems and fdisk's own device.
func (f *fdisk) sync() {
	for _, m := range f.p.s.ns.userMounts() {
		m.vol.Sync()
	}
	if f.b != nil {
		f.b.Sync()
	}
}

// try is try() for fdisk -l: the table, or the geometry and "doesn't
// contain a valid partition table"; a disk that cannot be opened is
// skipped silently.
func (f *fdisk) try(dev string) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(fdiskSkip); !ok {
				panic(r)
			}
		}
		if f.b != nil {
			f.b.Close()
			f.b = nil
		}
	}()
	f.dev = dev
	b, err := f.p.s.ns.openDev(f.p.files, f.p.s.abs(dev))
	if err != nil {
		if err == errno.EACCES {
			fmt.Fprintf(f.p.err, "Cannot open %s\n", dev)
		}
		return
	}
	b.Close()
	if f.getBoot(bootTryOnly) {
		f.listTable()
		return
	}
	f.listDiskGeometry(f.p.out)
	fmt.Fprintf(f.p.err, "Disk %s doesn't contain a valid partition table\n", dev)
}

// tryProcPartitions is tryprocpt(): fdisk -l without a device lists every
// disk of /proc/partitions that looks whole, which it judges by
// HDIO_GETGEO's start being 0 — so not a disk whose driver has no getgeo.
func (f *fdisk) tryProcPartitions() {
	in, rf, err := f.p.s.ns.openRead(f.p.files, "/proc/partitions", false)
	if err != nil {
		fmt.Fprintf(f.p.err, "cannot open /proc/partitions\n")
		return
	}
	data, _ := io.ReadAll(io.NewSectionReader(in, 0, in.Size()))
	rf.Close()
	for _, line := range strings.Split(string(data), "\n") {
		var ma, mi, sz int
		var name string
		if n, _ := fmt.Sscanf(line, " %d %d %d %s", &ma, &mi, &sz, &name); n != 4 {
			continue
		}
		dev := "/dev/" + name
		b, err := f.p.s.ns.openDev(f.p.files, dev)
		if err != nil {
			continue
		}
		g, gerr := kernelGeometry(b.BlockDevice)
		b.Close()
		if gerr == nil && g.Start == 0 {
			f.try(dev)
		}
	}
}
