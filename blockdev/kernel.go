package blockdev

import (
	"sync"
	"sync/atomic"

	"simpblkdev/blockdev/fault"
	"simpblkdev/blockdev/mm"
)

// UtsRelease is the kernel release uname -r prints: the tutorial's RHEL5 box.
const UtsRelease = "2.6.18-53.el5"

// UtsVersion is what uname -v prints: the build of RHEL 5.1's kernel.
const UtsVersion = "#1 SMP Wed Oct 10 16:34:02 EDT 2007"

// Config chooses the simulated machine.
type Config struct {
	Preset string // "i386" (default) or "x86_64"
	RAM    int64  // bytes; 0 for the preset's default
	Seed   int64  // boot-time state: free-list fragmentation, memory garbage
	// Cmdline is the kernel command line the boot loader passes
	// (/proc/cmdline); "" means DefaultCmdline. Of its parameters the
	// simulator acts on elevator= (the default I/O scheduler).
	Cmdline string
	// Pristine boots the memory with every page free, no earlier work and
	// no watermarks (mm.Config.Pristine), for tests that must bring free
	// memory to an exact number of pages.
	Pristine bool
}

// Kernel is one booted simulated machine. Several may run side by side (as
// tests do); nothing is shared between them but the registered schedulers.
type Kernel struct {
	Mem   *mm.Memory
	Fault *fault.Injector

	log     kernelLog
	clock   clock
	vm      vmTunables // /proc/sys/vm
	pdflush pdflush

	mu       sync.Mutex // disks, gendisks, queues
	disks    []*Gendisk
	gendisks int // allocated by alloc_disk and not yet freed by put_disk
	queues   int // allocated by blk_alloc_queue and not yet released (blk_cleanup_queue)

	modMu   sync.Mutex // modules
	modules []*Module
	tainted atomic.Uint32 // kernel/panic.c's tainted: TAINT_* bits; die() reads it under modMu or not
	oops    oopsState     // die_counter, and the module list die() prints

	bounceMu   sync.Mutex
	bouncePool []*mm.Page

	cacheMu sync.Mutex // block device page caches, for reclaim
	caches  []*pageCache

	devMu    sync.Mutex // /dev
	devNodes map[string]*KNode

	cmdline        string // saved_command_line
	chosenElevator string // elevator= of the command line (block/elevator.c)

	chrdevMu sync.Mutex // chrdevs
	chrdevs  []chrdevEntry
	urandom  urandomPool

	nsMu      sync.Mutex // vfsmounts
	vfsmounts []*VfsMount

	slabMu              sync.Mutex // cacheChain; taken before a cache's own lock
	cacheChain          []*kmemCache
	radixTreeNodeCachep *kmemCache

	current atomic.Pointer[Task] // the user process on the CPU (SetCurrent)

	// blktraceMu serializes the trace ioctls (blktrace.go) and guards
	// debugfsBlock, debugfs's block/ directory: the traces by name.
	blktraceMu   sync.Mutex
	debugfsBlock map[string]*blkTrace
}

// Boot starts a machine.
func Boot(cfg Config) (*Kernel, error) {
	name := cfg.Preset
	if name == "" {
		name = "i386"
	}
	preset, ok := mm.PresetByName(name)
	if !ok {
		return nil, &BootError{"unknown preset " + name + " (want i386 or x86_64)"}
	}
	k := &Kernel{Fault: &fault.Injector{}, cmdline: cfg.Cmdline}
	if k.cmdline == "" {
		k.cmdline = DefaultCmdline
	}
	k.Printk(KERN_NOTICE + linuxBanner + "\n")
	mem, err := mm.New(mm.Config{Preset: preset, RAM: cfg.RAM, Seed: cfg.Seed, Fault: k.Fault, Logf: k.logf, Pristine: cfg.Pristine})
	if err != nil {
		return nil, &BootError{err.Error()}
	}
	k.Mem = mem
	k.setupMemoryLog()
	k.Printk(KERN_NOTICE+"Kernel command line: %s\n", k.cmdline)
	k.parseCmdline()
	k.memInitLog()
	mem.SetShrinker(k.shrinkCaches)
	k.radixTreeInit()
	k.initBouncePool()
	k.chrDevInit(cfg.Seed)
	k.elvRegistered()
	k.vm.setDefaults()
	k.pageWritebackInit()
	return k, nil
}

// BootError says why a machine could not boot.
type BootError struct{ Msg string }

func (e *BootError) Error() string { return "boot: " + e.Msg }

// logf is the printk hook package mm reports through.
func (k *Kernel) logf(level int, format string, args ...any) {
	if level < 0 || level > 7 {
		level = defaultMessageLoglevel
	}
	k.Printk("<"+string(rune('0'+level))+">"+format+"\n", args...)
}
