package shell

import (
	"fmt"
	"io"
	iofs "io/fs"
	"strconv"
	"time"
)

// printLong models print_long_format of coreutils 5.97's ls -l: the mode,
// link count, owner, group, size (or "major, minor" for a device) and time
// columns, each as wide as its widest entry in the listing; the time as
// loc's LC_TIME has it.
func printLong(w io.Writer, fis []fileInfo, now time.Time, loc locale) {
	var nlinkW, groupW, majorW, minorW, sizeW int
	ownerW := len("root")
	anyDev := false
	for _, fi := range fis {
		nlinkW = max(nlinkW, len(strconv.Itoa(fi.nlink)))
		groupW = max(groupW, len(fi.group))
		if fi.mode&iofs.ModeDevice != 0 {
			anyDev = true
			majorW = max(majorW, len(strconv.Itoa(fi.rdev.Major())))
			minorW = max(minorW, len(strconv.Itoa(fi.rdev.Minor())))
		} else {
			sizeW = max(sizeW, len(strconv.FormatInt(fi.size, 10)))
		}
	}
	if anyDev {
		sizeW = max(sizeW, majorW+2+minorW)
	}
	for _, fi := range fis {
		fmt.Fprintf(w, "%s %*d %-*s %-*s ", ModeString(fi.mode), nlinkW, fi.nlink, ownerW, "root", groupW, fi.group)
		if fi.mode&iofs.ModeDevice != 0 {
			fmt.Fprintf(w, "%*d, %*d ", majorW+max(0, sizeW-(majorW+2+minorW)), fi.rdev.Major(), minorW, fi.rdev.Minor())
		} else {
			fmt.Fprintf(w, "%*d ", sizeW, fi.size)
		}
		fmt.Fprintf(w, "%s %s", lsTime(fi.mtime, now, loc), fi.name)
		if fi.mode&iofs.ModeSymlink != 0 {
			fmt.Fprintf(w, " -> %s", fi.link)
		}
		fmt.Fprintln(w)
	}
}

// ModeString models filemodestring(): the type letter and the nine
// permission letters with setuid, setgid and sticky folded in, as ls -l
// shows a mode ("brw-r-----"); the driver kit words its messages with it.
func ModeString(m iofs.FileMode) string {
	b := []byte("----------")
	switch {
	case m&iofs.ModeDir != 0:
		b[0] = 'd'
	case m&iofs.ModeSymlink != 0:
		b[0] = 'l'
	case m&iofs.ModeCharDevice != 0:
		b[0] = 'c'
	case m&iofs.ModeDevice != 0:
		b[0] = 'b'
	case m&iofs.ModeNamedPipe != 0:
		b[0] = 'p'
	case m&iofs.ModeSocket != 0:
		b[0] = 's'
	}
	for i, c := range "rwxrwxrwx" {
		if m&(1<<(8-i)) != 0 {
			b[1+i] = byte(c)
		}
	}
	special := func(set bool, at int, lower, upper byte) {
		if !set {
			return
		}
		if b[at] == 'x' {
			b[at] = lower
		} else {
			b[at] = upper
		}
	}
	special(m&iofs.ModeSetuid != 0, 3, 's', 'S')
	special(m&iofs.ModeSetgid != 0, 6, 's', 'S')
	special(m&iofs.ModeSticky != 0, 9, 't', 'T')
	return string(b)
}

// lsTime formats a time as ls -l does: a file changed in the last six
// months shows its day and minute, others (including times in the future,
// such as a host file's date on the 2008 machine) their day and year. In
// the C and en_US.UTF-8 locales that is "%b %e %H:%M" and "%b %e  %Y"; in
// zh_CN.UTF-8, whose LC_TIME makes ls take the formats from its message
// catalogue, "%m-%d %H:%M" (the tutorial's "11-10 18:13") and "%Y-%m-%d".
func lsTime(t, now time.Time, loc locale) string {
	const sixMonths = 31556952 / 2 * time.Second // half a Gregorian year
	recent := t.After(now.Add(-sixMonths)) && !t.After(now)
	switch {
	case loc == localeZhCN && recent:
		return t.Format("01-02 15:04")
	case loc == localeZhCN:
		return t.Format("2006-01-02")
	case recent:
		return t.Format("Jan _2 15:04")
	}
	return t.Format("Jan _2  2006")
}
