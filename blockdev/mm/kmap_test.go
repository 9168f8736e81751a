package mm

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func TestKmapLowmemIsPageAddress(t *testing.T) {
	m, _ := newMachine(t, Config{Seed: 1})
	p := m.AllocPages(GFP_KERNEL, 0)
	b := m.Kmap(p)
	if b == nil {
		t.Fatal("kmap returned nil")
	}
	if a := m.PageAddress(p, 0); &a[0] != &b[0] || len(b) != PAGE_SIZE {
		t.Fatal("kmap of a lowmem page is not its page_address")
	}
	if m.KmapsInUse() != 0 {
		t.Fatalf("lowmem kmap counted: %d", m.KmapsInUse())
	}
	m.Kunmap(p)
}

func TestKmapHighMemRoundTrip(t *testing.T) {
	m, _ := newMachine(t, Config{Seed: 1})
	p := m.AllocPages(GFP_HIGHUSER, 0)
	if !p.IsHighMem() || m.PageAddress(p, 0) != nil || m.PageVirt(p) != 0 {
		t.Fatalf("%v: HighMem page must have no kernel address", p)
	}
	orig := readAll(t, m, p)
	b := m.Kmap(p)
	if b == nil {
		t.Fatal("kmap returned nil")
	}
	if !bytes.Equal(b, orig) {
		t.Fatal("kmap window does not show the page's bytes")
	}
	copy(b[10:], "through kmap")
	// While mapped, the window is the page.
	got := make([]byte, 12)
	m.ReadPage(p, 10, got)
	if string(got) != "through kmap" {
		t.Fatalf("ReadPage while mapped = %q", got)
	}
	m.WritePage(p, 30, []byte("direct"))
	if string(b[30:36]) != "direct" {
		t.Fatal("WritePage while mapped not visible in the window")
	}
	if m.KmapsInUse() != 1 {
		t.Fatalf("KmapsInUse = %d, want 1", m.KmapsInUse())
	}
	m.Kunmap(p)
	if m.KmapsInUse() != 0 {
		t.Fatalf("KmapsInUse = %d after kunmap", m.KmapsInUse())
	}
	m.ReadPage(p, 10, got)
	if string(got) != "through kmap" {
		t.Fatalf("after kunmap the page reads %q", got)
	}
	// The stale window reads poison.
	if !bytes.Equal(b, bytes.Repeat([]byte{PAGE_POISON}, PAGE_SIZE)) {
		t.Fatal("stale kmap window does not read poison")
	}
	if n := m.CheckKmapPoison(); n != 0 {
		t.Fatalf("clean pool: %d stale writes", n)
	}
	// And the page still has its data when mapped again.
	b2 := m.Kmap(p)
	if string(b2[10:22]) != "through kmap" || string(b2[30:36]) != "direct" {
		t.Fatal("data lost across kunmap/kmap")
	}
	m.Kunmap(p)
}

func TestKmapNestedSharesSlot(t *testing.T) {
	m, _ := newMachine(t, Config{Seed: 1})
	p := m.AllocPages(GFP_HIGHUSER, 0)
	a := m.Kmap(p)
	b := m.Kmap(p)
	if &a[0] != &b[0] {
		t.Fatal("nested kmap of the same page got another slot")
	}
	if m.KmapsInUse() != 2 {
		t.Fatalf("KmapsInUse = %d, want 2", m.KmapsInUse())
	}
	m.Kunmap(p)
	// Still mapped once: no poison yet.
	a[0] = 'x'
	if m.KmapsInUse() != 1 || a[0] != 'x' {
		t.Fatal("first kunmap of two unmapped the page")
	}
	m.Kunmap(p)
	if a[0] != PAGE_POISON {
		t.Fatal("last kunmap did not poison the window")
	}
	if got := readAll(t, m, p); got[0] != 'x' {
		t.Fatal("write through the nested mapping lost")
	}
}

func TestKunmapUnbalanced(t *testing.T) {
	m, rec := newMachine(t, Config{Seed: 1})
	rec.expectMisuse()
	p := m.AllocPages(GFP_HIGHUSER, 0)
	m.Kunmap(p)
	if lvl := rec.levelOf("not kmapped"); lvl < 0 || lvl > 2 {
		t.Fatalf("kunmap without kmap logged at level %d:\n%s", lvl, rec)
	}
	m.Kmap(p)
	m.Kmap(p)
	m.Kunmap(p)
	if m.KmapsInUse() != 1 {
		t.Fatalf("two kmaps, one kunmap: KmapsInUse = %d, want 1", m.KmapsInUse())
	}
	m.Kunmap(p)
	before := strings.Count(rec.String(), "not kmapped")
	m.Kunmap(p)
	if strings.Count(rec.String(), "not kmapped") != before+1 {
		t.Fatalf("third kunmap not reported:\n%s", rec)
	}
	if m.KmapsInUse() != 0 {
		t.Fatalf("KmapsInUse = %d, want 0", m.KmapsInUse())
	}
}

func TestStaleKmapWriteDetected(t *testing.T) {
	m, rec := newMachine(t, Config{Seed: 1})
	rec.expectMisuse()
	p := m.AllocPages(GFP_HIGHUSER, 0)
	b := m.Kmap(p)
	m.Kunmap(p)
	before := readAll(t, m, p)
	copy(b[100:], "too late") // write after kunmap
	if got := readAll(t, m, p); !bytes.Equal(got, before) {
		t.Fatal("a write through a stale mapping reached the page")
	}
	if n := m.CheckKmapPoison(); n != 1 {
		t.Fatalf("CheckKmapPoison = %d stale writes, want 1", n)
	}
	want := fmt.Sprintf("BUG: write to unmapped HighMem page (pfn:%#x, pkmap slot ", p.PFN())
	if !strings.Contains(rec.String(), want) || !strings.Contains(rec.String(), "offset 100)") {
		t.Errorf("report does not say %q... offset 100:\n%s", want, rec)
	}
	if lvl := rec.levelOf("BUG: write to unmapped HighMem page"); lvl < 0 || lvl > 2 {
		t.Fatalf("stale write logged at level %d:\n%s", lvl, rec)
	}
	logged := len(rec.String())
	if n := m.CheckKmapPoison(); n != 0 || len(rec.String()) != logged {
		t.Fatalf("second check reports again: %d stale writes, log %q", n, rec.String()[logged:])
	}
}

func TestStaleKmapWriteDetectedOnReuse(t *testing.T) {
	m, rec := newMachine(t, Config{Seed: 1, Pristine: true}) // HighMem pages to spare
	rec.expectMisuse()
	pages := make([]*Page, m.Preset().LastPkmap+1)
	for i := range pages {
		pages[i] = m.AllocPages(GFP_HIGHUSER, 0)
	}
	stale := m.Kmap(pages[0])
	m.Kunmap(pages[0])
	stale[0] = 1
	// Slots are handed out round-robin: mapping LAST_PKMAP more pages
	// comes back to the stale slot.
	for _, p := range pages[1:] {
		if m.Kmap(p) == nil {
			t.Fatal("kmap returned nil")
		}
		m.Kunmap(p)
	}
	if !strings.Contains(rec.String(), "BUG: write to unmapped HighMem page") {
		t.Fatalf("reuse of a dirtied slot not reported:\n%s", rec)
	}
	if n := m.CheckKmapPoison(); n != 1 {
		t.Fatalf("CheckKmapPoison after reuse report = %d stale writes, want the one Kmap found", n)
	}
}

func TestKmapPoolExhausted(t *testing.T) {
	m, rec := newMachine(t, Config{Seed: 1, Pristine: true}) // HighMem pages to spare
	n := m.Preset().LastPkmap
	if n != 1024 {
		t.Fatalf("LAST_PKMAP = %d, want 1024", n)
	}
	var pages []*Page
	for i := 0; i < n; i++ {
		p := m.AllocPages(GFP_HIGHUSER, 0)
		if m.Kmap(p) == nil {
			t.Fatal("kmap returned nil")
		}
		pages = append(pages, p)
	}
	extra := m.AllocPages(GFP_HIGHUSER, 0)
	if b := m.Kmap(extra); b != nil {
		t.Fatalf("kmap with a full pool = %d bytes, want nil", len(b))
	}
	if !strings.Contains(rec.String(), "pkmap slots are in use") {
		t.Fatalf("full pool not logged:\n%s", rec)
	}
	if m.KmapsInUse() != n {
		t.Fatalf("KmapsInUse = %d, want %d", m.KmapsInUse(), n)
	}
	m.Kunmap(pages[7])
	if m.Kmap(extra) == nil {
		t.Fatal("kmap returned nil")
	}
}

func TestFreeWhileKmapped(t *testing.T) {
	m, rec := newMachine(t, Config{Seed: 1})
	rec.expectMisuse()
	p := m.AllocPages(GFP_HIGHUSER, 1)
	m.Kmap(m.Nth(p, 1))
	free := m.NrFreePages()
	m.FreePages(p, 1)
	if m.NrFreePages() != free || !strings.Contains(rec.String(), "Bad page state") || !strings.Contains(rec.String(), "kmapped") {
		t.Fatal("free of a kmapped block changed something or was not reported")
	}
	m.Kunmap(m.Nth(p, 1))
	m.FreePages(p, 1)
	if m.NrFreePages() != free+2 {
		t.Fatalf("free after kunmap: %d pages freed, want 2", m.NrFreePages()-free)
	}
}

func TestKmapToReadCostsNothing(t *testing.T) {
	m, _ := newMachine(t, Config{Seed: 1})
	p := m.AllocPages(GFP_HIGHUSER|GFP_ZERO, 0)
	q := m.AllocPages(GFP_HIGHUSER, 0)
	before := m.BackingBytes()
	for _, pg := range []*Page{p, q} {
		m.Kmap(pg)
		m.Kunmap(pg)
	}
	if m.BackingBytes() != before {
		t.Fatal("kmap/kunmap without a write built the pages")
	}
	if !isZero(readAll(t, m, p)) {
		t.Fatal("zeroed page lost its zeros")
	}
}

func TestX86_64HasNoPkmap(t *testing.T) {
	m, _ := newMachine(t, Config{Preset: X86_64, Seed: 1})
	p := m.AllocPages(GFP_HIGHUSER, 0)
	if p.IsHighMem() {
		t.Fatal("x86_64 page in HighMem")
	}
	if b := m.Kmap(p); len(b) != PAGE_SIZE {
		t.Fatalf("Kmap = %d bytes", len(b))
	}
	if n := m.CheckKmapPoison(); n != 0 {
		t.Fatalf("CheckKmapPoison = %d stale writes, want 0", n)
	}
}
