package blockdev

// The lines of the boot log a student looks for in dmesg on the tutorial's
// RHEL 5.1 box: the version banner, the memory totals and the command line.
// Everything else a real boot prints (the BIOS memory map, ACPI, PCI, the
// disks the box has) is left out: the simulated machine has none of it.

// linuxBanner models linux_banner (init/version.c), the first line of the
// boot log and the contents of /proc/version. The compiler and build date
// are RHEL 5.1's (2.6.18-53.el5, gcc 4.1.2-14); the build host is quoted
// from memory of that kernel's banner and could not be confirmed, so take it
// as approximate.
const linuxBanner = "Linux version " + UtsRelease +
	" (brewbuilder@hs20-bc1-7.build.redhat.com) (gcc version 4.1.2 20070626 (Red Hat 4.1.2-14)) " + UtsVersion

// The sizes of the 2.6.18-53.el5 i686 image that mem_init() reports; they
// fit inside the KernelSize the mm preset reserves (the rest is .bss and the
// early page tables).
const (
	kernelCodeKB = 2004
	kernelDataKB = 826
	kernelInitKB = 224
)

// setupMemoryLog models the lines setup_memory() prints on i386
// (arch/i386/kernel/setup.c, 2.6.18): how much of RAM is HighMem and how
// much lowmem, in MiB. A machine without HighMem (x86_64) prints neither.
func (k *Kernel) setupMemoryLog() {
	if !k.Mem.Preset().HasHighMem {
		return
	}
	var low, high int64
	for _, z := range k.Mem.Zones() {
		if z.IsHighMem() {
			high += z.PresentPages()
		} else {
			low += z.PresentPages()
		}
	}
	const pagesPerMB = (1 << 20) / 4096
	k.Printk(KERN_NOTICE+"%dMB HIGHMEM available.\n", high/pagesPerMB)
	k.Printk(KERN_NOTICE+"%dMB LOWMEM available.\n", low/pagesPerMB)
}

// memInitLog models mem_init()'s summary (arch/i386/mm/init.c and
// arch/x86_64/mm/init.c, 2.6.18): free pages after free_all_bootmem (all of
// RAM but what boot reserved) over all of RAM, the image's sections, the
// reserved pages, and on i386 the HighMem total.
func (k *Kernel) memInitLog() {
	m := k.Mem
	const kb = 4096 / 1024
	free, phys, reserved := m.TotalRAMPages()*kb, m.TotalPages()*kb, m.ReservedPages()*kb
	if !m.Preset().HasHighMem {
		k.Printk(KERN_INFO+"Memory: %dk/%dk available (%dk kernel code, %dk reserved, %dk data, %dk init)\n",
			free, phys, kernelCodeKB, reserved, kernelDataKB, kernelInitKB)
		return
	}
	var high int64
	for _, z := range m.Zones() {
		if z.IsHighMem() {
			high += z.PresentPages() * kb
		}
	}
	k.Printk(KERN_INFO+"Memory: %dk/%dk available (%dk kernel code, %dk reserved, %dk data, %dk init, %dk highmem)\n",
		free, phys, kernelCodeKB, reserved, kernelDataKB, kernelInitKB, high)
}
