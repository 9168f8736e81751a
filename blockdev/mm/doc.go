// Package mm simulates the physical memory of a Linux 2.6.27 machine, enough
// to run the simp_blkdev tutorial's drivers and watch what they do to it.
//
// # Zones
//
// RAM is cut into page frames of PAGE_SIZE (4096) bytes, numbered by pfn,
// each with a Page (struct page). Frames are grouped into zones: on i386
// DMA (below 16 MiB, for old ISA devices), Normal (to 896 MiB, permanently
// mapped into the kernel's address space) and HighMem (above, no permanent
// mapping); on x86_64 DMA, DMA32 (below 4 GiB) and Normal, all mapped. A
// zone the RAM does not reach is absent. Allocations try the highest zone
// their GFP flags allow first and fall back to lower ones, each only while
// it stays above its watermark and keeps its lowmem_reserve (2.6.18's
// zone_watermark_ok), so DMA is used only when the others run short and
// never down to its last pages.
//
// # Buddy allocator
//
// Each zone keeps free lists of blocks of 1, 2, 4 ... 1024 pages (orders 0
// to MAX_ORDER-1). AllocPages takes the head of the smallest list with a
// large enough block and halves it until it has the order asked for; the
// upper halves go onto the lower lists. FreePages merges a block with its
// buddy (the block whose index differs in bit "order") for as long as the
// buddy is free, then puts the result at the head of its list. BuddyInfo
// prints the lists' lengths exactly as /proc/buddyinfo does. Boot reserves
// what firmware and the kernel hold and leaves the lists fragmented in a
// way derived from Config.Seed: the same seed, the same machine.
//
// # A box that has been running a while
//
// On a preset with RunningBox (i386) boot lays out what earlier work left
// (earlier_work.go): lowmem mostly clean page cache of files read before
// the session, a few processes and the kernel's slab, the free pages in
// small pieces between them — the tutorial's chapter 7 box. EarlierWork
// reports it for /proc/meminfo. The cache sits on each zone's LRU, oldest
// first, and costs the host nothing: its pages hold seeded garbage.
//
// # Per-cpu lists
//
// Single pages pass through a per-zone cache (the per-cpu list): an empty
// cache is refilled with "batch" pages from the buddy lists, and a cache
// that reaches "high" gives "batch" pages back. That is why the order-0
// column of /proc/buddyinfo moves in steps of 31 rather than one by one.
// NrFreePages counts pages in the caches as free.
//
// # Page contents
//
// A page keeps its bytes when it is freed: the next owner sees what the last
// one left, unless it asks for __GFP_ZERO. A page never used since boot
// holds garbage derived from the seed.
//
// Host memory follows what was written, not what was allocated or read:
//
//   - A page has no bytes in host memory until it is written (WritePage, or
//     Kunmap of a window that changed) or its address is taken (PageAddress,
//     Kmap of a lowmem page: the caller may write through the slice). Until
//     then it reads, at no cost, as its garbage, computed from (seed, pfn,
//     offset), or as zeros if it was allocated with __GFP_ZERO since. ReadPage
//     never materialises a page, and neither does writing zeros onto a
//     cleared one. So allocating a 16 GiB device, with or without
//     __GFP_ZERO, and reading it whole cost only its page frames.
//   - When memory goes back to the host: a freed page keeps its bytes, and
//     the host memory holding them, while it is free and for its next owner,
//     because chapter 9's leak needs them. An allocation with __GFP_ZERO
//     drops them: the pages read as zeros again and cost nothing. Nothing
//     else bounds it: a 16 GiB device written whole and unloaded keeps its
//     16 GiB of host memory until its pages are allocated again with
//     __GFP_ZERO.
//   - Written bytes are held per page (PAGE_SIZE each, plus a table of
//     slices per 64 pfns); the pages of a block whose address is taken as a
//     whole share one contiguous buffer, so PageAddress(p, order) is one
//     slice. A page frame (struct page) is 16 bytes without Go pointers —
//     list links are pfns, the zone is found from the pfn and the machine
//     from an id — made 4 MiB of RAM at a time on first use, so the garbage
//     collector never scans the frames and a big machine's frames cost 16
//     bytes per page used.
//
// A driver that moves data with ReadPage and WritePage (memcpy() from and to
// page_address()) costs the host only what is written to it; one that
// copies through PageAddress materialises every page it touches, reads
// included.
//
// # kmap
//
// HighMem pages have no kernel address: PageAddress returns nil for them.
// Kmap lends one of LAST_PKMAP windows; Kunmap writes the window back to the
// page and fills it with poison (0x6b). Reading a stale window shows poison;
// writing to one is printed as "BUG: write to unmapped HighMem page" when
// the window is reused or CheckKmapPoison looks. KmapsInUse counts kmaps
// not yet undone.
//
// # vmalloc
//
// Vmalloc reserves a range of the vmalloc window (first fit, plus a guard
// page) and backs it with single pages from anywhere, HighMem included; the
// pages need not be contiguous. The i386 window is about 112 MiB, of which
// the kernel already uses some at boot, so a module with a 16 MiB array
// loads and one with 128 MiB does not.
//
// # Failures
//
// Config.Fault makes the Nth page or vmalloc allocation fail. Under memory
// pressure an allocation that may sleep reclaims (reclaim.go): earlier
// work's page cache first, then what the registered shrinker (the block
// devices' page cache) frees; for order <= 3 it retries for as long as
// reclaim frees something, and fails when it frees nothing (there is no
// OOM killer).
//
// # Errors
//
// The package's calls have the shape of the C functions they model, so a
// driver's Go has the chapter's C branches and no others:
//
//   - An allocation fails as C's does, with nil or 0 and no errno:
//     AllocPages and Vmalloc return nil (alloc_pages() and vmalloc() return
//     NULL), GetFreePages 0. The caller picks the errno, as C code does
//     (load_module() answers a failed vmalloc with -ENOMEM); inside the
//     kernel it is a negative errno.Errno.
//   - What cannot fail in C reports no failure: FreePages, FreePagesAddr,
//     Vfree and Kunmap return nothing (__free_pages(), free_pages(), vfree()
//     and kunmap() are void), Kmap returns only the mapping, as kmap() does,
//     and ReadPage, WritePage and VmArea's Read and Write, which model
//     memcpy() to and from a page's or an area's mapping, return nothing.
//   - Misuse — double free, freeing with the wrong order, a NULL page, a
//     page or area of another machine, vfree of an area already freed,
//     kunmap without kmap, a copy outside the page or area — never panics
//     and changes nothing. It is printed through Config.Logf as the kernel
//     would print it: the "Bad page state" report of bad_page(), "Trying to
//     vfree() nonexistent vm area", a "BUG: ..." line where the kernel would
//     oops or hit a BUG(). A test learns of misuse from that log.
//
// Only New returns a Go error: checking a machine's configuration is the
// simulator's business, before there is a kernel to return an errno.
// CheckKmapPoison, also the simulator's, returns how many stale kmap writes
// it printed.
package mm
