package mm

import "sort"

// pfnRange is [start, end) in page frames.
type pfnRange struct{ start, end uint64 }

// boot brings the memory up: reservations, then free_all_bootmem() and the
// watermarks, then the kernel's own vmalloc areas, and then either what
// earlier work left on a machine that has been up a while
// (Preset.RunningBox) or the seeded boot-time users of a fresh one.
func (m *Memory) boot() {
	var reserved []pfnRange
	if !m.cfg.Pristine {
		reserved = m.bootReservations()
	}
	m.freeAllBootmem(reserved)
	m.setupWatermarks()
	if m.cfg.Pristine {
		return
	}
	rng := &splitMix{state: mix64(m.seed ^ 0xb0075eed)}
	if m.preset.RunningBox {
		m.bootVmallocs(rng)
		m.bootEarlierWork(rng)
		m.bootFreedPhoto()
		return
	}
	m.bootUsers(rng)
	m.bootVmallocs(rng)
}

// freedPhoto is the start of the file user A's process had open: a JPEG
// (SOI, the JFIF header, a comment naming it), the rest its coded data.
var freedPhoto = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x01\x00\x48\x00\x48\x00\x00" +
	"\xff\xfe\x00\x21user A: girlfriend.jpg, private\xff\xdb\x00\x43\x00")

// bootFreedPhoto plays the last of earlier work, the story of chapter 9:
// user A's process held a photo, in its memory and in the page cache; it
// exited, and the kernel freed those pages without clearing them. They are
// the block at the head of Normal's order-2 free list, the one an order-2
// GFP_KERNEL allocation takes first, so a driver that takes its memory
// without __GFP_ZERO hands the photo to whoever reads its disk (chapter 8's
// hexdump), and one with it does not (chapter 9's). The block is taken and
// freed again, which leaves the free lists as they were.
func (m *Memory) bootFreedPhoto() {
	var z *Zone
	for _, zz := range m.zones {
		if zz.name == "Normal" {
			z = zz
		}
	}
	if z == nil {
		return
	}
	p := z.rmqueueSmallest(2)
	if p == nil {
		return
	}
	m.prepNewPage(p, 2, 0)
	// The photo's first page; the garbage after its header, and in the
	// three pages after it, stands for the coded data.
	b := m.pageBytes(p, false)
	copy(b, freedPhoto)
	z.freeOne(p, 2)
}

// bootReservations lists what is taken before the buddy allocator starts
// (arch/x86/kernel/setup.c reserve_bootmem calls and the early bootmem
// allocations, 2.6.27): page 0 (BIOS data), the EBDA and ISA hole from
// 636 KiB to 1 MiB, the kernel image, then, from 16 MiB up as bootmem
// allocates them, mem_map (one struct page per page frame) and the dentry
// and inode hash tables.
func (m *Memory) bootReservations() []pfnRange {
	p := m.preset
	bytesToPages := func(b int64) uint64 { return uint64((b + PAGE_SIZE - 1) / PAGE_SIZE) }
	rs := []pfnRange{
		{0, 1},
		{0x9f, 0x100},
	}
	k := uint64(p.KernelStart / PAGE_SIZE)
	rs = append(rs, pfnRange{k, k + bytesToPages(p.KernelSize)})

	ptr := int64(p.AddrWidth / 2) // sizeof(void *)
	lowmem := m.nrPages
	if p.HasHighMem {
		lowmem = min(lowmem, uint64(p.NormalLimit/PAGE_SIZE))
	}
	// alloc_large_system_hash(): dentry cache at one bucket per 8 KiB of
	// lowmem, inode cache at one per 16 KiB, rounded up to a power of two.
	hash := ptr * (roundUpPow2(int64(lowmem)/2) + roundUpPow2(int64(lowmem)/4))
	early := bytesToPages(int64(m.nrPages)*p.StructPageSize) + bytesToPages(hash)
	at := uint64(p.DMALimit / PAGE_SIZE)
	if at+early > lowmem {
		at = rs[len(rs)-1].end
	}
	rs = append(rs, pfnRange{at, at + early})

	for i := range rs {
		rs[i].start = min(rs[i].start, m.nrPages)
		rs[i].end = min(rs[i].end, m.nrPages)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].start < rs[j].start })
	return rs
}

func roundUpPow2(n int64) int64 {
	p := int64(1)
	for p < n {
		p *= 2
	}
	return p
}

// freeAllBootmem models free_all_bootmem() and __free_pages_bootmem()
// (mm/bootmem.c, mm/page_alloc.c, 2.6.27): reserved pages are marked
// PageReserved; every other page is freed, lowest address first, in the
// largest aligned blocks that fit, each to the head of its list. So the
// highest-addressed free block of each order ends up first in line.
func (m *Memory) freeAllBootmem(reserved []pfnRange) {
	for _, r := range reserved {
		for pfn := r.start; pfn < r.end; pfn++ {
			m.page(pfn).setState(pageReserved)
		}
		m.reservedPages += int64(r.end - r.start)
	}
	for _, z := range m.zones {
		for _, r := range freeRanges(z.start, z.end, reserved) {
			for pfn := r.start; pfn < r.end; {
				order := MAX_ORDER - 1
				for order > 0 && (pfn&(1<<order-1) != 0 || pfn+1<<order > r.end) {
					order--
				}
				z.freeOne(m.page(pfn), order)
				pfn += 1 << order
			}
		}
	}
}

// freeRanges returns [lo, hi) minus the reserved ranges (sorted by start).
func freeRanges(lo, hi uint64, reserved []pfnRange) []pfnRange {
	var out []pfnRange
	cur := lo
	for _, r := range reserved {
		if r.start >= hi {
			break
		}
		if r.end <= cur {
			continue
		}
		if r.start > cur {
			out = append(out, pfnRange{cur, r.start})
		}
		cur = r.end
	}
	if cur < hi {
		out = append(out, pfnRange{cur, hi})
	}
	return out
}

// bootOrders weighs the orders boot-time users ask for: mostly single
// pages (slab, page tables, page cache), some larger blocks (kernel stacks
// are order 1, some slabs and buffers larger).
var bootOrders = []int{
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1,
	2, 2, 2,
	3, 3,
	4, 5, 6, 8,
}

// bootUsers plays the part of everything that ran between free_all_bootmem()
// and the first shell prompt: in each zone it allocates and frees a seeded
// mix of blocks, then frees about half of what is left. The survivors stay
// allocated for good ("boot-time users"); the holes they leave are the
// small free blocks /proc/buddyinfo shows on a machine that has been up a
// while.
func (m *Memory) bootUsers(rng *splitMix) {
	type block struct {
		p     *Page
		order int
	}
	for _, z := range m.zones {
		n := int(min(max(z.PresentPages()/32, 16), 8192))
		var live []block
		free := func(i int) {
			b := live[i]
			live[i] = live[len(live)-1]
			live = live[:len(live)-1]
			if b.order == 0 {
				z.freePcp(b.p)
			} else {
				z.freeOne(b.p, b.order)
			}
		}
		for i := 0; i < n; i++ {
			if len(live) > 0 && rng.chance(2, 5) {
				free(rng.intn(len(live)))
				continue
			}
			order := bootOrders[rng.intn(len(bootOrders))]
			p := z.rmqueue(order)
			if p == nil {
				continue
			}
			m.prepNewPage(p, order, 0)
			live = append(live, block{p, order})
		}
		for k := len(live) / 2; k > 0; k-- {
			free(rng.intn(len(live)))
		}
	}
}

// bootVmallocs plays the kernel's own vmalloc and ioremap users at boot
// (ACPI tables, PCI BARs, modules loaded from the initrd): about 8 MiB of
// the window, a quarter of it address space only.
func (m *Memory) bootVmallocs(rng *splitMix) {
	target := min(int64(8*miB), m.VmallocTotal()/8)
	for used := int64(0); used < target; {
		var size int64
		ioremap := rng.chance(1, 4)
		if ioremap {
			size = PAGE_SIZE << rng.intn(9) // 4 KiB .. 1 MiB
		} else {
			size = int64(1+rng.intn(64)) * PAGE_SIZE // 4 KiB .. 256 KiB
		}
		if m.vmalloc(size, GFP_KERNEL, ioremap, true) == nil {
			return
		}
		used += size + PAGE_SIZE
	}
}
