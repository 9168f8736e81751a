package mm

// PAGE_SHIFT models PAGE_SHIFT (include/asm-x86/page.h, 2.6.27): a page is
// 1<<PAGE_SHIFT bytes on both i386 and x86_64.
const PAGE_SHIFT = 12

// PAGE_SIZE models PAGE_SIZE (include/asm-x86/page.h, 2.6.27).
const PAGE_SIZE = 1 << PAGE_SHIFT

// PAGE_MASK models PAGE_MASK (include/asm-x86/page.h, 2.6.27): the bits of
// an address above the offset in its page; x & ^PAGE_MASK is that offset.
const PAGE_MASK = ^(PAGE_SIZE - 1)

// MAX_ORDER models MAX_ORDER (include/linux/mmzone.h, 2.6.27): the buddy
// allocator keeps free lists for orders 0 .. MAX_ORDER-1, so the largest block
// is 1<<(MAX_ORDER-1) pages (4 MiB).
const MAX_ORDER = 11

// SWAP_CLUSTER_MAX models SWAP_CLUSTER_MAX (include/linux/swap.h, 2.6.27):
// the number of pages direct reclaim asks for at least.
const SWAP_CLUSTER_MAX = 32

// PAGE_POISON is the byte an unmapped pkmap slot is filled with, after
// POISON_FREE (include/linux/poison.h, 2.6.27): a stale slice reads 0x6b.
const PAGE_POISON = 0x6b

// pagesPerBlock is the number of pages in a MAX_ORDER-1 block, the unit in
// which struct pages are created lazily.
const pagesPerBlock = 1 << (MAX_ORDER - 1)

// printk levels (include/linux/kernel.h KERN_EMERG .. KERN_DEBUG).
const (
	kernEmerg   = 0
	kernAlert   = 1
	kernCrit    = 2
	kernErr     = 3
	kernWarning = 4
	kernNotice  = 5
	kernInfo    = 6
	kernDebug   = 7
)
