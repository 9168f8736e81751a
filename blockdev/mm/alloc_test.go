package mm

import (
	"fmt"
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
	m, rec := newMachine(t, Config{RAM: 64 * miB, Pristine: true})
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
	rec.expectMisuse()
	other, _ := newMachine(t, Config{Seed: 1})
	alloc2 := m.AllocPages(GFP_KERNEL, 2)
	freed := m.AllocPages(GFP_KERNEL, 0)
	m.FreePages(freed, 0)
	freed3 := m.AllocPages(GFP_KERNEL, 3)
	m.FreePages(freed3, 3)
	const badPage = "Bad page state in process 'insmod'"
	tests := []struct {
		name  string
		p     *Page
		order int
		want  string // the report's line
	}{
		{"nil page", nil, 0, "BUG: unable to handle kernel NULL pointer dereference in __free_pages"},
		{"order -1", alloc2, -1, "order -1 is outside 0..10"},
		{"order MAX_ORDER", alloc2, MAX_ORDER, "order 11 is outside 0..10"},
		{"other machine", other.AllocPages(GFP_KERNEL, 0), 0, "BUG: __free_pages of page pfn:"},
		{"wrong order", alloc2, 1, "allocated with order 2, freed with order 1"},
		{"wrong order, larger", alloc2, 3, "allocated with order 2, freed with order 3"},
		{"tail page", m.Nth(alloc2, 1), 0, "not the first page of an allocated block"},
		{"double free from pcp", freed, 0, "already free"},
		{"double free of a block", freed3, 3, "already free"},
		{"reserved page (kernel image)", m.PFNToPage(0x100), 0, "page is reserved"},
		{"never allocated", m.PFNToPage(freePFN(t, m)), 0, "already free"},
		{"page cache of earlier work", m.PFNToPage(uint64(zoneNamed(t, m, "Normal").lru.pfns[0])), 0, "page is in the page cache"},
	}
	for _, tt := range tests {
		before := m.BuddyInfo()
		free := m.NrFreePages()
		logged := len(rec.String())
		m.FreePages(tt.p, tt.order)
		report := rec.String()[logged:]
		if !strings.Contains(report, tt.want) {
			t.Errorf("%s: FreePages printed %q, want a line with %q", tt.name, report, tt.want)
		}
		if strings.HasPrefix(tt.want, "BUG") == strings.Contains(report, badPage) {
			t.Errorf("%s: report %q, want a Bad page state report only for a page of this machine", tt.name, report)
		}
		if m.BuddyInfo() != before || m.NrFreePages() != free {
			t.Errorf("%s: a bad free changed the free lists", tt.name)
		}
		checkInvariants(t, m)
	}
	if lvl := rec.levelOf("Bad page state"); lvl != kernEmerg {
		t.Errorf("Bad page state at level %d, want KERN_EMERG", lvl)
	}
	logged := len(rec.String())
	m.FreePages(alloc2, 2)
	if got := rec.String()[logged:]; got != "" {
		t.Fatalf("the right free after the bad ones printed %q", got)
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
	rec.expectMisuse()
	addr := m.GetFreePages(GFP_KERNEL, 2)
	if addr == 0 || addr%(PAGE_SIZE) != 0 || addr < m.Preset().PageOffset {
		t.Fatalf("GetFreePages = %#x", addr)
	}
	p := m.VirtToPage(addr)
	if m.PageVirt(p) != addr || p.PFN() != (addr-0xc0000000)>>PAGE_SHIFT {
		t.Fatalf("VirtToPage/PageVirt disagree: %v %#x", p, m.PageVirt(p))
	}
	free := m.NrFreePages()
	m.FreePagesAddr(addr, 1)
	if m.NrFreePages() != free || !strings.Contains(rec.String(), "allocated with order 2, freed with order 1") {
		t.Fatalf("free_pages with the wrong order freed or was not reported:\n%s", rec)
	}
	m.FreePagesAddr(addr, 2)
	if m.NrFreePages() != free+4 {
		t.Fatalf("free_pages freed %d pages, want 4", m.NrFreePages()-free)
	}
	logged := len(rec.String())
	m.FreePagesAddr(0, 2)
	if got := rec.String()[logged:]; got != "" {
		t.Fatalf("free_pages(0) printed %q, want a silent no-op", got)
	}
	free = m.NrFreePages()
	for _, bad := range []uint64{1, 0xc0000001, 0xf8000000, 0xffffffff} {
		logged := len(rec.String())
		m.FreePagesAddr(bad, 0)
		want := fmt.Sprintf("BUG: free_pages of %08x, which is not the address of a page of the direct mapping", bad)
		if got := rec.String()[logged:]; !strings.Contains(got, want) {
			t.Errorf("FreePagesAddr(%#x) printed %q, want %q", bad, got, want)
		}
	}
	if m.NrFreePages() != free {
		t.Fatal("free_pages of bad addresses changed the free count")
	}
	free = m.NrFreePages()
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
