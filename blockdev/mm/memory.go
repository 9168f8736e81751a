package mm

import (
	"fmt"
	"math"
	"sync"
	"sync/atomic"

	"simpblkdev/blockdev/fault"
)

// Config chooses the machine New boots: what the kernel's configuration
// (ARCH, CONFIG_HIGHMEM) and boot command line (mem=) decide.
type Config struct {
	// Preset is the architecture; the zero Preset means I386.
	Preset Preset
	// RAM is the memory size in bytes (rounded down to whole pages);
	// 0 means Preset.DefaultRAM. It must lie in [Preset.MinRAM, Preset.MaxRAM].
	RAM int64
	// Seed drives everything random: how boot fragments the free lists and
	// the garbage in never-used pages. The same Seed boots the same machine.
	Seed int64
	// Fault, if set, makes chosen page and vmalloc allocations fail.
	Fault *fault.Injector
	// Logf receives the kernel's messages (printk); level is 0..7 for
	// KERN_EMERG..KERN_DEBUG, and format ends with "\n" as a printk format
	// does. It is called without any lock held. May be nil.
	Logf func(level int, format string, args ...any)
	// Comm names the current task in messages ("Bad page state in process
	// '%s'", "%s: page allocation failure"), like current->comm. May be nil:
	// the name is then "swapper".
	Comm func() string
	// Pristine skips the boot-time reservations (BIOS, kernel image,
	// mem_map), the boot-time page users and the kernel's own vmalloc areas:
	// every page starts free and the free lists hold only whole blocks. For
	// exercises that predict /proc/buddyinfo exactly.
	Pristine bool
}

// Memory models the physical memory of one machine: pg_data_t (node 0) with
// its zones (include/linux/mmzone.h), the buddy allocator and per-cpu lists
// (mm/page_alloc.c), the pkmap pool (mm/highmem.c) and the vmalloc area
// (mm/vmalloc.c), all as of 2.6.27. Safe for concurrent use.
type Memory struct {
	mu      sync.Mutex
	cfg     Config
	preset  Preset
	seed    uint64
	nrPages uint64
	id      uint16 // in the machine registry; every Page carries it

	zones     []*Zone                      // populated zones, lowest first
	zonelists [3][]*Zone                   // zonelists[i]: populated zones i, i-1, ..., 0
	heads     []Page                       // first page of every MAX_ORDER block
	tails     []atomic.Pointer[frameBlock] // the other pages, created on first use
	// data holds the bytes of written pages, chunkPages pfns per entry, an
	// entry made on the first write among them (contents.go).
	data         []*dataChunk
	materialised int64 // pages with bytes in data

	shrinker   func(nrPages int) int
	reclaiming int // shrinker calls in progress (PF_MEMALLOC, roughly)

	reservedPages int64 // PageReserved since boot: never on a free list
	earlier       earlierWork

	pkmap       pkmapPool
	vm          vmSpace
	staleWrites int // writes through stale kmaps not yet counted by CheckKmapPoison

	pending []logLine // messages to emit once the lock is released
}

type logLine struct {
	level  int
	format string
	args   []any
}

// New boots a machine: it lays out the zones, reserves what firmware and the
// kernel image hold, frees everything else to the buddy lists the way
// free_all_bootmem() does (mm/bootmem.c), then runs seeded boot-time users
// that leave the free lists fragmented like a real machine's
// (unless cfg.Pristine). It models the memory part of start_kernel()
// (init/main.c, 2.6.27).
//
// A configuration the machine cannot have (RAM outside the preset's limits,
// an inconsistent preset) is refused with a Go error, not an errno: New is
// the simulator's constructor, run before there is a kernel, and no C
// function returns what it checks.
func New(cfg Config) (*Memory, error) {
	if cfg.Preset.Name == "" {
		cfg.Preset = I386
	}
	p := cfg.Preset
	if err := checkPreset(p); err != nil {
		return nil, err
	}
	ram := cfg.RAM
	if ram == 0 {
		ram = p.DefaultRAM
	}
	if ram < p.MinRAM || ram > p.MaxRAM {
		return nil, fmt.Errorf("mm: %s: RAM %d bytes outside [%d, %d]", p.Name, ram, p.MinRAM, p.MaxRAM)
	}
	nr := uint64(ram / PAGE_SIZE)
	if nr == 0 || nr >= math.MaxUint32 {
		return nil, fmt.Errorf("mm: %s: RAM %d bytes is not a number of pages the simulator can hold", p.Name, ram)
	}
	m := &Memory{cfg: cfg, preset: p, seed: uint64(cfg.Seed), nrPages: nr}
	if err := register(m); err != nil {
		return nil, err
	}
	m.setupZones()
	nblk := (nr + pagesPerBlock - 1) / pagesPerBlock
	m.heads = make([]Page, nblk)
	m.tails = make([]atomic.Pointer[frameBlock], nblk)
	m.data = make([]*dataChunk, (nr+chunkPages-1)/chunkPages)
	for b := range m.heads {
		m.heads[b] = m.newFrame(uint64(b) * pagesPerBlock)
	}
	m.pkmap.init(p.LastPkmap)
	m.vm.init(p)
	m.boot()
	return m, nil
}

func checkPreset(p Preset) error {
	bad := func(why string) error { return fmt.Errorf("mm: preset %q: %s", p.Name, why) }
	switch {
	case p.MinRAM < PAGE_SIZE || p.MaxRAM < p.MinRAM || p.DefaultRAM < p.MinRAM || p.DefaultRAM > p.MaxRAM:
		return bad("RAM limits")
	case p.DMALimit < 0 || p.NormalLimit < p.DMALimit || p.DMALimit%PAGE_SIZE != 0 || p.NormalLimit%PAGE_SIZE != 0:
		return bad("zone limits")
	case p.ZoneNames[0] == "" || p.ZoneNames[1] == "" || p.ZoneNames[2] == "":
		return bad("zone names")
	case p.VmallocSize < 0 || p.LastPkmap < 0:
		return bad("vmalloc size or LAST_PKMAP")
	case p.HasHighMem && p.LastPkmap == 0:
		return bad("HighMem needs a pkmap pool")
	}
	return nil
}

// setupZones models zone_sizes_init()/free_area_init_nodes()
// (arch/x86/mm, mm/page_alloc.c, 2.6.27): each zone takes the part of RAM
// between its limits; zones RAM does not reach stay empty and are left out.
func (m *Memory) setupZones() {
	p := m.preset
	limits := [3]uint64{uint64(p.DMALimit / PAGE_SIZE), uint64(p.NormalLimit / PAGE_SIZE), math.MaxUint64}
	start := uint64(0)
	for i, lim := range limits {
		end := min(lim, m.nrPages)
		if end > start {
			z := newZone(m, i, p.ZoneNames[i], i == 2 && p.HasHighMem, start, end)
			m.zones = append(m.zones, z)
			start = end
		}
		for j := len(m.zones) - 1; j >= 0; j-- {
			m.zonelists[i] = append(m.zonelists[i], m.zones[j])
		}
	}
}

// zoneOf models page_zone() by pfn.
func (m *Memory) zoneOf(pfn uint64) *Zone {
	for _, z := range m.zones {
		if pfn >= z.start && pfn < z.end {
			return z
		}
	}
	return nil
}

// Preset returns the machine's preset.
func (m *Memory) Preset() Preset { return m.preset }

// TotalPages models totalram_pages (mm/page_alloc.c): pages of RAM.
func (m *Memory) TotalPages() int64 { return int64(m.nrPages) }

// TotalRAMPages models totalram_pages after mem_init() (arch/x86/mm/init_32.c,
// 2.6.27): the pages free_all_bootmem() handed to the buddy allocator, which
// is RAM less what boot reserved (MemTotal of /proc/meminfo).
func (m *Memory) TotalRAMPages() int64 { return int64(m.nrPages) - m.reservedPages }

// ReservedPages models mem_init()'s reservedpages: the page frames boot kept
// for itself (BIOS data, the ISA hole, the kernel image, mem_map and the
// boot-time hash tables), which the boot log's "Memory:" line reports.
func (m *Memory) ReservedPages() int64 { return m.reservedPages }

// Zones models for_each_populated_zone() (include/linux/mmzone.h): the zones
// that hold memory, lowest first.
func (m *Memory) Zones() []*Zone {
	return append([]*Zone(nil), m.zones...)
}

// NrFreePages models nr_free_pages() (mm/page_alloc.c, 2.6.27) but also
// counts the pages waiting on per-cpu lists, so the number goes back exactly
// to where it was once everything allocated is freed.
func (m *Memory) NrFreePages() int64 {
	m.lock()
	defer m.unlock()
	var n int64
	for _, z := range m.zones {
		n += z.nrFree + int64(z.pcp.count)
	}
	return n
}

// SetShrinker registers the reclaim hook, as register_shrinker()
// (mm/vmscan.c, 2.6.27) does for the page cache: when an allocation that may
// sleep (GFP_WAIT) finds no memory, the allocator calls fn asking for about
// nrPages pages, then retries once. fn returns how many pages it freed. It
// is called without the Memory's lock, and allocations made while a reclaim
// is running do not reclaim again. nil removes the hook.
func (m *Memory) SetShrinker(fn func(nrPages int) int) {
	m.lock()
	defer m.unlock()
	m.shrinker = fn
}

func (m *Memory) lock() { m.mu.Lock() }

// unlock releases the lock, then emits the messages logged under it, so
// that Logf never runs with the lock held.
func (m *Memory) unlock() {
	msgs := m.pending
	m.pending = nil
	m.mu.Unlock()
	for _, l := range msgs {
		for i, a := range l.args {
			if c, ok := a.(currentComm); ok {
				l.args[i] = c.String()
			}
		}
		m.cfg.Logf(l.level, l.format, l.args...)
	}
}

// logf models printk(): queue a message for Config.Logf. Call it with the
// lock held.
func (m *Memory) logf(level int, format string, args ...any) {
	if m.cfg.Logf != nil {
		m.pending = append(m.pending, logLine{level, format, args})
	}
}

// printk logs one message outside the lock: logf with the lock taken and
// released, for reports made before any other work.
func (m *Memory) printk(level int, format string, args ...any) {
	m.lock()
	m.logf(level, format, args...)
	m.unlock()
}

// currentComm models current->comm as a message argument: unlock replaces
// it by Config.Comm's answer before calling Logf, so Config.Comm never runs
// under the lock.
type currentComm struct{ m *Memory }

func (c currentComm) String() string {
	if c.m.cfg.Comm != nil {
		return c.m.cfg.Comm()
	}
	return "swapper"
}

func (m *Memory) comm() currentComm { return currentComm{m} }
