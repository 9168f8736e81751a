package blockdev

import (
	"sync"

	"simpblkdev/blockdev/mm"
)

// kmemCache models a struct kmem_cache of the SLAB allocator (mm/slab.c,
// 2.6.18): objects of one size, carved out of order-0 pages that come from
// the buddy allocator, so that the pages a cache holds are gone from
// MemFree and counted in /proc/meminfo's Slab line.
//
// It keeps what that accounting needs and no more: the slabs with a free
// object, and how many pages and objects are in use. The object itself is
// the caller's Go value, which records its slab (the kernel finds it from
// the object's address, page_get_slab(virt_to_page(objp))). Unlike SLAB,
// which keeps emptied slabs on slabs_free until cache_reap() returns them
// a few seconds later, an emptied slab's page goes back at once, so that
// freeing everything a driver allocated puts the free page count exactly
// where it was. There are no per-cpu array caches and no colouring.
type kmemCache struct {
	name        string
	objSize     int // bytes, after alignment (buffer_size)
	objsPerSlab int // cache_estimate()'s num: one page per slab here

	mu      sync.Mutex // l3->list_lock; never held across the page allocation
	partial []*slab    // slabs with a free object (slabs_partial, slabs_free); the last serves
	slabs   int64      // pages held
	objects int64      // objects handed out and not freed
}

// slab models struct slab (mm/slab.c): one page and how many of its
// objects are in use.
type slab struct {
	page  *mm.Page
	inuse int
}

// What an on-slab slab descriptor costs: sizeof(struct slab), 28 bytes on
// i386 (list_head, colouroff, s_mem, inuse, free, nodeid), and one
// kmem_bufctl_t of 4 bytes per object.
const (
	slabDescSize = 28
	slabBufctl   = 4
)

// cacheEstimate models cache_estimate() (mm/slab.c, 2.6.18) for one-page
// slabs: how many objects of size bytes fit in a page, beside the slab
// descriptor when it is on the slab. kmem_cache_create puts the descriptor
// off the slab for objects of PAGE_SIZE/8 bytes or more.
func cacheEstimate(size int) int {
	if size >= mm.PAGE_SIZE/8 {
		return mm.PAGE_SIZE / size
	}
	return (mm.PAGE_SIZE - slabDescSize) / (size + slabBufctl)
}

// newKmemCache models kmem_cache_create() (mm/slab.c) for a cache of size
// bytes aligned to a word, as SLAB aligns a cache created without
// SLAB_HWCACHE_ALIGN, put on cache_chain so that SlabPages counts its pages
// as NR_SLAB counts every cache's.
func (k *Kernel) newKmemCache(name string, size, word int) *kmemCache {
	size = (size + word - 1) / word * word
	c := &kmemCache{name: name, objSize: size, objsPerSlab: cacheEstimate(size)}
	k.slabMu.Lock()
	k.cacheChain = append(k.cacheChain, c)
	k.slabMu.Unlock()
	return c
}

// alloc models kmem_cache_alloc() (mm/slab.c): an object from a slab with
// room, or from a new slab whose page cache_grow() takes from the buddy
// allocator with gfp (less __GFP_ZERO and the HighMem bits: slab pages are
// lowmem, and SLAB clears nothing the constructor does not). It returns the
// object's slab, or nil when the page allocation fails.
func (c *kmemCache) alloc(m *mm.Memory, gfp mm.GFP) *slab {
	c.mu.Lock()
	if s := c.takeFree(); s != nil {
		c.mu.Unlock()
		return s
	}
	c.mu.Unlock()
	page := m.AllocPages(gfp&^(mm.GFP_ZERO|mm.GFP_HIGHMEM|mm.GFP_DMA32), 0)
	if page == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.slabs++
	c.partial = append(c.partial, &slab{page: page})
	return c.takeFree()
}

// takeFree hands out an object of the last slab with room; call it with
// c.mu held.
func (c *kmemCache) takeFree() *slab {
	n := len(c.partial)
	if n == 0 {
		return nil
	}
	s := c.partial[n-1]
	s.inuse++
	c.objects++
	if s.inuse == c.objsPerSlab {
		c.partial = c.partial[:n-1]
	}
	return s
}

// free models kmem_cache_free() (mm/slab.c): the object goes back to its
// slab, and a slab left empty gives its page back to the buddy allocator
// (slab_destroy(), at once rather than at the next cache_reap()).
func (c *kmemCache) free(m *mm.Memory, s *slab) {
	c.mu.Lock()
	if s.inuse == c.objsPerSlab {
		c.partial = append(c.partial, s)
	}
	s.inuse--
	c.objects--
	if s.inuse > 0 {
		c.mu.Unlock()
		return
	}
	for i, p := range c.partial {
		if p == s {
			c.partial = append(c.partial[:i], c.partial[i+1:]...)
			break
		}
	}
	c.slabs--
	c.mu.Unlock()
	m.FreePages(s.page, 0)
}

// SlabPages is how many pages the slab caches hold: /proc/meminfo's Slab
// line, in pages (2.6.18's global_page_state(NR_SLAB)).
func (k *Kernel) SlabPages() int64 {
	k.slabMu.Lock()
	defer k.slabMu.Unlock()
	var n int64
	for _, c := range k.cacheChain {
		c.mu.Lock()
		n += c.slabs
		c.mu.Unlock()
	}
	return n
}
