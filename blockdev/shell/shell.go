// Package shell is the user space of the simulated machine: a root shell of
// the tutorial's RHEL5 box (bash 3.2 with coreutils 5.97, util-linux 2.13,
// module-init-tools 3.3 and e2fsprogs 1.39) that runs command lines against a
// booted simulated kernel and prints what those tools printed, so that the
// tutorial's shell sessions can be replayed command for command.
//
// The shell sees one file tree: /dev, /sys and /proc come from the kernel,
// /host is a real directory shown read-only, file systems that mount puts on
// block devices appear at their mount points, and everything else (/etc with
// its init scripts and passwd, the chapter's directory under /root with its
// Makefile and simp_blkdev.ko, /mnt, /tmp) lives in memory. Time is the kernel's virtual clock, so the same commands on the
// same machine always print the same text.
package shell

import (
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"simpblkdev/blockdev"
)

// Options configure a shell.
type Options struct {
	// Module is the chapter's driver: Go code compiled into blksim. The
	// shell starts in the chapter's directory (ChapterDir(Step)), which
	// holds the chapter's kbuild Makefile and simp_blkdev.ko as after a
	// first make; make there writes the .ko again, make clean removes it,
	// and insmod loads Module from the file's bytes. nil means no chapter:
	// the shell starts in root's home, /root.
	Module *blockdev.ModuleInfo
	// Step is the chapter Module is from. A step the tutorial lacks is
	// reported on Stderr, and the machine has no chapter directory.
	Step int
	// HostRoot is a real directory shown read-only under /host; "" means
	// no /host. Only dd of=/host/... and cp ... /host/... write into it.
	HostRoot string
	// Stdout receives what commands print; nil discards it.
	Stdout io.Writer
	// Stderr receives error messages; nil sends them to Stdout, as a
	// terminal shows both.
	Stderr io.Writer
	// Seed derives what mkfs would draw from /dev/urandom (UUIDs).
	Seed int64
}

// epoch is the wall-clock time at jiffies 0: the minute of the tutorial's
// `ls -l /dev/simp_blkdev` (chapter 1).
var epoch = time.Date(2008, time.November, 10, 18, 13, 0, 0, time.UTC)

// commandTick is the virtual time each command lets pass, so that the
// kernel's timers (queue unplugging, scheduler expiries, write-back) run
// between commands as they would while a person types.
const commandTick = blockdev.HZ / 10

// Shell is a root shell on a simulated machine. It is not safe for
// concurrent use.
type Shell struct {
	k      *blockdev.Kernel
	ns     *namespace
	stdout io.Writer
	stderr io.Writer
	cwd    string
	seed   int64
	mkfsN  int64                           // mkfs runs so far, to vary their identity
	kos    map[string]*blockdev.ModuleInfo // .ko file contents → module
	src    *source                         // the chapter's module and directory
	vars   map[string]*variable            // shell variables (vars.go)
	status int                             // $?: the last pipeline's exit status
	tty    terminal                        // the terminal's settings (stty.go)
	intr   atomic.Bool                     // Ctrl-C: stop the running command line
	// endless bounds what one open of an endless character device hands
	// out (endlessLimit; the fuzzer's harness sets less), and endlessHit
	// is the device whose read was stopped there, for the command to say so.
	endless    int64
	endlessHit atomic.Pointer[string]
	exited     bool       // exit ran: read no more commands
	typist     lineSource // who types at the terminal (ttyinput.go)
	jobs       []*job     // background jobs (jobs.go), oldest first
	lastPid    int        // the pid the last process forked got
	bash       *blockdev.Task
}

// New starts a shell on k. A HostRoot that cannot be opened is reported on
// Stderr, and the machine has no /host.
func New(k *blockdev.Kernel, opts Options) *Shell {
	s := &Shell{k: k, cwd: "/root", seed: opts.Seed, kos: map[string]*blockdev.ModuleInfo{}, endless: endlessLimit,
		lastPid: shellPID, bash: &blockdev.Task{Pid: shellPID, Comm: "bash"}}
	s.initVars()
	s.stdout = opts.Stdout
	if s.stdout == nil {
		s.stdout = io.Discard
	}
	s.stderr = opts.Stderr
	if s.stderr == nil {
		s.stderr = s.stdout
	}
	root := newMemfs(s.now)
	populateEtc(root)
	ns := &namespace{k: k, s: s}
	ns.mounts = append(ns.mounts, &mount{dir: "/", fs: root})
	for _, top := range []string{"/dev", "/proc", "/sys"} {
		ns.mounts = append(ns.mounts, &mount{dir: top, fs: &kernView{k: k, top: top}})
	}
	if opts.HostRoot != "" {
		if r, err := os.OpenRoot(opts.HostRoot); err != nil {
			fmt.Fprintf(s.stderr, "shell: no /host: %v\n", err)
		} else {
			root.mkdirAll("/host", 0755, epoch)
			ns.mounts = append(ns.mounts, &mount{dir: "/host", fs: &hostfs{root: r}, host: true})
		}
	}
	s.ns = ns
	if opts.Module != nil {
		if dir, err := ChapterDir(opts.Step); err != nil {
			fmt.Fprintf(s.stderr, "shell: no chapter directory: %v\n", err)
		} else {
			s.src = &source{dir: dir, module: opts.Module}
			s.setUpChapter(root, s.src)
			s.cwd = dir
		}
	}
	return s
}

// now is the machine's wall clock: the tutorial's date plus the kernel's
// virtual uptime.
func (s *Shell) now() time.Time {
	return epoch.Add(time.Duration(s.k.Jiffies()) * time.Second / blockdev.HZ)
}

// Exec runs one command line, as typed at the prompt, and returns its exit
// status ($?). A line after exit runs nothing.
func (s *Shell) Exec(line string) (status int) {
	if s.exited {
		return s.status
	}
	s.intr.Store(false)
	list, err := parseLine(line)
	if err != nil {
		fmt.Fprintf(s.stderr, "bash: %v\n", err)
		s.status = 2
		return 2
	}
	status = s.status
	for _, ao := range list {
		if s.exited || s.interrupted() {
			break
		}
		if ao.bg && len(ao.pipes) == 1 {
			s.startJob(ao.pipes[0], ao.text)
			status, s.status = 0, 0
		} else {
			status = s.runAndOr(ao)
		}
		s.runJobs()
	}
	s.notifyJobs()
	return status
}

// Close unmounts every file system the shell mounted and closes their
// devices, so that the caller can rmmod the driver and check the kernel's
// memory. The shell should not be used afterwards.
func (s *Shell) Close() {
	s.killJobs()
	for i := len(s.ns.mounts) - 1; i >= 0; i-- {
		m := s.ns.mounts[i]
		switch {
		case m.vol != nil:
			s.ns.unmount(m)
		case m.host:
			m.fs.(*hostfs).root.Close()
		}
	}
}

// noFile is what the empty path resolves to: a name no file can have, as
// open("") fails with ENOENT.
const noFile = "/\x00"

// abs turns a path typed by the user into a clean absolute path.
func (s *Shell) abs(p string) string {
	if p == "" {
		return noFile
	}
	return cleanPath(s.cwd, p)
}

// runAndOr runs a chain of pipelines; each one's status becomes $?.
func (s *Shell) runAndOr(ao *andOr) int {
	s.status = s.runPipeline(ao.pipes[0])
	for i, op := range ao.ops {
		if (op == "&&") != (s.status == 0) || s.exited || s.interrupted() {
			continue
		}
		s.status = s.runPipeline(ao.pipes[i+1])
	}
	return s.status
}
