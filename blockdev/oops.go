package blockdev

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// A driver's bug is the kernel's oops: where the simulated kernel calls
// driver code (module init and exit, a request or make_request function, a
// block_device_operations method), a Go panic in it is caught by callDriver
// and printed as 2.6.18's i386 oops, do_page_fault()'s no_context text and
// die()'s (arch/i386/mm/fault.c, arch/i386/kernel/traps.c):
//
//	BUG: unable to handle kernel NULL pointer dereference at virtual address 00000000
//	 printing eip:
//	f8a3e04c
//	*pde = 00000000
//	Oops: 0000 [#1]
//	SMP
//	Modules linked in: simp_blkdev
//	CPU:    0
//	EIP:    0060:[<f8a3e04c>]    Tainted: P      VLI
//	EFLAGS: 00010246   (2.6.18-53.el5 #1)
//	EIP is at simpBlkdevDoRequest+0x4c/0x2e0 [simp_blkdev]
//	Call Trace:
//	 [<f8a3e04c>] simpBlkdevDoRequest+0x4c/0x2e0 [simp_blkdev]
//	 [<c04e2a31>] GenericUnplugDevice+0x51/0xc0
//	Go panic: runtime error: invalid memory address or nil pointer dereference (simp_blkdev.go:71)
//
// A nil pointer, a nil map or a slice of nothing (as PageAddress gives for
// a HighMem page, C's NULL) is the NULL pointer dereference (a write, as
// to a nil map, is error code 0002), another index or slice out of range "unable
// to handle kernel paging request" at the first address past the module, a
// division by zero die("divide error"), and any other panic BUG(): "kernel
// BUG at simp_blkdev.go:71!" and "invalid opcode". EIP is at the innermost
// function of the driver's package on the Go stack (the kernel's own
// function, without a module, when the panic is in kernel code the driver
// called). Only the module's own functions carry its tag and its
// addresses, not the kernel's, even where Go inlined them into the driver
// (moduleFrames); a closure, and the body of a range-over-func loop, is
// shown as the function it is in, as C's bio_for_each_segment loop is. The
// addresses are the module's core address and the Go function's own offset
// and size, so they change with the build, not from run to run. The last line is the simulator's: the panic as Go printed it
// and the driver's source line, which a real oops leaves to the reader of
// the Code: bytes. 2.6.18 has no TAINT_DIE ('D', 2.6.22): "[#2]" is what
// says the kernel oopsed before, and Oopses counts them.
//
// The oops kills the task that called the driver (die() ends with
// do_exit(SIGSEGV)): its system call never returns, and the shell shows it
// "Segmentation fault" (oops_kill.go says which task that is, and how the
// call ends instead: a *Killed, not an errno). The kernel goes on as if
// the driver function had returned at the point it oopsed, with what it
// was doing undone:
//   - A request function oopses with the queue lock held, and in Linux the
//     lock stays held by the dead task: every later I/O to that queue spins
//     for ever. Here the queue is marked as such: the driver is never
//     called on it again, the request it had taken never ends, and every
//     later bio to the queue ends at once with -EIO, with one log line for
//     the queue. A make_request function's oops leaves its bio never ended
//     and marks the queue the same way, rather than oops again for every
//     bio the dead task would not have submitted. When the request function
//     ran for the task's own I/O, the task is dead and waits for nothing;
//     when kblockd ran it (after the unplug timer), kblockd is the task the
//     oops killed, and the task waiting for that request gives up with -EIO
//     and "INFO: I/O never completed".
//   - An init that oopses leaves the module "Loading" for good, with
//     whatever it allocated: insmod is killed, a later rmmod gets EBUSY,
//     and a new insmod EEXIST. An exit that oopses leaves it "Unloading":
//     rmmod is killed, and the next one gets EBUSY.
//   - An open, getgeo or ioctl that oopses kills its caller, and the disk
//     goes on working for others; a release's oops is the log alone.
//
// A driver that starts goroutines of its own, overflows the Go stack or
// breaks the Go runtime (a concurrent map write) is beyond this: Go cannot
// recover from those, and the process dies (the class grader runs each
// student in a process of its own).

// Oops is one oops: what the log shows, the driver function EIP was at and
// the Go panic.
type Oops struct {
	Text  string // the oops's lines, as printed
	Func  string // the function EIP is at, e.g. "simpBlkdevDoRequest"
	Panic any    // the Go panic value
}

// callDriver runs call, which calls driver code; driver is that code (a
// function value, or the ModuleCode whose method it is), whose package is
// the module's. A panic in call is printed as an oops (die()) and returned;
// nil when the driver returned.
func (k *Kernel) callDriver(driver any, call func()) (oops *Oops) {
	defer func() {
		if r := recover(); r != nil {
			oops = k.die(driver, r)
		}
	}()
	call()
	return nil
}

// oopsState is die()'s die_counter and the loaded modules as die() reads
// them: an oops in module init or exit happens with modMu held, so the list
// is published here, under a lock of its own, whenever it changes.
type oopsState struct {
	mu      sync.Mutex
	counter int
	modules []*Module
	// killed are the tasks oopses killed, by goroutine, until their
	// system calls return (oops_kill.go); nKilled is len(killed).
	killed  map[uint64]*Oops
	nKilled atomic.Int32
}

// publishModules copies k.modules for die(). Called with modMu held.
func (k *Kernel) publishModules() {
	k.oops.mu.Lock()
	defer k.oops.mu.Unlock()
	k.oops.modules = append([]*Module(nil), k.modules...)
}

// Oopses returns how many times driver code has oopsed on the machine.
func (k *Kernel) Oopses() int {
	k.oops.mu.Lock()
	defer k.oops.mu.Unlock()
	return k.oops.counter
}

// die models die() (arch/i386/kernel/traps.c, 2.6.18) for the panic r of
// driver: it prints and returns the oops. It runs in callDriver's deferred
// function, on the panicking stack, so runtime.Callers still sees where
// the panic happened.
func (k *Kernel) die(driver any, r any) *Oops {
	pcs := make([]uintptr, 64)
	pcs = pcs[:runtime.Callers(3, pcs)]
	pkg := driverPackage(driver)
	frames := oopsFrames(pcs, pkg)

	k.oops.mu.Lock()
	k.oops.counter++
	n := k.oops.counter
	modules := k.oops.modules
	k.oops.mu.Unlock()

	var mod *Module
	for _, m := range modules {
		if driverPackage(m.code) == pkg {
			mod = m
		}
	}
	eip := frames[0]
	for _, f := range frames {
		if f.module {
			eip = f
			break
		}
	}
	addr := func(f oopsFrame) uint64 {
		if f.module && mod != nil {
			return mod.core.Addr() + f.off
		}
		return 0xc0400000 + uint64(f.entry&0xfffff) + f.off
	}
	symbol := func(f oopsFrame) string {
		s := fmt.Sprintf("%s+%#x/%#x", f.name, f.off, f.size)
		if f.module && mod != nil {
			s += " [" + mod.Info.Name + "]"
		}
		return s
	}

	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	msg := fmt.Sprint(r)
	var rerr runtime.Error
	isRuntime := errors.As(asError(r), &rerr)
	errCode, trap := 0, "Oops"
	switch {
	case isRuntime && (strings.Contains(msg, "nil pointer") || strings.Contains(msg, "nil map")):
		if strings.Contains(msg, "assignment to entry in nil map") {
			errCode = 2 // a write
		}
		line(KERN_ALERT+"BUG: unable to handle kernel NULL pointer dereference at virtual address %08x", 0)
	case isRuntime && strings.Contains(msg, "out of range") && (strings.HasSuffix(msg, "with capacity 0") || strings.HasSuffix(msg, "with length 0")):
		// A slice of nothing is C's NULL pointer plus an offset: what a
		// driver gets from page_address() of a HighMem page.
		line(KERN_ALERT+"BUG: unable to handle kernel NULL pointer dereference at virtual address %08x", 0)
	case isRuntime && strings.Contains(msg, "out of range"):
		var past uint64 = 0xf8c00000
		if mod != nil {
			past = (mod.core.Addr() + uint64(mod.Info.CoreSize) + 4095) &^ 4095
		}
		line(KERN_ALERT+"BUG: unable to handle kernel paging request at virtual address %08x", past)
	case isRuntime && strings.Contains(msg, "divide by zero"):
		trap = "divide error"
	default:
		line(KERN_EMERG+"kernel BUG at %s:%d!", eip.file, eip.line)
		trap = "invalid opcode"
	}
	if trap == "Oops" {
		line(KERN_ALERT + " printing eip:")
		line("%08x", addr(eip))
		line(KERN_ALERT+"*pde = %08x", 0)
	}
	line(KERN_EMERG+"%s: %04x [#%d]", trap, errCode, n)
	line(KERN_EMERG + "SMP ")
	var names []string
	for _, m := range modules {
		names = append(names, " "+m.Info.Name)
	}
	line(KERN_EMERG+"Modules linked in:%s", strings.Join(names, ""))
	line(KERN_EMERG + "CPU:    0")
	line(KERN_EMERG+"EIP:    0060:[<%08x>]    %s VLI", addr(eip), k.printTainted())
	line(KERN_EMERG+"EFLAGS: 00010246   (%s %s) ", UtsRelease, strings.Fields(UtsVersion)[0])
	line(KERN_EMERG+"EIP is at %s", symbol(eip))
	line(KERN_EMERG + "Call Trace:")
	for _, f := range frames {
		line(KERN_EMERG+" [<%08x>] %s", addr(f), symbol(f))
	}
	line(KERN_EMERG+"Go panic: %s (%s:%d)", msg, eip.file, eip.line)
	text := b.String()
	for _, l := range strings.SplitAfter(text, "\n") {
		if l != "" {
			k.Printk(strings.ReplaceAll(l, "%", "%%"))
		}
	}
	oops := &Oops{Text: stripLevels(text), Func: eip.name, Panic: r}
	notifyOops(oops)
	return oops
}

// printTainted models print_tainted() (kernel/panic.c, 2.6.18): "Not
// tainted", or "Tainted: " and the six flags P/G F S R M B.
func (k *Kernel) printTainted() string {
	t := k.tainted.Load()
	if t == 0 {
		return "Not tainted"
	}
	flag := func(bit uint32, c byte) byte {
		if t&bit != 0 {
			return c
		}
		return ' '
	}
	p := byte('G')
	if t&TAINT_PROPRIETARY_MODULE != 0 {
		p = 'P'
	}
	return "Tainted: " + string([]byte{p, flag(1<<1, 'F'), flag(1<<2, 'S'), flag(1<<3, 'R'), flag(1<<4, 'M'), flag(1<<5, 'B')})
}

// stripLevels removes the KERN_* prefixes printk keeps out of the log text.
func stripLevels(text string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if len(l) >= 3 && l[0] == '<' && l[2] == '>' {
			l = l[3:]
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

func asError(r any) error {
	if err, ok := r.(error); ok {
		return err
	}
	return nil
}

// oopsFrame is a Go frame as the oops shows it.
type oopsFrame struct {
	name      string // the function, without package or receiver
	pkg       string // its package path, as its Go name says
	path      string // the source file
	file      string // the source file's base name
	line      int
	entry     uintptr
	off, size uint64 // the pc's offset in the function, and its size
	module    bool   // the code is the module's own: it carries the module's tag
}

// oopsFrames lists the frames of pcs outside the Go runtime, innermost
// first, down to the kernel function that called the driver (callDriver's
// call, which is named after it), and marks those of the module, whose
// package is pkg (see moduleFrames).
func oopsFrames(pcs []uintptr, pkg string) []oopsFrame {
	var out []oopsFrame
	frames := runtime.CallersFrames(pcs)
	for more := true; more; {
		var f runtime.Frame
		f, more = frames.Next()
		if strings.HasSuffix(f.Function, "blockdev.(*Kernel).callDriver") {
			break
		}
		syscall := strings.HasSuffix(f.File, "/blockdev/syscalls.go")
		if f.Function == "" || strings.HasPrefix(f.Function, "runtime.") || f.File == "<autogenerated>" {
			continue
		}
		fpkg, name := splitFuncName(f.Function)
		out = append(out, oopsFrame{name: name, pkg: fpkg, path: f.File, file: baseName(f.File), line: f.Line,
			entry: f.Entry, off: uint64(f.PC - f.Entry), size: funcSize(f.Entry)})
		if syscall {
			break // the system call the oops happened in (syscallExit)
		}
	}
	if len(out) == 0 {
		out = append(out, oopsFrame{name: "?", file: "?"})
	}
	moduleFrames(out, pkg)
	return out
}

// moduleFrames marks the frames whose code is the module's: of the
// driver's package pkg by name, and not from the kernel's own source. A Go
// name does not say where the code came from when the compiler inlined a
// kernel function into the driver: the iterator BioSegments returns is
// then "simpblkdev/step03_makerequest.simpBlkdevMakeRequest.BioSegments.func1",
// from blockdev/bio.go. (The tests' drivers are of the kernel's own
// package, in its _test.go files.)
func moduleFrames(frames []oopsFrame, pkg string) {
	for i, f := range frames {
		frames[i].module = pkg != "" && f.pkg == pkg && !isKernelSource(f.path)
	}
}

// kernelSource is the directory of the simulated kernel's source, this
// file's: every file under it but the tests is the kernel's.
var kernelSource = func() string {
	_, file, _, _ := runtime.Caller(0)
	return file[:strings.LastIndex(file, "/")+1]
}()

func isKernelSource(path string) bool {
	return strings.HasPrefix(path, kernelSource) && !strings.HasSuffix(path, "_test.go")
}

// funcSize finds the size of the Go function at entry: the first pc past
// it that belongs to another function (a function's code is contiguous).
func funcSize(entry uintptr) uint64 {
	fn := runtime.FuncForPC(entry)
	lo, hi := uintptr(1), uintptr(1)
	for hi < 1<<20 {
		if g := runtime.FuncForPC(entry + hi); g == nil || g.Entry() != fn.Entry() {
			break
		}
		lo, hi = hi, hi*2
	}
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if g := runtime.FuncForPC(entry + mid); g == nil || g.Entry() != fn.Entry() {
			hi = mid
		} else {
			lo = mid
		}
	}
	return uint64(hi)
}

// splitFuncName splits "simpblkdev/step01_array.(*simpBlkdev).simpBlkdevDoRequest-fm"
// into its package path and "simpBlkdevDoRequest"; a closure is shown as
// the function it is in, and so is the body of a range-over-func loop
// ("simpBlkdevMakeRequest-range1"), which in C is the function's own code
// (bio_for_each_segment is a macro).
func splitFuncName(full string) (pkg, name string) {
	slash := strings.LastIndex(full, "/")
	dot := strings.Index(full[slash+1:], ".")
	if dot < 0 {
		return "", full
	}
	pkg, rest := full[:slash+1+dot], full[slash+1+dot+1:]
	rest = strings.TrimSuffix(rest, "-fm")
	parts := strings.Split(rest, ".")
	for i := range parts {
		parts[i] = rangeBody.ReplaceAllString(parts[i], "")
	}
	for i := len(parts) - 1; i > 0; i-- {
		if !strings.HasPrefix(parts[i], "func") && !isDigits(parts[i]) {
			return pkg, parts[i]
		}
	}
	return pkg, parts[0]
}

// rangeBody is the suffix Go names a range-over-func loop body with.
var rangeBody = regexp.MustCompile(`-range\d+`)

func isDigits(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

func baseName(path string) string { return path[strings.LastIndex(path, "/")+1:] }

// driverPackage is the package path of driver: a function's, or a value's
// dynamic type's.
func driverPackage(driver any) string {
	if driver == nil {
		return ""
	}
	v := reflect.ValueOf(driver)
	if v.Kind() == reflect.Func {
		if v.IsNil() {
			return ""
		}
		if fn := runtime.FuncForPC(v.Pointer()); fn != nil {
			pkg, _ := splitFuncName(fn.Name())
			return pkg
		}
		return ""
	}
	t := v.Type()
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath()
}

// runRequestFn calls the driver's request function with the queue lock
// held, as every caller of q->request_fn does. Once it has oopsed the lock
// belongs to a dead task and the driver is not called again (see above).
func (q *RequestQueue) runRequestFn() {
	if q.oopsed {
		return
	}
	if oops := q.k.callDriver(q.RequestFn, func() { q.RequestFn(q) }); oops != nil {
		q.oopsed = true
		if q.current == nil || !q.current.isKernelThread() {
			q.k.killCaller(oops)
		}
	}
}

// runMakeRequestFn calls the driver's make_request function for bio, as
// generic_make_request does, without the queue lock. A bio whose
// make_request_fn oopsed counts as taken (it never ends), and the queue is
// marked as its request function's would be.
func (q *RequestQueue) runMakeRequestFn(bio *Bio) int {
	ret := 0
	if oops := q.k.callDriver(q.MakeRequestFn, func() { ret = q.MakeRequestFn(q, bio) }); oops != nil {
		q.Lock()
		q.oopsed = true
		q.Unlock()
		if !bio.task.isKernelThread() {
			q.k.killCaller(oops)
		}
		return 0
	}
	return ret
}

// oopsedQueue reports whether q's driver oopsed in its request or
// make_request function; the first time a bio finds it so, the log says
// why the bio fails. Called with the queue lock held.
func (q *RequestQueue) oopsedQueue() bool {
	if !q.oopsed {
		return false
	}
	if !q.oopsedLogged {
		q.oopsedLogged = true
		q.k.Printk(KERN_ERR+"INFO: %s: the queue's driver oopsed holding it; I/O to it fails with -EIO instead of waiting for ever\n", q.name())
	}
	return true
}

// fopsOpen calls the driver's open for b. If it oopses, the oops killed
// the opener: the open fails (-EFAULT, which the opener never sees: its
// system call ends with *Killed, oops_kill.go).
func (k *Kernel) fopsOpen(disk *Gendisk, b *BlockDevice) Errno {
	var ret Errno
	if oops := k.callDriver(disk.Fops.Open, func() { ret = disk.Fops.Open(b) }); oops != nil {
		k.killCaller(oops)
		return -EFAULT
	}
	return ret
}
