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

// After boot the Normal zone looks used but healthy: a few small blocks at
// low orders, most memory in order-10 blocks.
func TestBootFragmentationLooksReal(t *testing.T) {
	for seed := int64(0); seed < 5; seed++ {
		m, _ := newMachine(t, Config{Seed: seed})
		z := zoneNamed(t, m, "Normal")
		low := 0
		for o := 0; o < 4; o++ {
			low += z.FreeBlocks(o)
		}
		if low < 20 {
			t.Errorf("seed %d: only %d free blocks of orders 0-3 in Normal:\n%s", seed, low, m.BuddyInfo())
		}
		if top := z.FreeBlocks(10); top < 150 || top > 215 {
			t.Errorf("seed %d: %d order-10 blocks in Normal, want most of 880 MiB:\n%s", seed, top, m.BuddyInfo())
		}
		total := m.TotalPages()
		if used := total - m.NrFreePages(); used < total/100 || used > total/5 {
			t.Errorf("seed %d: boot uses %d of %d pages", seed, used, total)
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
