package mm

import (
	"bytes"
	"reflect"
	"testing"
	"unsafe"
)

type block struct {
	p     *Page
	order int
}

// allocAll takes every free page of the machine, in order-2 blocks while
// there are some, then in whatever is left.
func allocAll(t *testing.T, m *Memory, gfp GFP) []block {
	t.Helper()
	var blocks []block
	for _, order := range []int{2, 1, 0} {
		for {
			p := m.AllocPages(gfp|GFP_NOWARN, order)
			if p == nil {
				break
			}
			blocks = append(blocks, block{p, order})
		}
	}
	if n := m.NrFreePages(); n != 0 {
		t.Fatalf("%d pages still free", n)
	}
	return blocks
}

// pagesOf lists the pages of the blocks, in order.
func pagesOf(m *Memory, blocks []block) []*Page {
	var pages []*Page
	for _, b := range blocks {
		for i := 0; i < 1<<b.order; i++ {
			pages = append(pages, m.Nth(b.p, i))
		}
	}
	return pages
}

// The host pays for what was written, not for what was allocated or read:
// all of a 4 GiB machine allocated and read costs only its page frames;
// written pages cost about PAGE_SIZE each, far apart or together; and
// taking them back with __GFP_ZERO returns that memory.
func TestHostMemoryFollowsWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates and reads all of a 4 GiB machine")
	}
	start := measureHost()
	m, _ := newMachine(t, Config{Preset: X86_64, RAM: 4 * giB, Seed: 1, Pristine: true})
	blocks := allocAll(t, m, GFP_KERNEL)
	pages := pagesOf(m, blocks)
	// Every page is read: one in 16 whole, the others 64 bytes somewhere
	// (the same path, at a price the race detector can afford).
	buf := make([]byte, PAGE_SIZE)
	for i, p := range pages {
		if i%16 == 0 {
			m.ReadPage(p, 0, buf)
		} else {
			m.ReadPage(p, i%(PAGE_SIZE-64), buf[:64])
		}
	}
	read := measureHost()
	// 16 bytes of frame and 8 of handle a page: 24 MiB; the rest is slack.
	if got := read.heap - start.heap; got > 48*miB {
		t.Fatalf("allocating and reading %d pages (%d MiB) grew the heap by %.1f MiB", len(pages), len(pages)/256, mib(got))
	}
	if m.BackingBytes() != 0 {
		t.Fatalf("reads materialised %d bytes", m.BackingBytes())
	}

	data := bytes.Repeat([]byte{0xa5}, PAGE_SIZE)
	prev := read
	for _, tt := range []struct {
		name          string
		first, n, gap int
	}{
		{"together", 0, 8192, 1},
		{"one per 4 MiB", 8192, 512, pagesPerBlock},
	} {
		for i := 0; i < tt.n; i++ {
			m.WritePage(pages[tt.first+i*tt.gap], 0, data)
		}
		now := measureHost()
		perPage := (now.heap - prev.heap) / int64(tt.n)
		t.Logf("%s: %d pages written cost %d bytes each", tt.name, tt.n, perPage)
		if perPage < PAGE_SIZE*9/10 || perPage > PAGE_SIZE*3/2 {
			t.Errorf("%s: a written page costs %d bytes of heap, want about %d", tt.name, perPage, PAGE_SIZE)
		}
		prev = now
	}
	if got, want := m.BackingBytes(), int64(8192+512)*PAGE_SIZE; got != want {
		t.Errorf("BackingBytes = %d, want %d", got, want)
	}

	// Freed pages keep their bytes (chapter 9's leak)...
	for _, b := range blocks {
		m.FreePages(b.p, b.order)
	}
	written := int64(8192+512) * PAGE_SIZE
	if now := measureHost(); now.heap-read.heap < written*9/10 {
		t.Errorf("after free the heap is %.1f MiB above what reading cost, want the %.1f MiB written: freed pages keep their bytes",
			mib(now.heap-read.heap), mib(written))
	}
	// ...until __GFP_ZERO takes them back.
	blocks = allocAll(t, m, GFP_KERNEL|GFP_ZERO)
	if now := measureHost(); now.heap > read.heap+4*miB {
		t.Errorf("after reallocation with __GFP_ZERO the heap is %.1f MiB above what reading cost", mib(now.heap-read.heap))
	}
	if m.BackingBytes() != 0 {
		t.Errorf("BackingBytes = %d after __GFP_ZERO took every page", m.BackingBytes())
	}
	for _, p := range pages[:16] {
		if m.ReadPage(p, 0, buf); !isZero(buf) {
			t.Fatalf("%v: not zero after __GFP_ZERO", p)
		}
	}
	for _, b := range blocks {
		m.FreePages(b.p, b.order)
	}
}

// Garbage is a function of (seed, pfn, offset): any range reads as the same
// slice of the page, the bytes are those the machine always had, and
// materialising the page keeps them.
func TestGarbageIsComputedByRange(t *testing.T) {
	m, _ := newMachine(t, Config{Seed: 1})
	base := m.BackingBytes() // the freed photo earlier work left (bootFreedPhoto)
	p := m.PFNToPage(0x1000)
	whole := readAll(t, m, p)
	// What seed 1 put in pfn 0x1000 before page contents were computed by
	// range (4 MiB arenas): the sessions' stale bytes depend on it.
	if want := []byte{0x51, 0xed, 0x30, 0x5f, 0x30, 0x70, 0x4b, 0x7b, 0xf9, 0x6d, 0x5e, 0x45, 0x03, 0x7e, 0x19, 0x58}; !bytes.Equal(whole[:16], want) {
		t.Errorf("pfn 0x1000 starts % x, want % x", whole[:16], want)
	}
	if want := []byte{0x22, 0x1e, 0x94, 0x62, 0x90, 0x56, 0x4d, 0x6e, 0xdc, 0xcc, 0x7a, 0x14, 0x91, 0x72, 0xcb, 0x08}; !bytes.Equal(readAll(t, m, m.PFNToPage(0x3fffe))[PAGE_SIZE-16:], want) {
		t.Errorf("pfn 0x3fffe ends differently from before")
	}
	rng := &splitMix{state: 7}
	for i := 0; i < 500; i++ {
		off := rng.intn(PAGE_SIZE)
		n := rng.intn(PAGE_SIZE - off + 1)
		got := make([]byte, n)
		m.ReadPage(p, off, got)
		if !bytes.Equal(got, whole[off:off+n]) {
			t.Fatalf("ReadPage(off %d, %d bytes) differs from the whole page's bytes", off, n)
		}
	}
	if m.BackingBytes() != base {
		t.Fatal("reading garbage materialised the page")
	}
	m.WritePage(p, 100, []byte("x"))
	whole[100] = 'x'
	if got := readAll(t, m, p); !bytes.Equal(got, whole) {
		t.Fatal("a partial write lost the page's garbage")
	}
}

// A block's address is one contiguous slice, even when some of its pages
// were written one by one before; pages written through it are seen by
// ReadPage, and a later address of the block is the same memory.
func TestPageAddressGathersPagesWrittenAlone(t *testing.T) {
	m, _ := newMachine(t, Config{Seed: 3})
	p := m.AllocPages(GFP_KERNEL, 2)
	m.WritePage(m.Nth(p, 1), 10, []byte("second"))
	m.WritePage(m.Nth(p, 3), 20, []byte("fourth"))
	garbage := readAll(t, m, m.Nth(p, 2))
	buf := m.PageAddress(p, 2)
	if string(buf[PAGE_SIZE+10:PAGE_SIZE+16]) != "second" || string(buf[3*PAGE_SIZE+20:3*PAGE_SIZE+26]) != "fourth" {
		t.Fatal("PageAddress lost bytes written before")
	}
	if !bytes.Equal(buf[2*PAGE_SIZE:3*PAGE_SIZE], garbage) {
		t.Fatal("PageAddress changed an unwritten page's garbage")
	}
	again := m.PageAddress(p, 2)
	if &again[0] != &buf[0] {
		t.Fatal("a second PageAddress of the block is other memory")
	}
	if one := m.PageAddress(m.Nth(p, 2), 0); &one[0] != &buf[2*PAGE_SIZE] {
		t.Fatal("PageAddress of a page inside the block is other memory")
	}
	if got := m.BackingBytes(); got != 4*PAGE_SIZE {
		t.Fatalf("BackingBytes = %d, want 4 pages", got)
	}
	m.FreePages(p, 2)
}

// Writing zeros onto a cleared page keeps it free of host memory: dd
// if=/dev/zero over a __GFP_ZERO device costs nothing.
func TestZerosOntoClearedPageCostNothing(t *testing.T) {
	m, _ := newMachine(t, Config{Seed: 1})
	base := m.BackingBytes() // the freed photo earlier work left (bootFreedPhoto)
	p := m.AllocPages(GFP_KERNEL|GFP_ZERO, 0)
	m.WritePage(p, 0, make([]byte, PAGE_SIZE))
	m.WritePage(p, 512, make([]byte, 512))
	if m.BackingBytes() != base {
		t.Fatal("zeros onto a cleared page materialised it")
	}
	m.WritePage(p, 512, []byte{1})
	if m.BackingBytes() != base+PAGE_SIZE {
		t.Fatal("a non-zero write did not materialise the page")
	}
	m.FreePages(p, 0)
}

// The page frame array is compact and holds no Go pointer, so the garbage
// collector does not scan it.
func TestPageHasNoPointers(t *testing.T) {
	if n := unsafe.Sizeof(Page{}); n > 16 {
		t.Errorf("Page is %d bytes, want <= 16", n)
	}
	typ := reflect.TypeFor[Page]()
	for i := 0; i < typ.NumField(); i++ {
		switch f := typ.Field(i); f.Type.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface, reflect.String, reflect.Chan, reflect.Func, reflect.UnsafePointer:
			t.Errorf("Page.%s is a %s: the collector would scan every frame", f.Name, f.Type)
		}
	}
}

// A Page is a frame of its machine, not a value: a copy of one, which
// carries the same pfn and machine id, is not a page of the machine.
func TestCopyOfPageIsNotAPage(t *testing.T) {
	m, rec := newMachine(t, Config{Seed: 1})
	rec.expectMisuse()
	p := m.AllocPages(GFP_KERNEL, 0)
	c := *p
	free := m.NrFreePages()
	m.FreePages(&c, 0)
	if m.NrFreePages() != free || !bytes.Contains([]byte(rec.String()), []byte("which is not a page of this machine")) {
		t.Fatalf("FreePages of a copy: %d pages freed, log %q", m.NrFreePages()-free, rec)
	}
	if c.Zone() != nil || p.Zone() == nil || p.ZoneName() != "Normal" {
		t.Fatalf("Zone of the copy %v, of the page %v", c.Zone(), p.Zone())
	}
	m.FreePages(p, 0)
}
