package mm

import (
	"bytes"
	"errors"
	"io"
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
	m, _ := newMachine(t, Config{Seed: 1})
	free, used := m.NrFreePages(), m.VmallocUsed()
	a, err := m.Vmalloc(16*miB, GFP_KERNEL)
	if err != nil {
		t.Fatal(err)
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
	if n, err := a.WriteAt(msg, 5*PAGE_SIZE-7); err != nil || n != len(msg) {
		t.Fatalf("WriteAt = %d, %v", n, err)
	}
	got := make([]byte, len(msg))
	if n, err := a.ReadAt(got, 5*PAGE_SIZE-7); err != nil || n != len(msg) || !bytes.Equal(got, msg) {
		t.Fatalf("ReadAt = %d, %v", n, err)
	}
	if n, err := a.ReadAt(make([]byte, 10), 16*miB-4); n != 4 || err != io.EOF {
		t.Fatalf("ReadAt at the end = %d, %v; want 4, EOF", n, err)
	}
	if err := m.Vfree(a); err != nil {
		t.Fatal(err)
	}
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
	a, err := m.Vmalloc(128*miB, GFP_KERNEL)
	if a != nil || !errors.Is(err, ErrNoMem) {
		t.Fatalf("Vmalloc(128 MiB) = %v, %v; want nil, ErrNoMem", a, err)
	}
	if !strings.Contains(rec.String(), "vmalloc: allocation failed") {
		t.Fatalf("no vmalloc failure message:\n%s", rec)
	}
	if m.NrFreePages() != free || m.VmallocUsed() != used {
		t.Fatal("a failed vmalloc kept something")
	}
	// Just under what is left fits.
	if _, err := m.Vmalloc(m.VmallocChunk()-PAGE_SIZE, GFP_KERNEL); err != nil {
		t.Fatalf("Vmalloc(largest chunk - guard): %v", err)
	}
}

func TestVmallocOutOfPages(t *testing.T) {
	m, _ := newMachine(t, Config{RAM: 64 * miB, Seed: 1})
	free, used := m.NrFreePages(), m.VmallocUsed()
	size := (free + 100) * PAGE_SIZE // fits the window, not RAM
	if a, err := m.Vmalloc(size, GFP_KERNEL|GFP_NOWARN); a != nil || !errors.Is(err, ErrNoMem) {
		t.Fatalf("Vmalloc(%d) = %v, %v; want ErrNoMem", size, a, err)
	}
	if m.NrFreePages() != free || m.VmallocUsed() != used {
		t.Fatalf("after failure: free %d used %d, want %d %d", m.NrFreePages(), m.VmallocUsed(), free, used)
	}
	checkInvariants(t, m)
}

func TestVmallocFirstFit(t *testing.T) {
	m, _ := newMachine(t, Config{Seed: 1})
	a, _ := m.Vmalloc(8*PAGE_SIZE, GFP_KERNEL)
	b, _ := m.Vmalloc(PAGE_SIZE, GFP_KERNEL)
	if b.Addr() != a.Addr()+9*PAGE_SIZE {
		t.Fatalf("b at %#x, want right after a and its guard page (%#x)", b.Addr(), a.Addr()+9*PAGE_SIZE)
	}
	m.Vfree(a)
	c, _ := m.Vmalloc(3*PAGE_SIZE, GFP_KERNEL)
	if c.Addr() != a.Addr() {
		t.Fatalf("c at %#x, want the hole a left at %#x", c.Addr(), a.Addr())
	}
	d, _ := m.Vmalloc(8*PAGE_SIZE, GFP_KERNEL)
	if d.Addr() <= b.Addr() {
		t.Fatalf("d at %#x does not fit the 5-page hole, must come after b", d.Addr())
	}
}

func TestVmallocBadInput(t *testing.T) {
	m, rec := newMachine(t, Config{Seed: 1})
	for _, size := range []int64{0, -1} {
		if _, err := m.Vmalloc(size, GFP_KERNEL); !errors.Is(err, ErrInvalid) {
			t.Errorf("Vmalloc(%d): %v", size, err)
		}
	}
	if err := m.Vfree(nil); !errors.Is(err, ErrBadVfree) {
		t.Errorf("Vfree(nil): %v", err)
	}
	a, _ := m.Vmalloc(PAGE_SIZE, GFP_KERNEL)
	free := m.NrFreePages()
	m.Vfree(a)
	if err := m.Vfree(a); !errors.Is(err, ErrBadVfree) {
		t.Errorf("double Vfree: %v", err)
	}
	if m.NrFreePages() != free+1 {
		t.Errorf("double vfree changed the free count")
	}
	if !strings.Contains(rec.String(), "Trying to vfree() nonexistent vm area") {
		t.Errorf("double vfree not logged:\n%s", rec)
	}
	other, _ := newMachine(t, Config{Seed: 1})
	b, _ := other.Vmalloc(PAGE_SIZE, GFP_KERNEL)
	if err := m.Vfree(b); !errors.Is(err, ErrInvalid) {
		t.Errorf("Vfree of another machine's area: %v", err)
	}
}

// Failing the vmalloc range or any one of its page allocations leaves no
// trace: the same free pages, the same window use.
func TestVmallocFaultInjection(t *testing.T) {
	inj := &fault.Injector{}
	m, _ := newMachine(t, Config{Seed: 1, Fault: inj})
	free, used := m.NrFreePages(), m.VmallocUsed()

	inj.FailNth(fault.Vmalloc, 1)
	if _, err := m.Vmalloc(16*miB, GFP_KERNEL); !errors.Is(err, ErrNoMem) {
		t.Fatalf("injected vmalloc failure: %v", err)
	}
	if inj.Calls(fault.Vmalloc) != 1 {
		t.Fatalf("vmalloc counted %d times", inj.Calls(fault.Vmalloc))
	}

	check := func(size int64, nth int) {
		t.Helper()
		inj.FailNth(fault.Page, nth)
		a, err := m.Vmalloc(size, GFP_KERNEL)
		if a != nil || !errors.Is(err, ErrNoMem) {
			t.Fatalf("size %d, page %d failing: %v, %v", size, nth, a, err)
		}
		if m.NrFreePages() != free || m.VmallocUsed() != used {
			t.Fatalf("size %d, page %d failing: free %d used %d, want %d %d",
				size, nth, m.NrFreePages(), m.VmallocUsed(), free, used)
		}
	}
	// A small area: every N.
	inj.FailNth(fault.Page, 0)
	a, _ := m.Vmalloc(64*kiB, GFP_KERNEL)
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
