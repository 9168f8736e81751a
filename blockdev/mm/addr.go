package mm

// PageVirt models page_address() as a number (include/linux/mm.h,
// lowmem_page_address, 2.6.27): PAGE_OFFSET + pfn<<PAGE_SHIFT for a page of
// the direct mapping, 0 for a HighMem page. Use it to print addresses; reach
// the bytes with PageAddress, ReadPage or WritePage.
func (m *Memory) PageVirt(p *Page) uint64 {
	if !m.owns(p) || p.highmem() {
		return 0
	}
	return m.preset.PageOffset + uint64(p.pfn)<<PAGE_SHIFT
}

// VirtToPage models virt_to_page() (include/asm-x86/page.h, 2.6.27): the
// page holding a direct-mapped kernel address, or nil if addr is not one.
func (m *Memory) VirtToPage(addr uint64) *Page {
	if addr < m.preset.PageOffset {
		return nil
	}
	pfn := (addr - m.preset.PageOffset) >> PAGE_SHIFT
	if pfn >= m.nrPages {
		return nil
	}
	p := m.PFNToPage(pfn)
	if p == nil || p.highmem() {
		return nil
	}
	return p
}

// GetFreePages models __get_free_pages() (mm/page_alloc.c, 2.6.27):
// alloc_pages() then page_address(), returning the block's kernel address,
// or 0 on failure. As in the kernel, a HighMem page has no address: asking
// with GFP_HIGHMEM can return 0 and leak the page (a warning is printed).
func (m *Memory) GetFreePages(gfp GFP, order int) uint64 {
	p := m.AllocPages(gfp, order)
	if p == nil {
		return 0
	}
	if p.highmem() {
		m.lock()
		m.logf(kernWarning, "__get_free_pages: HighMem page pfn:%#x has no kernel address; leaked\n", p.pfn)
		m.unlock()
		return 0
	}
	return m.PageVirt(p)
}

// FreePagesAddr models free_pages() (mm/page_alloc.c, 2.6.27): free the
// block at kernel address addr. Like free_pages() it returns nothing.
// Address 0 is ignored, as in the kernel. An address that is not a page of
// the direct mapping changes nothing and prints the BUG line of
// free_pages()'s VM_BUG_ON(!virt_addr_valid(addr)); the block itself is
// checked as FreePages checks it.
func (m *Memory) FreePagesAddr(addr uint64, order int) {
	if addr == 0 {
		return
	}
	p := m.VirtToPage(addr)
	if p == nil || addr&(PAGE_SIZE-1) != 0 {
		m.printk(kernAlert, "BUG: free_pages of %0*x, which is not the address of a page of the direct mapping\n", m.preset.AddrWidth, addr)
		return
	}
	m.FreePages(p, order)
}
