package mm

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	_ "simpblkdev/internal/golden" // accepts go test ./... -update
)

// tinyPreset is a machine of a few pages, all in one DMA zone, for tests that
// predict the free lists exactly.
func tinyPreset(pages int64) Preset {
	return Preset{
		Name:           "tiny",
		DefaultRAM:     pages * PAGE_SIZE,
		MinRAM:         PAGE_SIZE,
		MaxRAM:         1 * giB,
		DMALimit:       16 * miB,
		NormalLimit:    16 * miB,
		ZoneNames:      [3]string{"DMA", "Normal", "HighMem"},
		VmallocSize:    1 * miB,
		PageOffset:     0xc0000000,
		VmallocStart:   0xf8800000,
		AddrWidth:      8,
		StructPageSize: 32,
		KernelStart:    1 * miB,
		KernelSize:     1 * miB,
	}
}

// logRecorder collects what the machine prints.
type logRecorder struct {
	mu      sync.Mutex
	lines   []string
	lvls    []int
	misuses bool // the test provokes misuse reports on purpose
}

// expectMisuse tells newMachine's check that the test provokes BUG and
// "Bad page state" reports on purpose.
func (r *logRecorder) expectMisuse() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.misuses = true
}

// misuseReport returns the first BUG or "Bad page state" line, or "". The
// calls that report misuse return nothing, as in C; this is how a test that
// did not expect misuse learns of one.
func (r *logRecorder) misuseReport() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, l := range r.lines {
		if !r.misuses && (strings.HasPrefix(l, "BUG: ") || strings.HasPrefix(l, "Bad page state")) {
			return l
		}
	}
	return ""
}

func (r *logRecorder) logf(level int, format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lines = append(r.lines, fmt.Sprintf(format, args...))
	r.lvls = append(r.lvls, level)
}

func (r *logRecorder) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.lines, "")
}

// levelOf returns the level of the first line containing text, or -1.
func (r *logRecorder) levelOf(text string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, l := range r.lines {
		if strings.Contains(l, text) {
			return r.lvls[i]
		}
	}
	return -1
}

func newMachine(t *testing.T, cfg Config) (*Memory, *logRecorder) {
	t.Helper()
	rec := &logRecorder{}
	if cfg.Logf == nil {
		cfg.Logf = rec.logf
	}
	m, err := New(cfg)
	if err != nil {
		t.Fatalf("New(%+v): %v", cfg, err)
	}
	checkInvariants(t, m)
	t.Cleanup(func() {
		if l := rec.misuseReport(); l != "" {
			t.Errorf("unexpected misuse report: %s", l)
		}
	})
	return m, rec
}

func newTiny(t *testing.T, pages int64) (*Memory, *logRecorder) {
	t.Helper()
	return newMachine(t, Config{Preset: tinyPreset(pages), Pristine: true})
}

// freeCounts returns the zone's free blocks per order.
func freeCounts(z *Zone) []int {
	c := make([]int, MAX_ORDER)
	for o := range c {
		c[o] = z.FreeBlocks(o)
	}
	return c
}

func zoneNamed(t *testing.T, m *Memory, name string) *Zone {
	t.Helper()
	for _, z := range m.Zones() {
		if z.Name() == name {
			return z
		}
	}
	t.Fatalf("no zone %q", name)
	return nil
}

// checkInvariants walks every free list and per-cpu list and checks they
// agree with the counters and the page states.
func checkInvariants(t *testing.T, m *Memory) {
	t.Helper()
	m.lock()
	defer m.unlock()
	for _, z := range m.zones {
		var pages int64
		for o := 0; o < MAX_ORDER; o++ {
			n := 0
			var prev uint32
			for l := z.free[o].list.head; l != 0; l = m.at(l).next {
				p := m.at(l)
				if p.pfn != l-1 || !m.owns(p) {
					t.Fatalf("%s order %d: link %d names a page that is not pfn %#x of the machine", z.name, o, l, l-1)
				}
				if p.prev != prev {
					t.Fatalf("%s order %d: broken back link at pfn %#x", z.name, o, p.pfn)
				}
				if p.state() != pageBuddy || int(p.order) != o || m.zoneOfPage(p) != z {
					t.Fatalf("%s order %d: pfn %#x state %d order %d", z.name, o, p.pfn, p.state(), p.order)
				}
				if uint64(p.pfn)&(1<<o-1) != 0 || uint64(p.pfn)+1<<o > z.end || uint64(p.pfn) < z.start {
					t.Fatalf("%s order %d: misplaced block at pfn %#x", z.name, o, p.pfn)
				}
				if o < MAX_ORDER-1 {
					if b, ok := z.isBuddy(buddyIndex(uint64(p.pfn), o), o); ok {
						t.Fatalf("%s order %d: pfn %#x and its buddy %#x are both free", z.name, o, p.pfn, b.pfn)
					}
				}
				prev = l
				n++
			}
			if z.free[o].list.tail != prev {
				t.Fatalf("%s order %d: tail mismatch", z.name, o)
			}
			if n != z.free[o].nrFree {
				t.Fatalf("%s order %d: list has %d blocks, nr_free says %d", z.name, o, n, z.free[o].nrFree)
			}
			pages += int64(n) << o
		}
		if pages != z.nrFree {
			t.Fatalf("%s: lists hold %d pages, nrFree says %d", z.name, pages, z.nrFree)
		}
		n := 0
		for l := z.pcp.list.head; l != 0; l = m.at(l).next {
			if p := m.at(l); p.state() != pagePcp || m.zoneOfPage(p) != z {
				t.Fatalf("%s pcp: pfn %#x state %d", z.name, p.pfn, p.state())
			}
			n++
		}
		if n != z.pcp.count {
			t.Fatalf("%s pcp: list has %d, count %d", z.name, n, z.pcp.count)
		}
	}
}

// freePFN returns a page on a buddy list of the Normal zone.
func freePFN(t *testing.T, m *Memory) uint64 {
	t.Helper()
	m.lock()
	defer m.unlock()
	z := m.zones[1]
	for o := range z.free {
		if l := z.free[o].list.head; l != 0 {
			return uint64(l - 1)
		}
	}
	t.Fatal("Normal has no free block")
	return 0
}
