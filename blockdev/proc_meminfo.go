package blockdev

import (
	"fmt"
	"strings"
)

// procMeminfo models /proc/meminfo (meminfo_read_proc, fs/proc/proc_misc.c,
// 2.6.18, and hugetlb_report_meminfo), in kB from the machine's counts:
//
//   - MemTotal is what boot gave the buddy allocator, MemFree what its free
//     lists and per-cpu lists hold now (so it drops when insmod takes pages);
//     HighTotal/HighFree are the HighMem zone's, LowTotal/LowFree the rest.
//   - The only page cache is the block devices' (the file systems keep
//     their files in blockdev/fs), and 2.6.18 counts a block device's pages
//     as Buffers, not Cached; they sit on the LRU list the simulator keeps
//     as the inactive one. Dirty and Writeback are its PG_dirty and
//     PG_writeback pages.
//   - Slab is the pages the slab caches hold (slab.go); the only cache is
//     radix_tree_node, so it is 0 until a driver builds a radix tree.
//   - There is no swap and no user process (AnonPages, Mapped, PageTables,
//     Committed_AS), so those are 0; CommitLimit is half of RAM, the
//     default overcommit_ratio of 50.
//   - Vmalloc* are the vmalloc window's, where module cores live.
//
// 2.6.18 prints the High/Low lines on every architecture (0 without
// HighMem); hugepages are 4 MiB on i386 without PAE, 2 MiB on x86_64.
func (k *Kernel) procMeminfo() string {
	m := k.Mem
	const kb = 4096 / 1024
	total, free := m.TotalRAMPages(), m.NrFreePages()
	var highTotal, highFree int64
	for _, z := range m.Zones() {
		if z.IsHighMem() {
			highTotal += z.PresentPages()
			highFree += z.NrFree()
		}
	}
	pc := k.PageCacheStat()
	hugeKB := 4096
	if !m.Preset().HasHighMem {
		hugeKB = 2048
	}
	var b strings.Builder
	line := func(name string, pages int64) { fmt.Fprintf(&b, "%-14s%8d kB\n", name+":", pages*kb) }
	line("MemTotal", total)
	line("MemFree", free)
	line("Buffers", pc.Pages)
	line("Cached", 0)
	line("SwapCached", 0)
	line("Active", 0)
	line("Inactive", pc.Pages)
	line("HighTotal", highTotal)
	line("HighFree", highFree)
	line("LowTotal", total-highTotal)
	line("LowFree", free-highFree)
	line("SwapTotal", 0)
	line("SwapFree", 0)
	line("Dirty", pc.Dirty)
	line("Writeback", pc.Writeback)
	line("AnonPages", 0)
	line("Mapped", 0)
	line("Slab", k.SlabPages())
	line("PageTables", 0)
	line("NFS_Unstable", 0)
	line("Bounce", 0)
	line("CommitLimit", total*50/100)
	line("Committed_AS", 0)
	fmt.Fprintf(&b, "%-14s%8d kB\n", "VmallocTotal:", m.VmallocTotal()>>10)
	fmt.Fprintf(&b, "%-14s%8d kB\n", "VmallocUsed:", m.VmallocUsed()>>10)
	fmt.Fprintf(&b, "%-14s%8d kB\n", "VmallocChunk:", m.VmallocChunk()>>10)
	fmt.Fprintf(&b, "HugePages_Total: %5d\nHugePages_Free:  %5d\nHugePages_Rsvd:  %5d\nHugepagesize:    %5d kB\n", 0, 0, 0, hugeKB)
	return b.String()
}
