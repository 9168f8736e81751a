package quiz

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// bioSpec is one bio of a scheduler or bio problem: Count sectors at
// Sector, read or written by process Pid, submitted At jiffies after the
// first.
type bioSpec struct {
	At     uint64
	Pid    int
	Write  bool
	Sector uint64
	Count  uint32 // a multiple of 8: whole pages
}

// The two processes of a problem: a reader and a writer, as cat and dd
// would be.
var procs = []struct {
	pid  int
	comm string
}{{2001, "cat"}, {2002, "dd"}}

func commOf(pid int) string {
	for _, p := range procs {
		if p.pid == pid {
			return p.comm
		}
	}
	return "?"
}

// genBios draws a list of 5 to 7 bios of one or two pages on the first 256
// sectors. Half of them go on from an earlier bio (mostly the last one),
// starting where it ends or ending where it starts, and most of those are
// the same process's, in the same direction, so that some can merge; the
// gaps in time are mostly 0, sometimes 1 or 2 jiffies, so that the unplug
// timer sometimes fires in between.
func genBios(r *rand.Rand) []bioSpec {
	n := 5 + r.IntN(3)
	var bios []bioSpec
	var at uint64
	for i := 0; i < n; i++ {
		if i > 0 {
			switch x := r.IntN(10); {
			case x < 6:
			case x < 9:
				at++
			default:
				at += 2
			}
		}
		p := r.IntN(len(procs))
		b := bioSpec{At: at, Pid: procs[p].pid, Write: p == 1, Count: uint32(8 * (1 + r.IntN(2)))}
		if r.IntN(5) == 0 {
			b.Write = !b.Write // cat writes once in a while, dd reads
		}
		if len(bios) == 0 || r.IntN(2) == 0 {
			b.Sector = uint64(8 * r.IntN(32))
			bios = append(bios, b)
			continue
		}
		prev := bios[len(bios)-1]
		if r.IntN(3) == 0 {
			prev = bios[r.IntN(len(bios))]
		}
		if r.IntN(3) > 0 {
			b.Pid, b.Write = prev.Pid, prev.Write
		}
		if r.IntN(2) == 0 || prev.Sector < uint64(b.Count) {
			b.Sector = prev.Sector + uint64(prev.Count)
		} else {
			b.Sector = prev.Sector - uint64(b.Count)
		}
		bios = append(bios, b)
	}
	return bios
}

// biosTable is the givens: one line a bio.
func biosTable(bios []bioSpec) []string {
	lines := []string{"  bio  jiffy  pid   comm  rw  sector  sectors"}
	for i, b := range bios {
		rw := "R"
		if b.Write {
			rw = "W"
		}
		lines = append(lines, fmt.Sprintf("  %3d  %5d  %d  %-4s  %-2s  %6d  %7d", i+1, b.At, b.Pid, commOf(b.Pid), rw, b.Sector, b.Count))
	}
	return lines
}

// seenList writes what a driver saw, one request (or bio) a line.
func seenList(log []seen) string {
	var b strings.Builder
	for i, s := range log {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%d. %v", i+1, s)
	}
	return b.String()
}
