package blockdev

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"simpblkdev/blockdev/mm"
)

// order2Segs is the test module of chapter 7's experiment: at init it takes
// nseg segments of four pages with __get_free_pages(GFP_KERNEL, 2), as
// step07_order's alloc_diskmem does, and gives back what it got and fails
// with -ENOMEM when one allocation fails; at exit it frees them all.
type order2Segs struct {
	k    *Kernel
	nseg int
	segs []uint64
}

func order2Module(nseg int) *ModuleInfo {
	return &ModuleInfo{Name: "order2segs", License: "GPL", CoreSize: 4096,
		New: func(k *Kernel, _ *Module) ModuleCode { return &order2Segs{k: k, nseg: nseg} }}
}

func (d *order2Segs) Init() Errno {
	for i := 0; i < d.nseg; i++ {
		a := d.k.Mem.GetFreePages(mm.GFP_KERNEL, 2)
		if a == 0 {
			d.Exit()
			return -ENOMEM
		}
		d.segs = append(d.segs, a)
	}
	return 0
}

func (d *order2Segs) Exit() {
	for _, a := range d.segs {
		d.k.Mem.FreePagesAddr(a, 2)
	}
	d.segs = nil
}

// buddyinfoPages reads /proc/buddyinfo as pages on the free lists, per zone
// and order.
func buddyinfoPages(t *testing.T, k *Kernel) map[string][mm.MAX_ORDER]int64 {
	t.Helper()
	out := map[string][mm.MAX_ORDER]int64{}
	for _, l := range strings.Split(strings.TrimSpace(procFile(t, k, "buddyinfo")), "\n") {
		f := strings.Fields(l) // Node 0, zone Normal n0 ... n10
		var row [mm.MAX_ORDER]int64
		for o := range row {
			n, err := strconv.ParseInt(f[4+o], 10, 64)
			if err != nil {
				t.Fatalf("buddyinfo line %q: %v", l, err)
			}
			row[o] = n << o
		}
		out[f[3]] = row
	}
	return out
}

// The chapter's accounting identity on the default machine: every page of
// the 1024 order-2 segments freed at rmmod is found again in
// /proc/buddyinfo, summed over zones and orders (order-2 frees bypass the
// per-cpu lists), and what insmod took beyond the segments came out of
// the page cache, not out of nowhere: MemFree + Cached falls by exactly
// the segments and the module's core.
func TestOrder2SegmentsAccountFor(t *testing.T) {
	k, err := Boot(Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	const nseg = 1024
	freeCached := func() int64 { return meminfoKB(t, k, "MemFree") + meminfoKB(t, k, "Cached") }
	before, fcBefore, cached := buddyinfoPages(t, k), freeCached(), meminfoKB(t, k, "Cached")
	if _, err := k.InitModule(order2Module(nseg), ""); err != nil {
		t.Fatalf("insmod: %v\n%s", err, k.Dmesg())
	}
	afterInsmod := buddyinfoPages(t, k)
	if got := fcBefore - freeCached(); got != nseg*16+4 {
		t.Errorf("MemFree + Cached fell by %d kB at insmod, want the segments' %d and the core's 4", got, nseg*16)
	}
	if meminfoKB(t, k, "Cached") >= cached {
		t.Error("insmod reclaimed no page cache")
	}
	if b, a := before["Normal"], afterInsmod["Normal"]; b[0] >= a[0] || b[1] >= a[1] {
		t.Errorf("Normal's orders 0 and 1 did not grow with reclaim: %v -> %v", b[:2], a[:2])
	}
	if err := k.DeleteModule("order2segs"); err != nil {
		t.Fatal(err)
	}
	afterRmmod := buddyinfoPages(t, k)
	var found int64
	for zone, row := range afterRmmod {
		for o := range row {
			found += row[o] - afterInsmod[zone][o]
		}
	}
	if found != nseg*4 {
		t.Errorf("rmmod freed %d segments' pages, buddyinfo finds %d", nseg*4, found)
	}
	var dma int64
	for o := range afterRmmod["DMA"] {
		dma += afterRmmod["DMA"][o] - afterInsmod["DMA"][o]
	}
	if dma == 0 {
		t.Error("no segment came from DMA")
	}
}

// A machine too fragmented for the segments, even after reclaiming all its
// page cache, fails the allocation with NULL; the module unwinds and insmod
// fails with ENOMEM, leaving every page it took free again.
func TestOrder2TooFragmentedFailsInsmod(t *testing.T) {
	k, err := Boot(Config{Seed: 1, RAM: mm.I386.MinRAM})
	if err != nil {
		t.Fatal(err)
	}
	freeCached := func() int64 { return meminfoKB(t, k, "MemFree") + meminfoKB(t, k, "Cached") }
	before := freeCached()
	nseg := int(mm.I386.MinRAM / (4 * mm.PAGE_SIZE)) // all of RAM
	_, err = k.InitModule(order2Module(nseg), "")
	if !errors.Is(err, ENOMEM) {
		t.Fatalf("insmod = %v, want ENOMEM", err)
	}
	if got := freeCached(); got != before {
		t.Errorf("MemFree + Cached = %d kB after the failed insmod, %d before", got, before)
	}
	if meminfoKB(t, k, "Cached") != 0 {
		t.Error("the allocation gave up with page cache left to reclaim")
	}
	if !strings.Contains(k.Dmesg(), "page allocation failure. order:2, mode:0xd0") {
		t.Errorf("no allocation failure in the log:\n%s", k.Dmesg())
	}
	if strings.Contains(procFile(t, k, "modules"), "order2segs") {
		t.Error("the failed module is listed")
	}
}

// /proc/meminfo of the running box adds up: free memory, earlier work's
// page cache, processes and slab account for nearly all of MemTotal (the
// rest is the kernel's vmalloc areas and what the simulator leaves
// unnamed), never more.
func TestMeminfoAddsUp(t *testing.T) {
	k, err := Boot(Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var sum int64
	for _, f := range []string{"MemFree", "Buffers", "Cached", "AnonPages", "PageTables", "Slab"} {
		sum += meminfoKB(t, k, f)
	}
	total := meminfoKB(t, k, "MemTotal")
	if sum > total || sum < total*98/100 {
		t.Errorf("MemFree+Buffers+Cached+AnonPages+PageTables+Slab = %d kB of MemTotal %d kB", sum, total)
	}
	if c, low := meminfoKB(t, k, "Cached"), meminfoKB(t, k, "LowTotal"); c < low/2 {
		t.Errorf("Cached %d kB, want most of lowmem's %d kB", c, low)
	}
}
