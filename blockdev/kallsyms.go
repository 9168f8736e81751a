package blockdev

import (
	"fmt"
	"strings"
)

// kernelSymbol is one entry of the kernel's symbol table as /proc/kallsyms
// shows it: address, nm-style type letter and name.
type kernelSymbol struct {
	addr uint64
	typ  byte
	name string
}

// ksymtab models the exported symbols (__ksymtab, EXPORT_SYMBOL) of the
// tutorial's 2.6.18-53.el5 i686 kernel that the chapters' drivers call, in
// address order (the link order of kernel/, mm/, fs/, block/, lib/). A
// real kernel has some 30,000 symbols; the simulated one has these, so
// /proc/kallsyms lists them and insmod resolves a module's imports against
// them. The addresses are laid out in the i386 kernel's text, not measured
// on the real box.
var ksymtab = []kernelSymbol{
	{0xc041f2a0, 'T', "printk"},
	{0xc0432f60, 'T', "param_set_charp"},
	{0xc0433010, 'T', "param_get_charp"},
	{0xc045a8b0, 'T', "__get_free_pages"},
	{0xc045a930, 'T', "free_pages"},
	{0xc045f0c0, 'T', "__kmalloc"},
	{0xc045f3a0, 'T', "kfree"},
	{0xc0466c40, 'T', "kmap"},
	{0xc0466c70, 'T', "kunmap"},
	{0xc047d1b0, 'T', "bio_endio"},
	{0xc04d2b80, 'T', "elevator_init"},
	{0xc04d2cb0, 'T', "elevator_exit"},
	{0xc04d3760, 'T', "elv_next_request"},
	{0xc04d6e20, 'T', "blk_queue_make_request"},
	{0xc04d8fa0, 'T', "blk_cleanup_queue"},
	{0xc04d90a0, 'T', "blk_alloc_queue"},
	{0xc04d9200, 'T', "blk_init_queue"},
	{0xc04da5c0, 'T', "end_request"},
	{0xc04dd0e0, 'T', "add_disk"},
	{0xc04dd190, 'T', "del_gendisk"},
	{0xc04dd540, 'T', "alloc_disk"},
	{0xc04dd6d0, 'T', "put_disk"},
	{0xc04e8f50, 'T', "radix_tree_insert"},
	{0xc04e9160, 'T', "radix_tree_lookup"},
	{0xc04e9400, 'T', "radix_tree_gang_lookup"},
	{0xc04e9560, 'T', "radix_tree_delete"},
	{0xc04ebf00, 'T', "sscanf"},
}

// ksymAddr is a kernel symbol's address on this machine: x86_64's kernel
// text starts at 0xffffffff80200000 where i386's starts at 0xc0400000.
func (k *Kernel) ksymAddr(s kernelSymbol) uint64 {
	if k.Mem.Preset().AddrWidth == 16 {
		return 0xffffffff80200000 + s.addr - 0xc0400000
	}
	return s.addr
}

// findSymbol models find_symbol() (kernel/module.c, 2.6.18) over the
// kernel's exports.
func findSymbol(name string) bool {
	for _, s := range ksymtab {
		if s.name == name {
			return true
		}
	}
	return false
}

// simplifySymbols models simplify_symbols() (kernel/module.c, 2.6.18): each
// undefined symbol of the module is resolved against the exports; one that
// is not exported is logged, and the load fails with -ENOENT (which insmod
// prints as "Unknown symbol in module").
func (k *Kernel) simplifySymbols(info *ModuleInfo) Errno {
	var ret Errno
	for _, name := range info.Imports {
		if !findSymbol(name) {
			k.Printk(KERN_WARNING+"%s: Unknown symbol %s\n", info.Name, name)
			ret = -ENOENT
		}
	}
	return ret
}

// moduleSymbolAddr lays a module's own symbols out in its core: text from
// the start, data after the code, .bss after the data. The offsets are
// made up, but stay inside the module and in the order of the sections.
func moduleSymbolAddr(base uint64, typ byte, i int) uint64 {
	switch typ {
	case 't':
		return base + uint64(i)*0x80
	case 'd':
		return base + 0x1000 + uint64(i)*0x40
	}
	return base + 0x1400 + uint64(i)*0x20
}

// procKallsyms models /proc/kallsyms (kernel/kallsyms.c s_show, 2.6.18):
// the kernel's symbols as "%0*lx %c %s", then each loaded module's as
// "%0*lx %c %s\t[%s]" with the type in lower case (a module exporting
// nothing), both with the address as wide as a pointer.
func (k *Kernel) procKallsyms() string {
	var b strings.Builder
	w := k.Mem.Preset().AddrWidth
	for _, s := range ksymtab {
		fmt.Fprintf(&b, "%0*x %c %s\n", w, k.ksymAddr(s), s.typ, s.name)
	}
	for _, m := range k.Modules() {
		seen := map[byte]int{}
		for _, sym := range m.Info.Symbols {
			typ, name, _ := strings.Cut(sym, " ")
			t := strings.ToLower(typ)[0]
			fmt.Fprintf(&b, "%0*x %c %s\t[%s]\n", w, moduleSymbolAddr(m.core.Addr(), t, seen[t]), t, name, m.Info.Name)
			seen[t]++
		}
	}
	return b.String()
}
