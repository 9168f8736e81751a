package mm

import (
	"runtime"
	"strings"
	"sync"
	"testing"
	"unsafe"
)

func TestPresetByName(t *testing.T) {
	for _, name := range []string{"i386", "x86_64"} {
		p, ok := PresetByName(name)
		if !ok || p.Name != name {
			t.Errorf("PresetByName(%q) = %v, %v", name, p.Name, ok)
		}
	}
	if _, ok := PresetByName("sparc"); ok {
		t.Error("PresetByName(sparc) found something")
	}
}

func TestNewChecksRAM(t *testing.T) {
	tests := []struct {
		cfg Config
		ok  bool
	}{
		{Config{}, true},
		{Config{RAM: 64 * miB}, true},
		{Config{RAM: 4 * giB}, true},
		{Config{RAM: 32 * miB}, false},
		{Config{RAM: 5 * giB}, false},
		{Config{RAM: -1}, false},
		{Config{Preset: X86_64, RAM: 64 * giB}, true},
		{Config{Preset: X86_64, RAM: 65 * giB}, false},
		{Config{Preset: Preset{Name: "broken"}}, false},
	}
	for _, tt := range tests {
		m, err := New(tt.cfg)
		if tt.ok && err != nil {
			t.Errorf("New(%s, RAM %d): %v", tt.cfg.Preset.Name, tt.cfg.RAM, err)
		}
		if !tt.ok && (m != nil || err == nil) {
			t.Errorf("New(%s, RAM %d) = %v, %v; want an error", tt.cfg.Preset.Name, tt.cfg.RAM, m, err)
		}
	}
}

func TestZonesOfPresets(t *testing.T) {
	type zone struct {
		name       string
		start, end uint64
	}
	tests := []struct {
		cfg  Config
		want []zone
	}{
		{Config{}, []zone{{"DMA", 0, 4096}, {"Normal", 4096, 229376}, {"HighMem", 229376, 262144}}},
		{Config{RAM: 512 * miB}, []zone{{"DMA", 0, 4096}, {"Normal", 4096, 131072}}},
		{Config{Preset: X86_64}, []zone{{"DMA", 0, 4096}, {"DMA32", 4096, 524288}}},
		{Config{Preset: X86_64, RAM: 6 * giB}, []zone{{"DMA", 0, 4096}, {"DMA32", 4096, 1 << 20}, {"Normal", 1 << 20, 6 << 18}}},
	}
	for _, tt := range tests {
		m, _ := newMachine(t, tt.cfg)
		var got []zone
		for _, z := range m.Zones() {
			got = append(got, zone{z.Name(), z.StartPFN(), z.EndPFN()})
		}
		if len(got) != len(tt.want) {
			t.Errorf("%s %d: zones %v, want %v", m.Preset().Name, m.TotalPages(), got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s %d: zones %v, want %v", m.Preset().Name, m.TotalPages(), got, tt.want)
			}
		}
	}
}

func TestPageIsSmall(t *testing.T) {
	if n := unsafe.Sizeof(Page{}); n > 48 {
		t.Fatalf("Page is %d bytes, want <= 48", n)
	}
}

func TestPristineMachineIsAllFree(t *testing.T) {
	m, _ := newMachine(t, Config{Pristine: true})
	if m.NrFreePages() != m.TotalPages() || m.VmallocUsed() != 0 {
		t.Fatalf("pristine: %d of %d pages free, %d vmalloc bytes used", m.NrFreePages(), m.TotalPages(), m.VmallocUsed())
	}
}

// A 16 GiB machine whose memory is all handed out but barely touched stays
// small on the host.
func TestBigMachineStaysSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates all of a 16 GiB machine")
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc

	m, _ := newMachine(t, Config{Preset: X86_64, RAM: 16 * giB, Seed: 1, Pristine: true})
	type blk struct {
		p     *Page
		order int
	}
	var blocks []blk
	pages := int64(0)
	// 64k single pages, then everything else in the largest blocks left,
	// cleared, so that every struct page of the machine exists.
	for i := 0; i < 1<<16; i++ {
		blocks = append(blocks, blk{m.AllocPages(GFP_KERNEL, 0), 0})
		pages++
	}
	for order := MAX_ORDER - 1; order >= 0; order-- {
		for {
			p := m.AllocPages(GFP_KERNEL|GFP_NOWARN|GFP_ZERO, order)
			if p == nil {
				break
			}
			blocks = append(blocks, blk{p, order})
			pages += 1 << order
		}
	}
	if m.NrFreePages() != 0 || pages < 4_000_000 {
		t.Fatalf("allocated %d pages, %d left free", pages, m.NrFreePages())
	}
	// Touch ten pages here and there.
	for i := 0; i < 10; i++ {
		b := blocks[i*len(blocks)/10]
		copy(m.PageAddress(b.p, 0), "hello")
	}
	runtime.GC()
	runtime.ReadMemStats(&ms)
	used := int64(ms.HeapAlloc) - int64(base)
	t.Logf("%d pages allocated; heap grew by %d MiB; contents use %d MiB", pages, used>>20, m.BackingBytes()>>20)
	// 16 bytes of struct page per page: 64 MiB.
	if used > 128*miB {
		t.Fatalf("heap grew by %d MiB", used>>20)
	}
	free := int64(0)
	for _, b := range blocks {
		m.FreePages(b.p, b.order)
		free += 1 << b.order
	}
	if m.NrFreePages() != free {
		t.Fatalf("NrFreePages = %d after freeing %d", m.NrFreePages(), free)
	}
	checkInvariants(t, m)
}

// Many goroutines allocating, writing, kmapping and freeing at once; run
// with -race.
func TestConcurrentUse(t *testing.T) {
	m, _ := newMachine(t, Config{Seed: 1})
	free := m.NrFreePages()
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			rng := &splitMix{state: uint64(g)}
			for i := 0; i < 300; i++ {
				order := rng.intn(3)
				gfp := []GFP{GFP_KERNEL, GFP_HIGHUSER | GFP_ZERO}[rng.intn(2)]
				p := m.AllocPages(gfp, order)
				if p == nil {
					t.Error("allocation failed")
					return
				}
				b := m.Kmap(p)
				if b == nil {
					t.Error("kmap returned nil")
					return
				}
				b[0] = byte(g)
				m.Kunmap(p)
				got := make([]byte, 1)
				m.ReadPage(p, 0, got)
				if got[0] != byte(g) {
					t.Errorf("goroutine %d reads %d from its own page", g, got[0])
				}
				if rng.chance(1, 10) {
					a := m.Vmalloc(int64(1+rng.intn(8))*PAGE_SIZE, GFP_KERNEL)
					if a == nil {
						t.Error("vmalloc failed")
						return
					}
					a.Write(0, []byte{1, 2, 3})
					m.Vfree(a)
				}
				_ = m.BuddyInfo()
				m.FreePages(p, order)
			}
		}(g)
	}
	wg.Wait()
	if m.NrFreePages() != free || m.KmapsInUse() != 0 {
		t.Fatalf("after concurrent use: %d free (want %d), %d kmaps", m.NrFreePages(), free, m.KmapsInUse())
	}
	if n := m.CheckKmapPoison(); n != 0 {
		t.Fatalf("CheckKmapPoison = %d stale writes, want 0", n)
	}
	checkInvariants(t, m)
}

// Zero values and nils a caller can make never panic.
func TestZeroValuesDoNotPanic(t *testing.T) {
	m, rec := newMachine(t, Config{Seed: 1})
	rec.expectMisuse()
	var nilPage *Page
	stray := &Page{}
	if nilPage.PFN() != 0 || nilPage.ZoneName() != "" || nilPage.IsHighMem() || nilPage.Zone() != nil || nilPage.String() != "page:(null)" {
		t.Error("nil page methods")
	}
	if stray.ZoneName() != "" || stray.IsHighMem() || stray.String() != "page:(null)" {
		t.Error("zero Page methods")
	}
	var nilZone *Zone
	if nilZone.NrFree() != 0 || (&Zone{}).FreeBlocks(0) != 0 || (&Zone{}).PcpCount() != 0 {
		t.Error("zero Zone methods")
	}
	var nilArea *VmArea
	if nilArea.Size() != 0 || nilArea.Addr() != 0 || nilArea.Pages() != nil || (&VmArea{}).Size() != 0 {
		t.Error("nil VmArea methods")
	}
	b := []byte{7}
	nilArea.Read(0, b)
	(&VmArea{}).Read(0, b)
	(&VmArea{}).Write(0, b)
	if b[0] != 7 {
		t.Error("Read of a zero VmArea changed the buffer")
	}
	free := m.NrFreePages()
	for _, p := range []*Page{nil, stray} {
		logged := len(rec.String())
		m.FreePages(p, 0)
		if got := rec.String()[logged:]; !strings.HasPrefix(got, "BUG: ") || m.NrFreePages() != free {
			t.Errorf("FreePages(%v) printed %q, changed free pages by %d; want a BUG line and nothing changed", p, got, m.NrFreePages()-free)
		}
		if b := m.Kmap(p); b != nil {
			t.Errorf("Kmap(%v) = %d bytes, want nil", p, len(b))
		}
		before := m.KmapsInUse()
		m.Kunmap(p)
		if m.KmapsInUse() != before {
			t.Errorf("Kunmap(%v) changed KmapsInUse", p)
		}
		if m.PageAddress(p, 0) != nil || m.PageVirt(p) != 0 || m.Nth(p, 1) != nil {
			t.Errorf("address of %v", p)
		}
	}
	used := m.VmallocUsed()
	m.Vfree(&VmArea{})
	if !strings.Contains(rec.String(), "Trying to vfree() nonexistent vm area (00000000)") || m.VmallocUsed() != used {
		t.Errorf("Vfree(zero area) was not reported or changed the window:\n%s", rec)
	}
}
