package mm

import (
	"sort"

	"simpblkdev/blockdev/fault"
)

// VmArea models struct vm_struct (include/linux/vmalloc.h, 2.6.27): a range
// of the vmalloc window and the pages mapped into it. The window range has
// one more page than the area maps, the guard page that catches overruns.
type VmArea struct {
	m     *Memory
	off   uint64 // first page of the range, counted from VMALLOC_START
	span  uint64 // pages of the range, guard page included
	pages []*Page
	freed bool
}

// vmSpace models the vmlist of mm/vmalloc.c (2.6.27): the areas sorted by
// address, placed first-fit.
type vmSpace struct {
	start uint64 // VMALLOC_START
	total uint64 // pages between VMALLOC_START and VMALLOC_END
	areas []*VmArea
}

func (v *vmSpace) init(p Preset) {
	v.start = p.VmallocStart
	v.total = uint64(p.VmallocSize / PAGE_SIZE)
}

// Size returns the bytes the area maps, its pages times PAGE_SIZE, without
// the guard page (get_vm_area_size(), include/linux/vmalloc.h).
func (a *VmArea) Size() int64 {
	if a == nil || a.span == 0 {
		return 0
	}
	return int64(a.span-1) * PAGE_SIZE
}

// Addr models vm_struct->addr: the area's first virtual address.
func (a *VmArea) Addr() uint64 {
	if a == nil || a.m == nil {
		return 0
	}
	return a.m.vm.start + a.off*PAGE_SIZE
}

// Pages models vm_struct->pages: the pages mapped at Addr, Addr+PAGE_SIZE,
// ... (a copy). It is nil after Vfree.
func (a *VmArea) Pages() []*Page {
	if a == nil || a.m == nil {
		return nil
	}
	a.m.lock()
	defer a.m.unlock()
	return append([]*Page(nil), a.pages...)
}

// Vmalloc models vmalloc()/__vmalloc() (mm/vmalloc.c __get_vm_area_node and
// __vmalloc_area_node, 2.6.27): reserve ceil(size/PAGE_SIZE) pages plus a
// guard page of the vmalloc window, first fit from VMALLOC_START, then
// allocate the pages one at a time with gfp|GFP_HIGHMEM. The pages need not
// be contiguous; the area is. Contents are not cleared unless gfp has
// GFP_ZERO.
//
// It counts one fault.Vmalloc allocation for the address range, then one
// fault.Page per page. As vmalloc() does, it returns nil on any failure,
// having freed what it took: a size <= 0 or larger than RAM, an injected
// failure, no room in the window (printed as "vmalloc: allocation failed"),
// a page allocation that failed. The caller chooses the errno, as
// load_module() answers -ENOMEM.
func (m *Memory) Vmalloc(size int64, gfp GFP) *VmArea {
	if size <= 0 {
		return nil
	}
	if m.cfg.Fault.ShouldFail(fault.Vmalloc) {
		return nil
	}
	return m.vmalloc(size, gfp, false, false)
}

// vmalloc does the work of Vmalloc. An ioremap area takes address space
// only; at boot, page allocations are not counted by the fault injector.
func (m *Memory) vmalloc(size int64, gfp GFP, ioremap, boot bool) *VmArea {
	nr := (uint64(size) + PAGE_SIZE - 1) / PAGE_SIZE
	if nr > m.nrPages && !ioremap {
		// vmalloc() refuses more pages than the machine has (num_physpages).
		return nil
	}
	m.lock()
	a := m.getVMArea(nr + 1)
	if a == nil {
		m.logf(kernWarning, "vmalloc: allocation failed: %d bytes, no room in the vmalloc area (largest free range %d kB)\n",
			size, m.vmallocChunkLocked()/1024)
		m.unlock()
		return nil
	}
	m.unlock()
	if ioremap {
		return a
	}
	pages := make([]*Page, 0, nr)
	for uint64(len(pages)) < nr {
		var p *Page
		if boot {
			p = m.allocPages(gfp|GFP_HIGHMEM, 0)
		} else {
			p = m.AllocPages(gfp|GFP_HIGHMEM, 0)
		}
		if p == nil {
			m.releaseVMArea(a, pages)
			return nil
		}
		pages = append(pages, p)
	}
	m.lock()
	a.pages = pages
	m.unlock()
	return a
}

// getVMArea models __get_vm_area_node() (mm/vmalloc.c, 2.6.27): the first
// gap of the window with span pages, inserted into the sorted list; nil if
// no gap is large enough. Call it with the lock held.
func (m *Memory) getVMArea(span uint64) *VmArea {
	v := &m.vm
	cur := uint64(0)
	at := len(v.areas)
	for i, a := range v.areas {
		if a.off-cur >= span {
			at = i
			break
		}
		cur = a.off + a.span
	}
	if at == len(v.areas) && (cur > v.total || v.total-cur < span) {
		return nil
	}
	a := &VmArea{m: m, off: cur, span: span}
	v.areas = append(v.areas, nil)
	copy(v.areas[at+1:], v.areas[at:])
	v.areas[at] = a
	return a
}

// releaseVMArea frees pages and takes a off the window list (remove_vm_area()
// and the page loop of __vunmap(), mm/vmalloc.c, 2.6.27).
func (m *Memory) releaseVMArea(a *VmArea, pages []*Page) {
	for _, p := range pages {
		m.FreePages(p, 0)
	}
	m.lock()
	defer m.unlock()
	v := &m.vm
	i := sort.Search(len(v.areas), func(i int) bool { return v.areas[i].off >= a.off })
	if i < len(v.areas) && v.areas[i] == a {
		v.areas = append(v.areas[:i], v.areas[i+1:]...)
	}
}

// Vfree models vfree() (mm/vmalloc.c __vunmap, 2.6.27): free the area's
// pages and its range. Like vfree() it returns nothing. vfree(NULL) does
// nothing, silently, so a C error path may call it on an area it never got.
// An area already freed or not of this machine changes nothing and prints
// "Trying to vfree() nonexistent vm area", as __vunmap() does for an
// address it does not find in its list.
func (m *Memory) Vfree(a *VmArea) {
	if a == nil {
		return
	}
	m.lock()
	if a.m != m || a.freed {
		m.logf(kernErr, "Trying to vfree() nonexistent vm area (%0*x)\n", m.preset.AddrWidth, a.Addr())
		m.unlock()
		return
	}
	a.freed = true
	pages := a.pages
	a.pages = nil
	m.unlock()
	m.releaseVMArea(a, pages)
}

// VmallocUsed models VmallocUsed of /proc/meminfo (get_vmalloc_info(),
// fs/proc/proc_misc.c, 2.6.27): the bytes of all areas, guard pages included.
func (m *Memory) VmallocUsed() int64 {
	m.lock()
	defer m.unlock()
	var n int64
	for _, a := range m.vm.areas {
		n += int64(a.span) * PAGE_SIZE
	}
	return n
}

// VmallocTotal models VmallocTotal of /proc/meminfo: VMALLOC_END -
// VMALLOC_START in bytes.
func (m *Memory) VmallocTotal() int64 { return int64(m.vm.total) * PAGE_SIZE }

// VmallocChunk models VmallocChunk of /proc/meminfo: the largest free range
// of the window, in bytes.
func (m *Memory) VmallocChunk() int64 {
	m.lock()
	defer m.unlock()
	return m.vmallocChunkLocked()
}

func (m *Memory) vmallocChunkLocked() int64 {
	v := &m.vm
	cur, best := uint64(0), uint64(0)
	for _, a := range v.areas {
		best = max(best, a.off-cur)
		cur = a.off + a.span
	}
	if v.total > cur {
		best = max(best, v.total-cur)
	}
	return int64(best) * PAGE_SIZE
}

// Read copies len(b) bytes of the area from byte offset off into b, and
// Write copies b into the area at off: what a driver's memcpy() from and to
// the vmalloc'ed address does, page by page. Like memcpy() they return
// nothing. A range outside the pages the area maps (a negative offset, an
// overrun into the guard page, any access after Vfree) faults in the kernel:
// it copies nothing, leaving b and the area unchanged, and prints the oops
// line "BUG: unable to handle kernel paging request" with the first address
// that faults.
func (a *VmArea) Read(off int64, b []byte) { a.copy(off, b, false) }

// Write: see Read.
func (a *VmArea) Write(off int64, b []byte) { a.copy(off, b, true) }

func (a *VmArea) copy(off int64, b []byte, write bool) {
	if a == nil || a.m == nil {
		return // no machine made it: there is no kernel log to report to
	}
	m := a.m
	pages := a.Pages()
	size := int64(len(pages)) * PAGE_SIZE
	if off < 0 || off > size || int64(len(b)) > size-off {
		bad := uint64(off)
		if off >= 0 {
			bad = uint64(max(off, size))
		}
		m.printk(kernAlert, "BUG: unable to handle kernel paging request at %0*x (%d bytes at offset %d of a %d-byte vmalloc area)\n",
			m.preset.AddrWidth, a.Addr()+bad, len(b), off, size)
		return
	}
	for done := 0; done < len(b); {
		po := int(off % PAGE_SIZE)
		n := min(len(b)-done, PAGE_SIZE-po)
		if write {
			m.WritePage(pages[off/PAGE_SIZE], po, b[done:done+n])
		} else {
			m.ReadPage(pages[off/PAGE_SIZE], po, b[done:done+n])
		}
		done += n
		off += int64(n)
	}
}
