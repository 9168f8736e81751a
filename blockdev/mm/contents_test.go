package mm

import (
	"bytes"
	"strings"
	"testing"
)

func readAll(t *testing.T, m *Memory, p *Page) []byte {
	t.Helper()
	b := make([]byte, PAGE_SIZE)
	m.ReadPage(p, 0, b)
	return b
}

func isZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

func TestVirginPagesHoldSeededGarbage(t *testing.T) {
	m1, _ := newMachine(t, Config{Seed: 1})
	m2, _ := newMachine(t, Config{Seed: 1})
	m3, _ := newMachine(t, Config{Seed: 2})
	for _, pfn := range []uint64{0x1000, 0x1001, 0x30000, 0x3fffe} {
		a := readAll(t, m1, m1.PFNToPage(pfn))
		if isZero(a) {
			t.Fatalf("pfn %#x reads as zeros", pfn)
		}
		zeros := bytes.Count(a, []byte{0})
		if zeros > PAGE_SIZE/32 {
			t.Errorf("pfn %#x: %d zero bytes, garbage should not look like zeros", pfn, zeros)
		}
		if b := readAll(t, m2, m2.PFNToPage(pfn)); !bytes.Equal(a, b) {
			t.Errorf("pfn %#x: same seed, different garbage", pfn)
		}
		if c := readAll(t, m3, m3.PFNToPage(pfn)); bytes.Equal(a, c) {
			t.Errorf("pfn %#x: seeds 1 and 2 give the same garbage", pfn)
		}
		if d := readAll(t, m1, m1.PFNToPage(pfn+1)); bytes.Equal(a, d) {
			t.Errorf("pfns %#x and %#x hold the same garbage", pfn, pfn+1)
		}
	}
	// Taking the address shows the same bytes ReadPage did.
	p := m1.PFNToPage(0x1000)
	if addr := m1.PageAddress(p, 0); !bytes.Equal(addr, readAll(t, m2, m2.PFNToPage(0x1000))) {
		t.Error("PageAddress of a virgin page differs from ReadPage")
	}
}

// The chapter 9 story: an earlier user leaves a secret in a page and frees
// it; the next user of that page, without __GFP_ZERO, reads the secret.
func TestContentsSurviveFree(t *testing.T) {
	m, _ := newMachine(t, Config{Seed: 4})
	secret := []byte("root:$1$Xyz$secretpasswordhash:14000:0:99999:7:::")
	tests := []struct {
		name  string
		gfp   GFP
		order int
	}{
		{"order 0 via pcp", GFP_KERNEL, 0},
		{"order 2", GFP_KERNEL, 2},
		{"HighMem order 0", GFP_HIGHUSER, 0},
	}
	for _, tt := range tests {
		p := m.AllocPages(tt.gfp, tt.order)
		m.WritePage(p, 100, secret)
		m.FreePages(p, tt.order)
		q := m.AllocPages(tt.gfp, tt.order)
		if q != p {
			t.Fatalf("%s: reallocation got %v, want the page just freed %v", tt.name, q, p)
		}
		got := make([]byte, len(secret))
		m.ReadPage(q, 100, got)
		if !bytes.Equal(got, secret) {
			t.Errorf("%s: next user reads %q, want the secret", tt.name, got)
		}
		m.FreePages(q, tt.order)
	}
}

func TestPageAddressAliasesPage(t *testing.T) {
	m, _ := newMachine(t, Config{Seed: 4})
	p := m.AllocPages(GFP_KERNEL, 2)
	buf := m.PageAddress(p, 2)
	if len(buf) != 4*PAGE_SIZE || cap(buf) != 4*PAGE_SIZE {
		t.Fatalf("PageAddress(order 2): len %d cap %d, want %d", len(buf), cap(buf), 4*PAGE_SIZE)
	}
	copy(buf[3*PAGE_SIZE+8:], "fourth page")
	got := make([]byte, 11)
	m.ReadPage(m.Nth(p, 3), 8, got)
	if string(got) != "fourth page" {
		t.Fatalf("page 3 reads %q", got)
	}
	// page_address(page + 3) is the same memory.
	p3 := m.PageAddress(m.Nth(p, 3), 0)
	if string(p3[8:19]) != "fourth page" {
		t.Fatalf("PageAddress(p+3) reads %q", p3[8:19])
	}
	m.WritePage(m.Nth(p, 1), 0, []byte("second"))
	if string(buf[PAGE_SIZE:PAGE_SIZE+6]) != "second" {
		t.Fatal("WritePage not visible through PageAddress")
	}
	// A different block is different memory.
	q := m.AllocPages(GFP_KERNEL, 0)
	if qb := m.PageAddress(q, 0); &qb[0] == &buf[0] {
		t.Fatal("two blocks share memory")
	}
}

func TestGFPZero(t *testing.T) {
	// Pristine: a running box has no free order-10 block to spare.
	m, _ := newMachine(t, Config{Seed: 4, Pristine: true})
	for _, order := range []int{0, 3, 10} {
		for _, gfp := range []GFP{GFP_KERNEL, GFP_HIGHUSER} {
			// Dirty a block, free it, get it back with __GFP_ZERO.
			p := m.AllocPages(gfp, order)
			for i := 0; i < 1<<order; i++ {
				m.WritePage(m.Nth(p, i), 0, []byte("dirty"))
			}
			m.FreePages(p, order)
			q := m.AllocPages(gfp|GFP_ZERO, order)
			if q != p {
				t.Fatalf("order %d: got %v back, want %v", order, q, p)
			}
			for i := 0; i < 1<<order; i++ {
				if b := readAll(t, m, m.Nth(q, i)); !isZero(b) {
					t.Fatalf("order %d %v: page %d not zeroed", order, gfp, i)
				}
			}
			if !q.IsHighMem() {
				if b := m.PageAddress(q, order); !isZero(b) {
					t.Fatalf("order %d: PageAddress not zeroed", order)
				}
			}
			m.FreePages(q, order)
		}
	}
	// A virgin page with __GFP_ZERO reads zeros too, without host memory.
	p := m.AllocPages(GFP_KERNEL|GFP_ZERO, 10)
	before := m.BackingBytes()
	if !isZero(readAll(t, m, m.Nth(p, 500))) {
		t.Fatal("fresh __GFP_ZERO page not zero")
	}
	if m.BackingBytes() != before {
		t.Fatal("reading a cleared page cost host memory")
	}
}

func TestReadPageCostsNothing(t *testing.T) {
	m, _ := newMachine(t, Config{Preset: X86_64, RAM: 16 * giB, Seed: 1})
	if got := m.BackingBytes(); got != 0 {
		t.Fatalf("booted machine backs %d bytes", got)
	}
	for pfn := uint64(0x100000); pfn < 0x100000+4096*64; pfn += 64 {
		readAll(t, m, m.PFNToPage(pfn))
	}
	if got := m.BackingBytes(); got != 0 {
		t.Fatalf("reads cost %d bytes of host memory", got)
	}
	m.WritePage(m.PFNToPage(0x100000), 0, make([]byte, PAGE_SIZE))
	if got := m.BackingBytes(); got != PAGE_SIZE {
		t.Fatalf("one written page costs %d bytes, want one page", got)
	}
}

func TestPageAccessRejectsBadInput(t *testing.T) {
	m, rec := newMachine(t, Config{Seed: 1})
	rec.expectMisuse()
	other, _ := newMachine(t, Config{Seed: 1})
	p := m.AllocPages(GFP_KERNEL, 0)
	hp := m.AllocPages(GFP_HIGHUSER, 0)
	tests := []struct {
		name string
		p    *Page
		off  int
		n    int
	}{
		{"nil page", nil, 0, 1},
		{"negative offset", p, -1, 1},
		{"past the end", p, PAGE_SIZE - 1, 2},
		{"offset at end", p, PAGE_SIZE, 1},
		{"other machine", other.PFNToPage(5), 0, 1},
	}
	m.WritePage(p, 0, bytes.Repeat([]byte{0x5a}, PAGE_SIZE))
	for _, tt := range tests {
		for _, op := range []string{"ReadPage", "WritePage"} {
			logged := len(rec.String())
			b := bytes.Repeat([]byte{0xa5}, tt.n)
			if op == "ReadPage" {
				m.ReadPage(tt.p, tt.off, b)
			} else {
				m.WritePage(tt.p, tt.off, b)
			}
			if got := rec.String()[logged:]; !strings.HasPrefix(got, "BUG: ") || !strings.Contains(got, op) {
				t.Errorf("%s: %s printed %q, want its BUG line", tt.name, op, got)
			}
			if !bytes.Equal(b, bytes.Repeat([]byte{0xa5}, tt.n)) {
				t.Errorf("%s: %s changed the buffer", tt.name, op)
			}
		}
	}
	if got := readAll(t, m, p); !bytes.Equal(got, bytes.Repeat([]byte{0x5a}, PAGE_SIZE)) {
		t.Error("a bad WritePage changed the page")
	}
	addrTests := []struct {
		name  string
		p     *Page
		order int
	}{
		{"nil", nil, 0},
		{"HighMem", hp, 0},
		{"order -1", p, -1},
		{"order MAX_ORDER", p, MAX_ORDER},
		{"crosses a 4 MiB block", m.PFNToPage(1023), 1},
		{"past end of RAM", m.PFNToPage(uint64(m.TotalPages() - 1)), 1},
		{"other machine", other.PFNToPage(5), 0},
	}
	for _, tt := range addrTests {
		if b := m.PageAddress(tt.p, tt.order); b != nil {
			t.Errorf("PageAddress(%s) = %d bytes, want nil", tt.name, len(b))
		}
	}
	if m.PFNToPage(uint64(m.TotalPages())) != nil {
		t.Error("PFNToPage past RAM is not nil")
	}
	if m.Nth(p, -int(p.PFN())-1) != nil || m.Nth(nil, 1) != nil {
		t.Error("Nth out of range is not nil")
	}
}
