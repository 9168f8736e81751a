package blockdev

import "simpblkdev/blockdev/mm"

// MemcpyFromAddr models memcpy(to, from, n) (arch/x86/lib/memcpy_32.c,
// include/asm-x86/string_32.h) with from an address of the kernel's direct
// mapping, as __get_free_pages() returns one: what a driver that keeps its
// data in pages it allocated itself (chapter 6 on) does to read them. The
// bytes are read page by page through mm's ReadPage, so reading memory
// nobody wrote costs no host memory; a range may cross pages, as the pages
// of a buddy block are contiguous in the direct mapping. Like memcpy() it
// returns nothing: an address outside the direct mapping copies nothing
// from there on and prints the oops's first line.
func (k *Kernel) MemcpyFromAddr(to []byte, from uint64) {
	for len(to) > 0 {
		p, off, n := k.directPage(from, len(to))
		if p == nil {
			return
		}
		k.Mem.ReadPage(p, off, to[:n])
		to, from = to[n:], from+uint64(n)
	}
}

// MemcpyToAddr models memcpy(to, from, n) with to an address of the direct
// mapping: the write side of MemcpyFromAddr, through mm's WritePage, so
// that host memory follows what was written.
func (k *Kernel) MemcpyToAddr(to uint64, from []byte) {
	for len(from) > 0 {
		p, off, n := k.directPage(to, len(from))
		if p == nil {
			return
		}
		k.Mem.WritePage(p, off, from[:n])
		from, to = from[n:], to+uint64(n)
	}
}

// directPage returns the page of the direct mapping that holds addr, the
// offset of addr in it, and how many of the n bytes from addr it holds; a
// nil page, after the oops line of a paging request the MMU refuses, when
// addr is not mapped there.
func (k *Kernel) directPage(addr uint64, n int) (*mm.Page, int, int) {
	p := k.Mem.VirtToPage(addr)
	if p == nil {
		k.Printk(KERN_ALERT+"BUG: unable to handle kernel paging request at virtual address %0*x\n", k.Mem.Preset().AddrWidth, addr)
		return nil, 0, 0
	}
	off := int(addr & (mm.PAGE_SIZE - 1))
	return p, off, min(n, mm.PAGE_SIZE-off)
}
