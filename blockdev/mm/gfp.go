package mm

import (
	"fmt"
	"strings"
)

// GFP models gfp_t (include/linux/gfp.h, 2.6.27): the flags that tell the
// page allocator where it may take memory from and how hard it may try.
type GFP uint32

// Zone modifiers and action modifiers, from include/linux/gfp.h (2.6.27). The
// kernel spells them with two leading underscores (__GFP_HIGHMEM); Go names
// cannot, so they drop the underscores.
const (
	GFP_DMA     GFP = 0x01   // models __GFP_DMA: only ZONE_DMA (below 16 MiB)
	GFP_HIGHMEM GFP = 0x02   // models __GFP_HIGHMEM: HighMem allowed (and preferred)
	GFP_DMA32   GFP = 0x04   // models __GFP_DMA32: x86_64 only, below 4 GiB
	GFP_WAIT    GFP = 0x10   // models __GFP_WAIT: may sleep, so may reclaim
	GFP_HIGH    GFP = 0x20   // models __GFP_HIGH: may dip into reserves (no effect here)
	GFP_IO      GFP = 0x40   // models __GFP_IO: may start I/O to reclaim
	GFP_FS      GFP = 0x80   // models __GFP_FS: may call into file systems to reclaim
	GFP_NOWARN  GFP = 0x200  // models __GFP_NOWARN: no "page allocation failure" message
	GFP_ZERO    GFP = 0x8000 // models __GFP_ZERO: every page of the block reads as zeros
)

// Composite masks, from include/linux/gfp.h (2.6.27).
const (
	GFP_ATOMIC   GFP = GFP_HIGH                   // models GFP_ATOMIC: no sleeping, no reclaim
	GFP_NOIO     GFP = GFP_WAIT                   // models GFP_NOIO: may reclaim, without I/O
	GFP_NOFS     GFP = GFP_WAIT | GFP_IO          // models GFP_NOFS
	GFP_KERNEL   GFP = GFP_WAIT | GFP_IO | GFP_FS // models GFP_KERNEL (0xd0)
	GFP_USER     GFP = GFP_WAIT | GFP_IO | GFP_FS // models GFP_USER; the kernel adds __GFP_HARDWALL (cpusets), which has no meaning here
	GFP_HIGHUSER GFP = GFP_USER | GFP_HIGHMEM     // models GFP_HIGHUSER
)

var gfpNames = []struct {
	flag GFP
	name string
}{
	{GFP_DMA, "__GFP_DMA"},
	{GFP_HIGHMEM, "__GFP_HIGHMEM"},
	{GFP_DMA32, "__GFP_DMA32"},
	{GFP_WAIT, "__GFP_WAIT"},
	{GFP_HIGH, "__GFP_HIGH"},
	{GFP_IO, "__GFP_IO"},
	{GFP_FS, "__GFP_FS"},
	{GFP_NOWARN, "__GFP_NOWARN"},
	{GFP_ZERO, "__GFP_ZERO"},
}

// String spells the mask the way kernel sources do, for example
// "__GFP_WAIT|__GFP_IO|__GFP_FS" for GFP_KERNEL. Unknown bits print in hex.
func (g GFP) String() string {
	if g == 0 {
		return "0"
	}
	var parts []string
	for _, n := range gfpNames {
		if g&n.flag != 0 {
			parts = append(parts, n.name)
			g &^= n.flag
		}
	}
	if g != 0 {
		parts = append(parts, fmt.Sprintf("%#x", uint32(g)))
	}
	return strings.Join(parts, "|")
}
