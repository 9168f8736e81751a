package mm

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"simpblkdev/blockdev/fault"
)

func TestVmallocWindow(t *testing.T) {
	m, _ := newMachine(t, Config{Seed: 1})
	if got := m.VmallocTotal(); got != 114680*1024 {
		t.Errorf("i386 VmallocTotal = %d kB, want 114680 kB", got/1024)
	}
	used := m.VmallocUsed()
	if used < 6*miB || used > 10*miB {
		t.Errorf("boot uses %d KiB of the window, want about 8 MiB", used/1024)
	}
	x, _ := newMachine(t, Config{Preset: X86_64, Seed: 1})
	if x.VmallocTotal() != 32<<40 {
		t.Errorf("x86_64 VmallocTotal = %d", x.VmallocTotal())
	}
}

func TestVmalloc16MiB(t *testing.T) {
	m, rec := newMachine(t, Config{Seed: 1})
	rec.expectMisuse()
	free, used := m.NrFreePages(), m.VmallocUsed()
	a := m.Vmalloc(16*miB, GFP_KERNEL)
	if a == nil {
		t.Fatal("Vmalloc(16 MiB) = nil")
	}
	if a.Size() != 16*miB || len(a.Pages()) != 4096 {
		t.Fatalf("area size %d with %d pages", a.Size(), len(a.Pages()))
	}
	if a.Addr() < m.Preset().VmallocStart || a.Addr()%PAGE_SIZE != 0 {
		t.Fatalf("area at %#x", a.Addr())
	}
	if got := m.VmallocUsed() - used; got != 16*miB+PAGE_SIZE {
		t.Errorf("VmallocUsed grew by %d, want 16 MiB + guard page", got)
	}
	if got := free - m.NrFreePages(); got != 4096 {
		t.Errorf("NrFreePages fell by %d, want 4096", got)
	}
	high := 0
	for _, p := range a.Pages() {
		if p.IsHighMem() {
			high++
		}
	}
	if high == 0 {
		t.Error("vmalloc took no HighMem pages")
	}
	// The area reads and writes like one flat array across pages.
	msg := bytes.Repeat([]byte("simp_blkdev "), 1000)
	a.Write(5*PAGE_SIZE-7, msg)
	got := make([]byte, len(msg))
	a.Read(5*PAGE_SIZE-7, got)
	if !bytes.Equal(got, msg) {
		t.Fatal("Read does not give back what Write wrote")
	}
	// The last bytes are the area's; one more runs into the guard page, a
	// negative offset below the area: both fault and copy nothing.
	tail := []byte("tail")
	a.Write(16*miB-4, tail)
	for _, tt := range []struct {
		off  int64
		n    int
		addr uint64 // the first address that faults
	}{
		{16*miB - 4, 5, a.Addr() + uint64(16*miB)},
		{16 * miB, 1, a.Addr() + uint64(16*miB)},
		{-1, 1, a.Addr() - 1},
	} {
		logged := len(rec.String())
		b := bytes.Repeat([]byte{0xa5}, tt.n)
		a.Read(tt.off, b)
		a.Write(tt.off, make([]byte, tt.n))
		want := fmt.Sprintf("BUG: unable to handle kernel paging request at %08x", tt.addr)
		if got := rec.String()[logged:]; strings.Count(got, want) != 2 {
			t.Errorf("%d bytes at %d: log %q, want twice %q", tt.n, tt.off, got, want)
		}
		if !bytes.Equal(b, bytes.Repeat([]byte{0xa5}, tt.n)) {
			t.Errorf("%d bytes at %d: a faulting Read changed the buffer", tt.n, tt.off)
		}
	}
	a.Read(16*miB-4, got[:4])
	if !bytes.Equal(got[:4], tail) {
		t.Fatalf("the area ends in %q, want %q: a faulting Write reached it", got[:4], tail)
	}
	m.Vfree(a)
	if m.NrFreePages() != free || m.VmallocUsed() != used {
		t.Fatalf("after vfree: free %d used %d, want %d %d", m.NrFreePages(), m.VmallocUsed(), free, used)
	}
	if a.Pages() != nil {
		t.Fatal("freed area still lists pages")
	}
}

func TestVmallocTooBigForWindow(t *testing.T) {
	m, rec := newMachine(t, Config{Seed: 1})
	free, used := m.NrFreePages(), m.VmallocUsed()
	if a := m.Vmalloc(128*miB, GFP_KERNEL); a != nil {
		t.Fatalf("Vmalloc(128 MiB) = %v, want nil", a)
	}
	if !strings.Contains(rec.String(), "vmalloc: allocation failed") {
		t.Fatalf("no vmalloc failure message:\n%s", rec)
	}
	if m.NrFreePages() != free || m.VmallocUsed() != used {
		t.Fatal("a failed vmalloc kept something")
	}
	// Just under what is left fits.
	if m.Vmalloc(m.VmallocChunk()-PAGE_SIZE, GFP_KERNEL) == nil {
		t.Fatal("Vmalloc(largest chunk - guard) = nil")
	}
}

func TestVmallocOutOfPages(t *testing.T) {
	m, _ := newMachine(t, Config{RAM: 64 * miB, Seed: 1})
	// Reclaim frees earlier work's page cache on the way: that is all the
	// failure may leave behind.
	free, used := m.NrFreePages()+m.EarlierWork().Cached, m.VmallocUsed()
	size := (free + 100) * PAGE_SIZE // fits the window, not RAM
	if a := m.Vmalloc(size, GFP_KERNEL|GFP_NOWARN); a != nil {
		t.Fatalf("Vmalloc(%d) = %v, want nil", size, a)
	}
	if m.NrFreePages() != free || m.VmallocUsed() != used {
		t.Fatalf("after failure: free %d used %d, want %d %d", m.NrFreePages(), m.VmallocUsed(), free, used)
	}
	checkInvariants(t, m)
}

func TestVmallocFirstFit(t *testing.T) {
	m, _ := newMachine(t, Config{Seed: 1})
	a := m.Vmalloc(8*PAGE_SIZE, GFP_KERNEL)
	b := m.Vmalloc(PAGE_SIZE, GFP_KERNEL)
	if b.Addr() != a.Addr()+9*PAGE_SIZE {
		t.Fatalf("b at %#x, want right after a and its guard page (%#x)", b.Addr(), a.Addr()+9*PAGE_SIZE)
	}
	m.Vfree(a)
	c := m.Vmalloc(3*PAGE_SIZE, GFP_KERNEL)
	if c.Addr() != a.Addr() {
		t.Fatalf("c at %#x, want the hole a left at %#x", c.Addr(), a.Addr())
	}
	d := m.Vmalloc(8*PAGE_SIZE, GFP_KERNEL)
	if d.Addr() <= b.Addr() {
		t.Fatalf("d at %#x does not fit the 5-page hole, must come after b", d.Addr())
	}
}

func TestVmallocBadInput(t *testing.T) {
	m, rec := newMachine(t, Config{Seed: 1})
	used := m.VmallocUsed()
	for _, size := range []int64{0, -1} {
		if a := m.Vmalloc(size, GFP_KERNEL); a != nil {
			t.Errorf("Vmalloc(%d) = %v, want nil", size, a)
		}
	}
	// vfree(NULL) does nothing, silently, as in the kernel.
	m.Vfree(nil)
	if rec.String() != "" || m.VmallocUsed() != used {
		t.Errorf("bad vmallocs or Vfree(nil) printed %q or changed the window", rec)
	}
	a := m.Vmalloc(PAGE_SIZE, GFP_KERNEL)
	free := m.NrFreePages()
	m.Vfree(a)
	m.Vfree(a)
	if m.NrFreePages() != free+1 || m.VmallocUsed() != used {
		t.Errorf("double vfree changed the free count or the window")
	}
	want := fmt.Sprintf("Trying to vfree() nonexistent vm area (%08x)", a.Addr())
	if !strings.Contains(rec.String(), want) || rec.levelOf(want) != kernErr {
		t.Errorf("double vfree not logged as %q at KERN_ERR:\n%s", want, rec)
	}
	other, _ := newMachine(t, Config{Seed: 1})
	b := other.Vmalloc(PAGE_SIZE, GFP_KERNEL)
	logged := len(rec.String())
	m.Vfree(b)
	if got := rec.String()[logged:]; !strings.Contains(got, "Trying to vfree() nonexistent vm area") || len(b.Pages()) != 1 {
		t.Errorf("Vfree of another machine's area printed %q, left %d pages; want the report and the area intact", got, len(b.Pages()))
	}
}

// Failing the vmalloc range or any one of its page allocations leaves no
// trace: the same free pages, the same window use.
func TestVmallocFaultInjection(t *testing.T) {
	inj := &fault.Injector{}
	m, _ := newMachine(t, Config{Seed: 1, Fault: inj})
	free, used := m.NrFreePages(), m.VmallocUsed()

	inj.FailNth(fault.Vmalloc, 1)
	if a := m.Vmalloc(16*miB, GFP_KERNEL); a != nil {
		t.Fatalf("injected vmalloc failure: Vmalloc = %v, want nil", a)
	}
	if inj.Calls(fault.Vmalloc) != 1 {
		t.Fatalf("vmalloc counted %d times", inj.Calls(fault.Vmalloc))
	}

	check := func(size int64, nth int) {
		t.Helper()
		inj.FailNth(fault.Page, nth)
		if a := m.Vmalloc(size, GFP_KERNEL); a != nil {
			t.Fatalf("size %d, page %d failing: Vmalloc = %v, want nil", size, nth, a)
		}
		if m.NrFreePages() != free || m.VmallocUsed() != used {
			t.Fatalf("size %d, page %d failing: free %d used %d, want %d %d",
				size, nth, m.NrFreePages(), m.VmallocUsed(), free, used)
		}
	}
	// A small area: every N.
	inj.FailNth(fault.Page, 0)
	a := m.Vmalloc(64*kiB, GFP_KERNEL)
	n := inj.Calls(fault.Page)
	if n != 16 {
		t.Fatalf("64 KiB vmalloc made %d page allocations, want 16", n)
	}
	m.Vfree(a)
	for nth := 1; nth <= n; nth++ {
		check(64*kiB, nth)
	}
	// 16 MiB: around the pcp batches and the ends.
	for _, nth := range []int{1, 2, 31, 32, 33, 186, 187, 1000, 2048, 4095, 4096} {
		check(16*miB, nth)
	}
	checkInvariants(t, m)
}
