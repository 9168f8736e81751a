package blkdevtest

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"time"

	"simpblkdev/blockdev"
)

// A student's driver may panic, loop or wait for ever; runTest keeps each
// check to itself. The check runs on a goroutine of its own:
//   - A panic in driver code is the simulated kernel's oops (blockdev's
//     oops.go), caught where the kernel calls the driver, on whatever
//     goroutine that is; the check sees the I/O fail and the oops is added
//     to its failure (blockdev.OnOops). A check that passes despite an oops
//     fails with it. A panic in the check itself fails the check. An oops
//     that a check of the same run has already shown in full (a skeleton
//     oopses the same way in check after check) is named, not repeated.
//   - A check that has not ended by the deadline fails with "hung: " and
//     the step it was in: the system call its goroutine is inside (insmod,
//     write, read, rmmod …), the check's line that made it and the driver's
//     frames, read from the goroutine's stack. Go cannot kill a goroutine,
//     so the hung one goes on running (or waiting) while the next checks
//     run; the class grader (exercises/grade) runs each student in a
//     process of its own under go test -timeout, which ends it.

// Deadline is how long one check may take: 10 s, 60 s under the race
// detector, or what the environment variable BLKDEVTEST_DEADLINE says (a
// Go duration, e.g. 30s).
func Deadline() time.Duration {
	if s := os.Getenv("BLKDEVTEST_DEADLINE"); s != "" {
		if d, err := time.ParseDuration(s); err == nil && d > 0 {
			return d
		}
	}
	if raceEnabled {
		return 60 * time.Second
	}
	return 10 * time.Second
}

// shownOopses maps each oops a run of checks has shown in full, by its
// text less addresses (oopsKey), to the check whose failure showed it.
type shownOopses map[string]string

// oopsKey is an oops's text without its 8-digit hex words (EIP, the call
// trace's addresses): a module loads at another address on every machine,
// and the same bug oopses there with the same text otherwise.
func oopsKey(text string) string { return hexWord.ReplaceAllString(text, "") }

var hexWord = regexp.MustCompile(`\b[0-9a-f]{8}\b`)

// runTest runs tt on module within deadline and returns its Failure, or nil;
// shown is the run's oopses so far.
func runTest(tt Test, module *blockdev.ModuleInfo, deadline time.Duration, shown shownOopses) error {
	type result struct {
		err    error
		oopses []*blockdev.Oops
	}
	done := make(chan result, 1)
	started := make(chan string, 1) // the check goroutine's "goroutine N " header
	go func() {
		started <- goroutineHeader()
		var oopses []*blockdev.Oops
		defer blockdev.OnOops(func(o *blockdev.Oops) { oopses = append(oopses, o) })()
		defer func() {
			if r := recover(); r != nil {
				done <- result{fmt.Errorf("panic: %v", r), oopses}
			}
		}()
		err := tt.Run(module)
		done <- result{err, oopses}
	}()
	header := <-started
	timer := time.NewTimer(deadline)
	defer timer.Stop()
	select {
	case r := <-done:
		return failure(tt.Name, r.err, r.oopses, shown)
	case <-timer.C:
		return &Failure{tt.Name, fmt.Errorf("%s", hung(header, driverPackage(module), deadline))}
	}
}

// failure is the Failure of check name, which returned err and saw
// oopses: the check's error, then the first oops unless the error already
// shows it. An oops an earlier check's failure showed (in shown) is only
// named, with that check; one shown here is added to shown.
func failure(name string, err error, oopses []*blockdev.Oops, shown shownOopses) error {
	if len(oopses) == 0 {
		if err == nil {
			return nil
		}
		return &Failure{name, err}
	}
	first := strings.TrimRight(oopses[0].Text, "\n")
	msg := fmt.Sprintf("oops in %s", oopses[0].Func)
	if len(oopses) > 1 {
		msg += fmt.Sprintf(" (and %d more oopses)", len(oopses)-1)
	}
	if err != nil && strings.Contains(err.Error(), strings.SplitN(first, "\n", 2)[0]) {
		return &Failure{name, fmt.Errorf("%s: %w", msg, err)}
	}
	key := oopsKey(first)
	if earlier, ok := shown[key]; ok {
		msg += fmt.Sprintf(": the same oops as in %s, above", earlier)
		if err != nil {
			return &Failure{name, fmt.Errorf("%w\n%s", err, msg)}
		}
		return &Failure{name, errors.New(msg)}
	}
	shown[key] = name
	if err != nil {
		return &Failure{name, fmt.Errorf("%w\n%s:\n%s", err, msg, first)}
	}
	return &Failure{name, fmt.Errorf("%s:\n%s", msg, first)}
}

// goroutineHeader is "goroutine N " for the calling goroutine.
func goroutineHeader() string {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	s := string(buf)
	if i := strings.Index(s, "["); i > 0 {
		return s[:i]
	}
	return s
}

// SyscallStep returns what a hung check's report calls the system call of
// blockdev/syscalls.go whose Go function fn is, as a goroutine's stack
// names it ("simpblkdev/blockdev.(*BlockDevice).WriteDirect" is "O_DIRECT
// write"), or "" when fn is none. The class grader (exercises/grade) reads
// go test's stacks with it.
func SyscallStep(fn string) string {
	for _, sc := range syscalls {
		if strings.HasSuffix(fn, sc.fn) {
			return sc.step
		}
	}
	return ""
}

// syscalls names the system calls of blockdev/syscalls.go as a check's
// step, by the Go function a hung goroutine is inside.
var syscalls = []struct{ fn, step string }{
	{"blockdev.(*Kernel).InitModule", "insmod"},
	{"blockdev.(*Kernel).DeleteModule", "rmmod"},
	{"blockdev.(*Kernel).Open", "open"},
	{"blockdev.(*Kernel).OpenDev", "open"},
	{"blockdev.(*BlockDevice).Close", "close"},
	{"blockdev.(*BlockDevice).ReadAt", "read"},
	{"blockdev.(*BlockDevice).WriteAt", "write"},
	{"blockdev.(*BlockDevice).ReadDirect", "O_DIRECT read"},
	{"blockdev.(*BlockDevice).WriteDirect", "O_DIRECT write"},
	{"blockdev.(*BlockDevice).Sync", "fsync"},
	{"blockdev.(*Kernel).Sync", "sync"},
	{"blockdev.(*BlockDevice).Ioctl", "ioctl"},
	{"blockdev.(*Kernel).Mount", "mount"},
	{"blockdev.(*Kernel).Umount", "umount"},
	{"blockdev.(*KNode).Write", "write to a /sys or /proc file"},
	{"blockdev.(*Kernel).SubmitBioWait", "submit_bio"},
	{"blockdev.(*Kernel).Sleep", "sleep"},
	{"blockdev.Boot", "boot"},
}

// hung describes the check goroutine header, still running after
// deadline: "hung: insmod", where the check made the call, and the
// goroutine's frames in the driver's package and the kernel, innermost
// first, trimmed.
func hung(header, driverPkg string, deadline time.Duration) string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var stack string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.HasPrefix(g, header) {
			stack = g
		}
	}
	type frame struct{ fn, at string }
	var frames []frame
	lines := strings.Split(stack, "\n")
	for i := 1; i+1 < len(lines); i += 2 {
		fn := lines[i]
		if j := strings.LastIndex(fn, "("); j > 0 {
			fn = fn[:j]
		}
		at := strings.TrimSpace(lines[i+1])
		if j := strings.LastIndex(at, " +0x"); j > 0 {
			at = at[:j]
		}
		at = at[strings.LastIndex(at, "/")+1:]
		frames = append(frames, frame{fn, at})
	}
	step, caller := "the check", ""
	for i, f := range frames {
		if s := SyscallStep(f.fn); s != "" {
			step = s
			if i+1 < len(frames) {
				caller = frames[i+1].fn[strings.LastIndex(frames[i+1].fn, "/")+1:] + " at " + frames[i+1].at
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "hung: %s", step)
	if caller != "" {
		fmt.Fprintf(&b, " (%s)", caller)
	}
	fmt.Fprintf(&b, ", still running after %v; the check goes on running in the background. Where it is:", deadline)
	shown := 0
	for _, f := range frames {
		if shown == 12 {
			b.WriteString("\n\t…")
			break
		}
		inDriver := driverPkg != "" && strings.HasPrefix(f.fn, driverPkg+".")
		inKernel := strings.HasPrefix(f.fn, "simpblkdev/blockdev.") || strings.HasPrefix(f.fn, "simpblkdev/blockdev/")
		if !inDriver && !inKernel || inKernel && (strings.HasSuffix(f.fn, ".callDriver") || closure.MatchString(f.fn)) {
			continue // not the driver's or the kernel's, or the oops guard's own
		}
		fmt.Fprintf(&b, "\n\t%s  %s", f.fn[strings.LastIndex(f.fn, "/")+1:], f.at)
		shown++
	}
	return b.String()
}

// closure matches a function literal's name, as callDriver's callers
// wrap the driver call.
var closure = regexp.MustCompile(`\.func\d+$`)

// driverPackage is the import path of module's package, where its New is.
func driverPackage(module *blockdev.ModuleInfo) string {
	if module == nil || module.New == nil {
		return ""
	}
	fn := runtime.FuncForPC(reflect.ValueOf(module.New).Pointer())
	if fn == nil {
		return ""
	}
	name := fn.Name()
	slash := strings.LastIndex(name, "/")
	if dot := strings.Index(name[slash+1:], "."); dot >= 0 {
		return name[:slash+1+dot]
	}
	return ""
}
