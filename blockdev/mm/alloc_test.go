package mm

import (
	"errors"
	"strings"
	"testing"

	"simpblkdev/blockdev/fault"
)

// fillMachine allocates single pages until gfp reaches no more, and
// returns them.
func fillMachine(t *testing.T, m *Memory, gfp GFP) []*Page {
	t.Helper()
	var pages []*Page
	for {
		p := m.AllocPages(gfp|GFP_NOWARN, 0)
		if p == nil {
			return pages
		}
		pages = append(pages, p)
	}
}

func TestShrinkerRunsUnderPressure(t *testing.T) {
	m, rec := newMachine(t, Config{RAM: 64 * miB, Seed: 1})
	cache := fillMachine(t, m, GFP_KERNEL)
	if m.NrFreePages() != 0 {
		t.Fatalf("%d pages left free", m.NrFreePages())
	}
	calls, asked := 0, 0
	m.SetShrinker(func(n int) int {
		calls++
		asked = n
		// Drop n cached pages, allocating on the way: that must not recurse.
		if m.AllocPages(GFP_KERNEL, 0) != nil {
			t.Error("allocation inside the shrinker succeeded with no memory")
		}
		freed := 0
		for ; freed < n && len(cache) > 0; freed++ {
			m.FreePages(cache[len(cache)-1], 0)
			cache = cache[:len(cache)-1]
		}
		return freed
	})
	// Without __GFP_WAIT the allocator may not reclaim.
	if p := m.AllocPages(GFP_ATOMIC, 0); p != nil || calls != 0 {
		t.Fatalf("GFP_ATOMIC: %v after %d shrinker calls, want nil after none", p, calls)
	}
	if !strings.Contains(rec.String(), "page allocation failure. order:0, mode:0x20") {
		t.Fatalf("failure not reported:\n%s", rec)
	}
	p := m.AllocPages(GFP_KERNEL, 0)
	if p == nil {
		t.Fatal("GFP_KERNEL allocation failed although the shrinker frees pages")
	}
	if calls != 1 || asked != SWAP_CLUSTER_MAX {
		t.Fatalf("shrinker called %d times asking %d pages, want once for %d", calls, asked, SWAP_CLUSTER_MAX)
	}
	checkInvariants(t, m)

	// A shrinker that frees nothing: the allocation fails after one try.
	m.SetShrinker(func(int) int { calls++; return 0 })
	fillMachine(t, m, GFP_KERNEL)
	calls = 0
	if p := m.AllocPages(GFP_KERNEL, 2); p != nil || calls != 1 {
		t.Fatalf("AllocPages = %v after %d shrinker calls, want nil after 1", p, calls)
	}
}

func TestAllocPagesFaultInjection(t *testing.T) {
	inj := &fault.Injector{}
	m, rec := newMachine(t, Config{Seed: 1, Fault: inj})
	free := m.NrFreePages()
	inj.FailNth(fault.Page, 3)
	var got []bool
	for i := 0; i < 4; i++ {
		p := m.AllocPages(GFP_KERNEL, 1)
		got = append(got, p != nil)
		if p != nil {
			m.FreePages(p, 1)
		}
	}
	if want := []bool{true, true, false, true}; !equalBools(got, want) {
		t.Fatalf("successes %v, want %v", got, want)
	}
	if m.NrFreePages() != free {
		t.Fatal("free count changed")
	}
	if strings.Contains(rec.String(), "page allocation failure") {
		t.Fatalf("injected failure printed a warning:\n%s", rec)
	}
}

func equalBools(a, b []bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestBadFreesChangeNothing(t *testing.T) {
	m, rec := newMachine(t, Config{Seed: 1, Comm: func() string { return "insmod" }})
	other, _ := newMachine(t, Config{Seed: 1})
	alloc2 := m.AllocPages(GFP_KERNEL, 2)
	freed := m.AllocPages(GFP_KERNEL, 0)
	m.FreePages(freed, 0)
	freed3 := m.AllocPages(GFP_KERNEL, 3)
	m.FreePages(freed3, 3)
	tests := []struct {
		name  string
		p     *Page
		order int
		want  error
	}{
		{"nil page", nil, 0, ErrInvalid},
		{"order -1", alloc2, -1, ErrInvalid},
		{"order MAX_ORDER", alloc2, MAX_ORDER, ErrInvalid},
		{"other machine", other.AllocPages(GFP_KERNEL, 0), 0, ErrInvalid},
		{"wrong order", alloc2, 1, ErrBadPageState},
		{"wrong order, larger", alloc2, 3, ErrBadPageState},
		{"tail page", m.Nth(alloc2, 1), 0, ErrBadPageState},
		{"double free from pcp", freed, 0, ErrBadPageState},
		{"double free of a block", freed3, 3, ErrBadPageState},
		{"reserved page (kernel image)", m.PFNToPage(0x100), 0, ErrBadPageState},
		{"never allocated", m.PFNToPage(0x3f000), 0, ErrBadPageState},
	}
	for _, tt := range tests {
		before := m.BuddyInfo()
		free := m.NrFreePages()
		err := m.FreePages(tt.p, tt.order)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: FreePages error %v, want %v", tt.name, err, tt.want)
		}
		if m.BuddyInfo() != before || m.NrFreePages() != free {
			t.Errorf("%s: a bad free changed the free lists", tt.name)
		}
		checkInvariants(t, m)
	}
	if !strings.Contains(rec.String(), "Bad page state in process 'insmod'") {
		t.Errorf("no Bad page state report:\n%s", rec)
	}
	if lvl := rec.levelOf("Bad page state"); lvl != kernEmerg {
		t.Errorf("Bad page state at level %d, want KERN_EMERG", lvl)
	}
	if err := m.FreePages(alloc2, 2); err != nil {
		t.Fatalf("the right free after the bad ones: %v", err)
	}
}

func TestAllocPagesBadOrder(t *testing.T) {
	m, _ := newMachine(t, Config{Seed: 1})
	free := m.NrFreePages()
	for _, order := range []int{-1, MAX_ORDER, 100} {
		if p := m.AllocPages(GFP_KERNEL, order); p != nil {
			t.Errorf("AllocPages(order %d) = %v", order, p)
		}
	}
	if m.NrFreePages() != free {
		t.Error("bad orders changed the free count")
	}
}

func TestAllocationFailureMessage(t *testing.T) {
	m, rec := newMachine(t, Config{RAM: 64 * miB, Seed: 1, Comm: func() string { return "insmod" }})
	fillMachine(t, m, GFP_DMA)
	if p := m.AllocPages(GFP_DMA, 2); p != nil {
		t.Fatal("DMA allocation succeeded in a full zone")
	}
	want := "insmod: page allocation failure. order:2, mode:0x1\n"
	if !strings.Contains(rec.String(), want) {
		t.Fatalf("log lacks %q:\n%s", want, rec)
	}
	if p := m.AllocPages(GFP_KERNEL, 2); p == nil || p.ZoneName() != "Normal" {
		t.Fatalf("Normal allocation: %v", p)
	}
}

func TestAddresses(t *testing.T) {
	m, rec := newMachine(t, Config{Seed: 1})
	addr := m.GetFreePages(GFP_KERNEL, 2)
	if addr == 0 || addr%(PAGE_SIZE) != 0 || addr < m.Preset().PageOffset {
		t.Fatalf("GetFreePages = %#x", addr)
	}
	p := m.VirtToPage(addr)
	if m.PageVirt(p) != addr || p.PFN() != (addr-0xc0000000)>>PAGE_SHIFT {
		t.Fatalf("VirtToPage/PageVirt disagree: %v %#x", p, m.PageVirt(p))
	}
	if err := m.FreePagesAddr(addr, 1); !errors.Is(err, ErrBadPageState) {
		t.Fatalf("free_pages with the wrong order: %v", err)
	}
	if err := m.FreePagesAddr(addr, 2); err != nil {
		t.Fatal(err)
	}
	if err := m.FreePagesAddr(0, 2); err != nil {
		t.Fatalf("free_pages(0) = %v, want no-op", err)
	}
	for _, bad := range []uint64{1, 0xc0000001, 0xf8000000, 0xffffffff} {
		if err := m.FreePagesAddr(bad, 0); !errors.Is(err, ErrInvalid) {
			t.Errorf("FreePagesAddr(%#x) = %v", bad, err)
		}
	}
	free := m.NrFreePages()
	if a := m.GetFreePages(GFP_HIGHUSER, 0); a != 0 {
		t.Fatalf("GetFreePages(GFP_HIGHUSER) = %#x, want 0: HighMem has no address", a)
	}
	if m.NrFreePages() != free-1 || !strings.Contains(rec.String(), "leaked") {
		t.Fatal("the HighMem page of __get_free_pages should leak, visibly")
	}
}

func TestGFPString(t *testing.T) {
	tests := []struct {
		g    GFP
		want string
	}{
		{GFP_KERNEL, "__GFP_WAIT|__GFP_IO|__GFP_FS"},
		{GFP_NOIO | GFP_ZERO | GFP_HIGHMEM, "__GFP_HIGHMEM|__GFP_WAIT|__GFP_ZERO"},
		{0, "0"},
		{0x100000 | GFP_DMA, "__GFP_DMA|0x100000"},
	}
	for _, tt := range tests {
		if got := tt.g.String(); got != tt.want {
			t.Errorf("%#x.String() = %q, want %q", uint32(tt.g), got, tt.want)
		}
	}
	if GFP_KERNEL != 0xd0 || GFP_HIGHUSER != 0xd2 || GFP_ATOMIC != 0x20 || GFP_NOIO != 0x10 {
		t.Error("composite GFP values differ from 2.6.27")
	}
}
