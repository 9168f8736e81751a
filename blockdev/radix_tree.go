package blockdev

import (
	"reflect"

	"simpblkdev/blockdev/fault"
	"simpblkdev/blockdev/mm"
)

// The shape of the tree (lib/radix-tree.c): 64 slots a node
// (RADIX_TREE_MAP_SHIFT 6 without CONFIG_BASE_SMALL), and an index of
// unsigned long, here 64 bits wide, so that a tree is at most
// RADIX_TREE_MAX_PATH = 11 nodes high. On i386 the C's unsigned long has 32
// bits and the tree 6 levels; no chapter comes near an index of 2^32.
const (
	radixTreeMapShift  = 6
	radixTreeMapSize   = 1 << radixTreeMapShift
	radixTreeMapMask   = radixTreeMapSize - 1
	radixTreeIndexBits = 64
	radixTreeMaxPath   = (radixTreeIndexBits + radixTreeMapShift - 1) / radixTreeMapShift
)

// RadixTreeRoot models struct radix_tree_root (include/linux/radix-tree.h):
// the tree's height, the gfp mask its nodes are allocated with, and rnode,
// which holds the item of index 0 itself at height 0 and the top node
// otherwise. Set it up with (*Kernel).INIT_RADIX_TREE, which also ties it to
// the machine whose radix_tree_node cache (slab memory, the fault.Radix
// kind) its nodes come from.
//
// As in the kernel the tree has no lock: the caller keeps writers apart from
// each other and from readers. Lookups alone may run concurrently, as a
// make_request function's do while nothing is inserted or deleted.
type RadixTreeRoot struct {
	height  int
	gfpMask mm.GFP
	rnode   any
	k       *Kernel
}

// radixTreeNode models struct radix_tree_node (lib/radix-tree.c): count is
// how many slots are in use, a slot holds a child node or, at the bottom,
// an item. The tags of the C struct (dirty and writeback, for the page
// cache) have no user here; they are in the node's size all the same.
type radixTreeNode struct {
	count int
	slots [radixTreeMapSize]any
	slab  *slab
}

// radixTreeNodeSize is sizeof(struct radix_tree_node) in 2.6.18, the
// tutorial's kernel: unsigned int count, 64 slots and two tags of 64 bits,
// on i386 4 + 64*4 + 2*2*4 = 276 bytes (14 to a slab page), on x86_64
// 4 + 4 of padding + 64*8 + 2*1*8 = 536 (7 to a page, the slab descriptor
// off the slab). 2.6.20 added height and an rcu_head: 288 bytes on i386.
func radixTreeNodeSize(preset string) (size, word int) {
	if preset == "x86_64" {
		return 8 + radixTreeMapSize*8 + 2*8, 8
	}
	return 4 + radixTreeMapSize*4 + 2*2*4, 4
}

// radixTreeInit models radix_tree_init() (lib/radix-tree.c), called from
// start_kernel: the radix_tree_node slab cache.
func (k *Kernel) radixTreeInit() {
	size, word := radixTreeNodeSize(k.Mem.Preset().Name)
	k.radixTreeNodeCachep = k.newKmemCache("radix_tree_node", size, word)
}

// INIT_RADIX_TREE models INIT_RADIX_TREE(root, mask)
// (include/linux/radix-tree.h): an empty tree whose nodes are allocated with
// mask from this machine. A root never initialised holds index 0 alone: any
// insert that needs a node fails with -ENOMEM, as it has nowhere to take
// one from.
func (k *Kernel) INIT_RADIX_TREE(root *RadixTreeRoot, mask mm.GFP) {
	*root = RadixTreeRoot{gfpMask: mask, k: k}
}

// radixTreeMaxindex models radix_tree_maxindex() and the height_to_maxindex
// table (lib/radix-tree.c): the largest index a tree of that height holds,
// 0 at height 0, then 63, 4095, 262143, … up to ^0 at the full height.
func radixTreeMaxindex(height int) uint64 {
	width := height * radixTreeMapShift
	if width >= radixTreeIndexBits {
		return ^uint64(0)
	}
	return 1<<width - 1
}

// radixTreeNodeAlloc models radix_tree_node_alloc() (lib/radix-tree.c,
// 2.6.27): one object of the radix_tree_node cache with the root's gfp mask.
// Each call counts one fault.Radix allocation. radix_tree_preload() is not
// modelled: no chapter calls it, and without a preloaded node the kernel
// goes to kmem_cache_alloc() whatever the mask.
func radixTreeNodeAlloc(root *RadixTreeRoot) *radixTreeNode {
	k := root.k
	if k == nil || k.Fault.ShouldFail(fault.Radix) {
		return nil
	}
	s := k.radixTreeNodeCachep.alloc(k.Mem, root.gfpMask)
	if s == nil {
		return nil
	}
	return &radixTreeNode{slab: s}
}

// radixTreeNodeFree models radix_tree_node_free() (lib/radix-tree.c); 2.6.27
// defers the kmem_cache_free past an RCU grace period, which no reader here
// needs.
func radixTreeNodeFree(root *RadixTreeRoot, node *radixTreeNode) {
	root.k.radixTreeNodeCachep.free(root.k.Mem, node.slab)
}

// isNull reports whether item is C's NULL: a nil interface or a nil pointer,
// so that a (*mm.Page)(nil) is the NULL it would be in C.
func isNull(item any) bool {
	if item == nil {
		return true
	}
	v := reflect.ValueOf(item)
	return (v.Kind() == reflect.Pointer || v.Kind() == reflect.UnsafePointer) && v.IsNil()
}

// radixTreeExtend models radix_tree_extend() (lib/radix-tree.c, 2.6.27):
// raise the tree until it can hold index, each new top node taking the old
// top in its slot 0. An empty tree just takes the new height. A failed
// allocation returns -ENOMEM and keeps the levels already added.
func radixTreeExtend(root *RadixTreeRoot, index uint64) Errno {
	height := root.height + 1
	for index > radixTreeMaxindex(height) {
		height++
	}
	if root.rnode == nil {
		root.height = height
		return 0
	}
	for height > root.height {
		node := radixTreeNodeAlloc(root)
		if node == nil {
			return -ENOMEM
		}
		node.slots[0] = root.rnode
		node.count = 1
		root.rnode = node
		root.height++
	}
	return 0
}

// RadixTreeInsert models radix_tree_insert() (lib/radix-tree.c, 2.6.27):
// store item at index, growing the tree (radix_tree_extend) and adding the
// nodes on the way down. It returns 0, -EEXIST if index holds an item, or
// -ENOMEM if a node cannot be allocated.
//
// Two things it does as 2.6 does, which a caller may not expect:
//   - A failed insert stores nothing, but keeps what it had built: a tree
//     extended before the failure stays higher, and a node added on the way
//     down stays in the tree, empty, until an insert below it fills it (a
//     delete never reaches it, so deleting every item does not free it).
//   - A NULL item (nil, or a nil pointer) stores nothing, yet counts as a
//     used slot of its node, which therefore is never freed; the kernel
//     only checks that the item is not one of its tagged node pointers.
func RadixTreeInsert(root *RadixTreeRoot, index uint64, item any) Errno {
	if isNull(item) {
		item = nil
	}
	if index > radixTreeMaxindex(root.height) {
		if err := radixTreeExtend(root, index); err != 0 {
			return err
		}
	}
	var node *radixTreeNode
	offset := 0
	slot := root.rnode
	for height := root.height; height > 0; height-- {
		if slot == nil {
			child := radixTreeNodeAlloc(root)
			if child == nil {
				return -ENOMEM
			}
			if node != nil {
				node.slots[offset] = child
				node.count++
			} else {
				root.rnode = child
			}
			slot = child
		}
		node = slot.(*radixTreeNode)
		offset = int(index>>((height-1)*radixTreeMapShift)) & radixTreeMapMask
		slot = node.slots[offset]
	}
	if slot != nil {
		return -EEXIST
	}
	if node != nil {
		node.count++
		node.slots[offset] = item
	} else {
		root.rnode = item
	}
	return 0
}

// RadixTreeLookup models radix_tree_lookup() (lib/radix-tree.c): the item
// at index, or nil.
func RadixTreeLookup(root *RadixTreeRoot, index uint64) any {
	if index > radixTreeMaxindex(root.height) {
		return nil
	}
	slot := root.rnode
	for height := root.height; height > 0; height-- {
		node, _ := slot.(*radixTreeNode)
		if node == nil {
			return nil
		}
		slot = node.slots[int(index>>((height-1)*radixTreeMapShift))&radixTreeMapMask]
	}
	return slot
}

// radixTreePath is one step of a walk down: a node and the slot taken
// (struct radix_tree_path).
type radixTreePath struct {
	node   *radixTreeNode
	offset int
}

// RadixTreeDelete models radix_tree_delete() (lib/radix-tree.c, 2.6.27):
// remove the item at index and return it, or return nil if there is none.
// Nodes left empty are freed from the bottom up; when the top node is left
// with its slot 0 as its only child the tree shrinks (radix_tree_shrink),
// and a tree left empty has height 0.
func RadixTreeDelete(root *RadixTreeRoot, index uint64) any {
	if index > radixTreeMaxindex(root.height) {
		return nil
	}
	if root.height == 0 {
		item := root.rnode
		root.rnode = nil
		return item
	}
	var path [radixTreeMaxPath]radixTreePath
	n := 0
	slot := root.rnode
	for height := root.height; height > 0; height-- {
		node, _ := slot.(*radixTreeNode)
		if node == nil {
			return nil
		}
		offset := int(index>>((height-1)*radixTreeMapShift)) & radixTreeMapMask
		path[n] = radixTreePath{node, offset}
		n++
		slot = node.slots[offset]
	}
	if slot == nil {
		return nil
	}
	for i := n - 1; i >= 0; i-- {
		p := path[i]
		p.node.slots[p.offset] = nil
		p.node.count--
		if p.node.count > 0 {
			if i == 0 {
				radixTreeShrink(root)
			}
			return slot
		}
		radixTreeNodeFree(root, p.node)
	}
	root.height = 0
	root.rnode = nil
	return slot
}

// radixTreeShrink models radix_tree_shrink() (lib/radix-tree.c, 2.6.27):
// while the top node's only child is in slot 0, that child becomes the top
// (an item, once the height reaches 0) and the old top node is freed.
func radixTreeShrink(root *RadixTreeRoot) {
	for root.height > 0 {
		node := root.rnode.(*radixTreeNode)
		if node.count != 1 || node.slots[0] == nil {
			return
		}
		root.rnode = node.slots[0]
		root.height--
		node.slots[0] = nil
		node.count = 0
		radixTreeNodeFree(root, node)
	}
}

// RadixTreeGangLookup models radix_tree_gang_lookup() (lib/radix-tree.c):
// the items at firstIndex and above, in index order, at most maxItems of
// them, placed in results; it returns how many. Where C would write past
// the end of a results array shorter than maxItems, it stops at its end.
func RadixTreeGangLookup(root *RadixTreeRoot, results []any, firstIndex uint64, maxItems uint) uint {
	results = results[:min(uint(len(results)), maxItems)]
	if len(results) == 0 || root.rnode == nil {
		return 0
	}
	if root.height == 0 {
		if firstIndex > 0 {
			return 0
		}
		results[0] = root.rnode
		return 1
	}
	if firstIndex > radixTreeMaxindex(root.height) {
		return 0
	}
	return uint(gangLookup(root.rnode.(*radixTreeNode), root.height, 0, firstIndex, results, 0))
}

// gangLookup fills results from found on with the items of node, of the
// given height, whose indices (base and up) are firstIndex or more.
func gangLookup(node *radixTreeNode, height int, base, firstIndex uint64, results []any, found int) int {
	shift := (height - 1) * radixTreeMapShift
	span := uint64(1)<<shift - 1
	for i, slot := range node.slots {
		if found == len(results) {
			break
		}
		if slot == nil {
			continue
		}
		lo := base + uint64(i)<<shift
		if lo+span < firstIndex {
			continue
		}
		if height == 1 {
			results[found] = slot
			found++
		} else {
			found = gangLookup(slot.(*radixTreeNode), height-1, lo, firstIndex, results, found)
		}
	}
	return found
}

// RadixTreeMaxindex models radix_tree_maxindex(root->height)
// (lib/radix-tree.c): the largest index the tree can hold at its present
// height. Every index above it looks up as NULL.
func RadixTreeMaxindex(root *RadixTreeRoot) uint64 {
	return radixTreeMaxindex(root.height)
}

// RadixTreeNodes is how many radix tree nodes the machine has allocated and
// not freed, in every tree: the active objects of its radix_tree_node cache.
func (k *Kernel) RadixTreeNodes() int64 {
	c := k.radixTreeNodeCachep
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.objects
}
