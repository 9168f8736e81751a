package mm

// Preset describes a simulated machine: how much RAM it may have, where its
// zones begin and end and where the kernel maps things. It gathers what
// arch/x86 (2.6.27) hard-codes per architecture.
type Preset struct {
	Name string // "i386" or "x86_64"

	DefaultRAM int64 // RAM when Config.RAM is 0, in bytes
	MinRAM     int64 // smallest RAM accepted, in bytes
	MaxRAM     int64 // largest RAM accepted, in bytes

	// Zone boundaries in bytes (include/linux/mmzone.h enum zone_type):
	// zone 0 is [0, DMALimit), zone 1 [DMALimit, NormalLimit), zone 2 above
	// NormalLimit. ZoneNames names them: DMA, Normal, HighMem on i386;
	// DMA, DMA32, Normal on x86_64. Zones the RAM does not reach are absent.
	DMALimit, NormalLimit int64
	ZoneNames             [3]string
	HasHighMem            bool // zone 2 has no kernel mapping (i386 ZONE_HIGHMEM)

	// VmallocSize is VMALLOC_END - VMALLOC_START in bytes, VmallocStart its
	// first address; PageOffset is PAGE_OFFSET, where the kernel maps
	// physical address 0. They serve printing and the vmalloc window.
	VmallocSize  int64
	PageOffset   uint64
	VmallocStart uint64
	AddrWidth    int // hex digits of an address: 8 on i386, 16 on x86_64

	LastPkmap      int   // LAST_PKMAP: kmap slots for HighMem pages (0: no HighMem)
	StructPageSize int64 // sizeof(struct page), for the boot-time mem_map
	KernelStart    int64 // physical load address of the kernel image
	KernelSize     int64 // text, data, bss and early page tables of the image

	// LowmemReserveRatio models sysctl_lowmem_reserve_ratio (mm/page_alloc.c,
	// 2.6.18) for zones 0 and 1: a zone keeps the pages of the zones above
	// it divided by its ratio in reserve against their allocations.
	LowmemReserveRatio [2]int64
	// RunningBox makes boot leave the machine as one that has been up a
	// while (earlier_work.go): lowmem mostly clean page cache of earlier
	// work and a few processes, the free lists in small pieces. Otherwise
	// the machine is freshly booted, its free lists mostly whole blocks.
	RunningBox bool
}

const (
	kiB = int64(1) << 10
	miB = int64(1) << 20
	giB = int64(1) << 30
)

// I386 models a 32-bit x86 kernel without PAE (arch/x86, 2.6.27): 3G/1G
// split, PAGE_OFFSET 0xc0000000, 896 MiB of lowmem, HighMem above.
//
// VmallocSize is 114680 KiB, the VmallocTotal /proc/meminfo shows on such a
// machine: VMALLOC_START 0xf8800000 (high_memory + VMALLOC_OFFSET 8 MiB) to
// VMALLOC_END 0xff7fe000 (PKMAP_BASE - 2 pages). The 128 MiB the kernel
// reserves above lowmem (__VMALLOC_RESERVE) also holds that 8 MiB gap, the
// pkmap area and the fixmaps.
var I386 = Preset{
	Name:           "i386",
	DefaultRAM:     1 * giB,
	MinRAM:         64 * miB,
	MaxRAM:         4 * giB,
	DMALimit:       16 * miB,
	NormalLimit:    896 * miB,
	ZoneNames:      [3]string{"DMA", "Normal", "HighMem"},
	HasHighMem:     true,
	VmallocSize:    0xff7fe000 - 0xf8800000,
	PageOffset:     0xc0000000,
	VmallocStart:   0xf8800000,
	AddrWidth:      8,
	LastPkmap:      1024,
	StructPageSize: 32,
	KernelStart:    1 * miB,
	KernelSize:     3*miB + 512*kiB,
	// 2.6.18's {256, 256, 32} for DMA, DMA32 (empty on i386), Normal.
	LowmemReserveRatio: [2]int64{256, 32},
	RunningBox:         true,
}

// X86_64 models a 64-bit x86 kernel (arch/x86, 2.6.27): everything is
// direct-mapped at PAGE_OFFSET 0xffff880000000000, ZONE_DMA32 covers the
// first 4 GiB, there is no HighMem, and the vmalloc area (0xffffc20000000000,
// 32 TiB) is practically unlimited.
var X86_64 = Preset{
	Name:           "x86_64",
	DefaultRAM:     2 * giB,
	MinRAM:         64 * miB,
	MaxRAM:         64 * giB,
	DMALimit:       16 * miB,
	NormalLimit:    4 * giB,
	ZoneNames:      [3]string{"DMA", "DMA32", "Normal"},
	HasHighMem:     false,
	VmallocSize:    32 << 40,
	PageOffset:     0xffff880000000000,
	VmallocStart:   0xffffc20000000000,
	AddrWidth:      16,
	LastPkmap:      0,
	StructPageSize: 56,
	KernelStart:    2 * miB,
	KernelSize:     6 * miB,
	// 2.6.18's {256, 256, 32} for DMA, DMA32, Normal.
	LowmemReserveRatio: [2]int64{256, 256},
}

// PresetByName returns the preset called name ("i386" or "x86_64"), the
// choice a kernel makes when it is configured for an architecture (ARCH=).
func PresetByName(name string) (Preset, bool) {
	switch name {
	case I386.Name:
		return I386, true
	case X86_64.Name:
		return X86_64, true
	}
	return Preset{}, false
}
