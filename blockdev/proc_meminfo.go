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
//   - The block devices' page cache (the file systems keep their files in
//     blockdev/fs) is Buffers, as 2.6.18 counts a block device's pages;
//     Dirty and Writeback are its PG_dirty and PG_writeback pages. Cached
//     is the clean file cache earlier work left (mm.EarlierWork), which
//     falls as reclaim frees it. Both sit on the inactive list.
//   - AnonPages and PageTables are earlier work's processes: their pages
//     are the Active list and their commitment Committed_AS. There is no
//     swap, and the processes' file mappings are not modelled (Mapped 0).
//     CommitLimit is half of RAM, the default overcommit_ratio of 50.
//   - Slab is earlier work's slab pages (dentries, inodes) plus those of
//     the simulator's slab caches (slab.go): radix_tree_node, which grows
//     when a driver builds a radix tree.
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
	ew := m.EarlierWork()
	hugeKB := 4096
	if !m.Preset().HasHighMem {
		hugeKB = 2048
	}
	var b strings.Builder
	line := func(name string, pages int64) { fmt.Fprintf(&b, "%-14s%8d kB\n", name+":", pages*kb) }
	line("MemTotal", total)
	line("MemFree", free)
	line("Buffers", pc.Pages)
	line("Cached", ew.Cached)
	line("SwapCached", 0)
	line("Active", ew.Anon)
	line("Inactive", pc.Pages+ew.Cached)
	line("HighTotal", highTotal)
	line("HighFree", highFree)
	line("LowTotal", total-highTotal)
	line("LowFree", free-highFree)
	line("SwapTotal", 0)
	line("SwapFree", 0)
	line("Dirty", pc.Dirty)
	line("Writeback", pc.Writeback)
	line("AnonPages", ew.Anon)
	line("Mapped", 0)
	line("Slab", ew.Slab+k.SlabPages())
	line("PageTables", ew.PageTables)
	line("NFS_Unstable", 0)
	line("Bounce", 0)
	line("CommitLimit", total*50/100)
	line("Committed_AS", ew.Anon)
	fmt.Fprintf(&b, "%-14s%8d kB\n", "VmallocTotal:", m.VmallocTotal()>>10)
	fmt.Fprintf(&b, "%-14s%8d kB\n", "VmallocUsed:", m.VmallocUsed()>>10)
	fmt.Fprintf(&b, "%-14s%8d kB\n", "VmallocChunk:", m.VmallocChunk()>>10)
	fmt.Fprintf(&b, "HugePages_Total: %5d\nHugePages_Free:  %5d\nHugePages_Rsvd:  %5d\nHugepagesize:    %5d kB\n", 0, 0, 0, hugeKB)
	return b.String()
}
