package main

import (
	"regexp"
	"strconv"
	"strings"

	"simpblkdev/blockdev/blkdevtest"
)

// A test binary that dies prints the stacks of its goroutines: the
// runtime's fatal errors (a stack overflow, a concurrent map write), a
// panic no one recovered (on a goroutine the driver started, where the
// simulated kernel cannot catch it), and go test -timeout's "panic: test
// timed out". Each stack is a header line, then a function line and a
// tab-indented file line per frame, innermost first:
//
//	goroutine 23 [running]:
//	simpblkdev/exercises/_grade-123.(*simpBlkdev).simpBlkdevMakeRequest(0xaad?, 0xbd32e54b88?, 0xbd3310c150)
//		/src/simpblkdev/exercises/_grade-123/simp_blkdev.go:87 +0x119
//	simpblkdev/blockdev.(*RequestQueue).runMakeRequestFn.func1()
//		/src/simpblkdev/blockdev/oops.go:440 +0x28
//	…
//	created by testing.(*T).Run in goroutine 21
//		/usr/local/go/src/testing/testing.go:2101 +0x4c5
//
// The grader reads from them the driver's function and the system call
// the kit's check was making.

// goroutine is one goroutine's stack.
type goroutine struct {
	id    int
	funcs []string // the frames' functions, innermost first; the "created by" function last
}

// goroutineHeader matches a stack's first line; GOTRACEBACK=system and a
// fatal error add "gp=… m=…" before the state.
var goroutineHeader = regexp.MustCompile(`^goroutine (\d+) (?:gp=\S+ m=\S+ (?:mp=\S+ )?)?\[.*\]:$`)

// goroutines parses the stacks in lines, which are output lines.
func goroutines(lines []string) []goroutine {
	var gs []goroutine
	in := false
	for _, l := range lines {
		l = strings.TrimRight(l, "\n")
		if m := goroutineHeader.FindStringSubmatch(l); m != nil {
			id, _ := strconv.Atoi(m[1])
			gs = append(gs, goroutine{id: id})
			in = true
			continue
		}
		if !in {
			continue
		}
		switch {
		case l == "":
			in = false
		case strings.HasPrefix(l, "\t"), strings.HasPrefix(l, "..."):
			// a frame's file line, or "...additional frames elided..."
		case strings.HasPrefix(l, "created by "):
			fn := strings.TrimPrefix(l, "created by ")
			if i := strings.Index(fn, " in goroutine "); i >= 0 {
				fn = fn[:i]
			}
			gs[len(gs)-1].funcs = append(gs[len(gs)-1].funcs, fn)
		default:
			if i := strings.LastIndex(l, "("); i > 0 && strings.HasSuffix(l, ")") {
				l = l[:i] // the arguments
			}
			gs[len(gs)-1].funcs = append(gs[len(gs)-1].funcs, l)
		}
	}
	return gs
}

// driverFunc is the innermost of g's functions in the package whose last
// path element is pkg (the student's), by its name in the driver
// (funcName); "" when g never entered the driver.
func (g goroutine) driverFunc(pkg string) string {
	for _, fn := range g.funcs {
		if inPackage(fn, pkg) {
			return funcName(fn)
		}
	}
	return ""
}

// syscall is the system call g was inside, as the kit's check made it
// (the outermost, as blkdevtest.SyscallStep names it), or "".
func (g goroutine) syscall() string {
	step := ""
	for _, fn := range g.funcs {
		if s := blkdevtest.SyscallStep(fn); s != "" {
			step = s
		}
	}
	return step
}

// crashSite is the driver function in which the first goroutine of lines
// to have been in the driver's package pkg was: the one that crashed,
// which the runtime prints first; "" when none was.
func crashSite(lines []string, pkg string) string {
	for _, g := range goroutines(lines) {
		if fn := g.driverFunc(pkg); fn != "" {
			return fn
		}
	}
	return ""
}

// hangSite is where go test -timeout's stacks in lines show the driver
// hung: the system call and driver function of the goroutine that is in
// both, a check's system call and the driver; else the system call of
// one and the driver function of another (a request function that
// kblockd runs, for a check that waits for the request); each the
// lowest-numbered of its kind, the longest hung.
func hangSite(lines []string, pkg string) (step, fn string) {
	var both, inDriver, inSyscall *goroutine
	lowest := func(best **goroutine, g *goroutine) {
		if *best == nil || g.id < (*best).id {
			*best = g
		}
	}
	gs := goroutines(lines)
	for i := range gs {
		g := &gs[i]
		d, s := g.driverFunc(pkg) != "", g.syscall() != ""
		switch {
		case d && s:
			lowest(&both, g)
		case d:
			lowest(&inDriver, g)
		case s:
			lowest(&inSyscall, g)
		}
	}
	if both != nil {
		return both.syscall(), both.driverFunc(pkg)
	}
	if inSyscall != nil {
		step = inSyscall.syscall()
	}
	if inDriver != nil {
		fn = inDriver.driverFunc(pkg)
	}
	return step, fn
}

// inPackage says whether fn, a function as a stack names it
// ("simpblkdev/exercises/_grade-123.(*simpBlkdev).simpBlkdevMakeRequest",
// or as the kit's hung message shortens it, "_grade-123.(*simpBlkdev)…"),
// is in the package whose last path element is pkg.
func inPackage(fn, pkg string) bool {
	slash := strings.LastIndex(fn, "/")
	dot := strings.Index(fn[slash+1:], ".")
	return dot >= 0 && fn[slash+1:slash+1+dot] == pkg
}

// funcName is fn's name as the driver's source spells it and the kit's
// oops shows it: "simpBlkdevMakeRequest" for a method, a closure in it
// ("….simpBlkdevMakeRequest.func1", a go statement's "gowrap1") or a
// range-over-func loop body in it ("-range1").
func funcName(fn string) string {
	slash := strings.LastIndex(fn, "/")
	dot := strings.Index(fn[slash+1:], ".")
	rest := strings.TrimSuffix(fn[slash+1+dot+1:], "-fm")
	parts := strings.Split(rest, ".")
	for i := range parts {
		parts[i] = rangeBody.ReplaceAllString(parts[i], "")
	}
	for i := len(parts) - 1; i > 0; i-- {
		if !closure.MatchString(parts[i]) {
			return parts[i]
		}
	}
	return parts[0]
}

var (
	rangeBody = regexp.MustCompile(`-range\d+`)
	closure   = regexp.MustCompile(`^(func|gowrap)?\d+$`)
)
