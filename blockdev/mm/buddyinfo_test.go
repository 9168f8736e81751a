package mm

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestBuddyInfoFormat(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{
			name: "tiny",
			cfg:  Config{Preset: tinyPreset(8), Pristine: true},
			want: "Node 0, zone      DMA      0      0      0      1      0      0      0      0      0      0      0 \n",
		},
		{
			name: "i386 1 GiB pristine",
			cfg:  Config{Pristine: true},
			want: "Node 0, zone      DMA      0      0      0      0      0      0      0      0      0      0      4 \n" +
				"Node 0, zone   Normal      0      0      0      0      0      0      0      0      0      0    220 \n" +
				"Node 0, zone  HighMem      0      0      0      0      0      0      0      0      0      0     32 \n",
		},
		{
			name: "x86_64 2 GiB pristine: no Normal zone",
			cfg:  Config{Preset: X86_64, Pristine: true},
			want: "Node 0, zone      DMA      0      0      0      0      0      0      0      0      0      0      4 \n" +
				"Node 0, zone    DMA32      0      0      0      0      0      0      0      0      0      0    508 \n",
		},
	}
	for _, tt := range tests {
		m, _ := newMachine(t, tt.cfg)
		if got := m.BuddyInfo(); got != tt.want {
			t.Errorf("%s: BuddyInfo() =\n%q\nwant\n%q", tt.name, got, tt.want)
		}
	}
}

func TestBuddyInfoLineShape(t *testing.T) {
	m, _ := newMachine(t, Config{Seed: 42})
	line := regexp.MustCompile(`^Node 0, zone [ A-Za-z0-9]{8} ( {0,5}\d{1,6} ){11}$`)
	lines := strings.Split(strings.TrimSuffix(m.BuddyInfo(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3 (DMA, Normal, HighMem)", len(lines))
	}
	for _, l := range lines {
		if !line.MatchString(l) {
			t.Errorf("line %q does not match the kernel's format", l)
		}
	}
}

func TestBuddyInfoDependsOnSeed(t *testing.T) {
	info := func(seed int64) string {
		m, _ := newMachine(t, Config{Seed: seed})
		return m.BuddyInfo()
	}
	a, b, c := info(1), info(1), info(2)
	if a != b {
		t.Errorf("same seed, different machines:\n%s\n%s", a, b)
	}
	if a == c {
		t.Errorf("seeds 1 and 2 boot identical free lists:\n%s", a)
	}
}

// The i386 machine boots as one that has been up a while, the tutorial's
// chapter 7 box: Normal has thousands of free single pages, far fewer pairs,
// a few dozen groups of four, almost nothing larger but one order-10
// block; lowmem is mostly clean page cache.
func TestBootLooksLikeARunningBox(t *testing.T) {
	for seed := int64(0); seed < 5; seed++ {
		m, _ := newMachine(t, Config{Seed: seed})
		z := zoneNamed(t, m, "Normal")
		c := freeCounts(z)
		mid := 0
		for o := 3; o < 10; o++ {
			mid += c[o]
		}
		if c[0] < 8000 || c[0] > 12000 || c[1] < 1200 || c[1] > 2000 || c[2] < 5 || c[2] > 60 || mid > 8 || c[10] != 1 {
			t.Errorf("seed %d: Normal's free lists are not a running box's:\n%s", seed, m.BuddyInfo())
		}
		lowUsed := int64(0)
		for _, z := range m.Zones() {
			if !z.IsHighMem() {
				lowUsed += z.PresentPages() - z.NrFree()
			}
		}
		if w := m.EarlierWork(); w.Cached < lowUsed*3/4 || w.Anon == 0 || w.Slab == 0 {
			t.Errorf("seed %d: earlier work %+v, want most of the %d lowmem pages in use as page cache", seed, w, lowUsed)
		}
		total := m.TotalPages()
		if used := total - m.NrFreePages(); used < total*85/100 || used > total*97/100 {
			t.Errorf("seed %d: boot uses %d of %d pages", seed, used, total)
		}
	}
}

// The x86_64 machine boots fresh: a few small blocks at low orders, most
// memory in order-10 blocks.
func TestFreshBootFragmentation(t *testing.T) {
	for seed := int64(0); seed < 3; seed++ {
		m, _ := newMachine(t, Config{Preset: X86_64, Seed: seed})
		z := zoneNamed(t, m, "DMA32")
		low := 0
		for o := 0; o < 10; o++ {
			low += z.FreeBlocks(o)
		}
		if low < 20 {
			t.Errorf("seed %d: only %d free blocks of orders 0-9 in DMA32:\n%s", seed, low, m.BuddyInfo())
		}
		if top := z.FreeBlocks(10); top < 350 || top > 500 {
			t.Errorf("seed %d: %d order-10 blocks in DMA32, want most of 2 GiB:\n%s", seed, top, m.BuddyInfo())
		}
		if w := m.EarlierWork(); w != (EarlierWorkStat{}) {
			t.Errorf("seed %d: a fresh machine holds earlier work %+v", seed, w)
		}
	}
}

func TestBuddyInfoColumnsMatchFreeBlocks(t *testing.T) {
	m, _ := newMachine(t, Config{Seed: 9})
	lines := strings.Split(strings.TrimSuffix(m.BuddyInfo(), "\n"), "\n")
	for i, z := range m.Zones() {
		fields := strings.Fields(lines[i])
		if fields[3] != z.Name() {
			t.Fatalf("line %d names zone %q, want %q", i, fields[3], z.Name())
		}
		for o := 0; o < MAX_ORDER; o++ {
			n, _ := strconv.Atoi(fields[4+o])
			if n != z.FreeBlocks(o) {
				t.Errorf("%s order %d: buddyinfo %d, FreeBlocks %d", z.Name(), o, n, z.FreeBlocks(o))
			}
		}
	}
}
