package blockdev

import (
	"fmt"
	"maps"
	"math/rand"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"simpblkdev/blockdev/fault"
	"simpblkdev/blockdev/mm"
)

func bootRadix(t testing.TB, preset string) *Kernel {
	t.Helper()
	k, err := Boot(Config{Seed: 1, Preset: preset})
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// minHeight is the height a tree holding indices up to max must have and
// 2.6 keeps: the smallest h with radix_tree_maxindex(h) >= max.
func minHeight(max uint64) int {
	h := 0
	for radixTreeMaxindex(h) < max {
		h++
	}
	return h
}

// walkTree checks that every node's count is its number of used slots and
// that no node is empty, and returns how many nodes the tree has.
func walkTree(t *testing.T, root *RadixTreeRoot) int64 {
	t.Helper()
	return walkNodes(t, root, false)
}

// walkNodes is walkTree, allowing empty nodes if a failed insert may have
// left some.
func walkNodes(t *testing.T, root *RadixTreeRoot, allowEmpty bool) int64 {
	t.Helper()
	if root.height == 0 || root.rnode == nil && allowEmpty {
		if _, isNode := root.rnode.(*radixTreeNode); isNode {
			t.Fatalf("height 0 with a node in rnode")
		}
		return 0
	}
	var walk func(n *radixTreeNode, height int) int64
	walk = func(n *radixTreeNode, height int) int64 {
		nodes, used := int64(1), 0
		for _, s := range n.slots {
			if s == nil {
				continue
			}
			used++
			if height > 1 {
				nodes += walk(s.(*radixTreeNode), height-1)
			}
		}
		if used != n.count || used == 0 && !allowEmpty {
			t.Fatalf("node at height %d: count %d, %d slots used", height, n.count, used)
		}
		return nodes
	}
	return walk(root.rnode.(*radixTreeNode), root.height)
}

// randomIndex draws indices that exercise every height: small ones, ones
// around the boundaries 63/64, 4095/4096, …, and any 64-bit value.
func randomIndex(rng *rand.Rand) uint64 {
	switch rng.Intn(4) {
	case 0:
		return uint64(rng.Intn(130))
	case 1:
		h := 1 + rng.Intn(radixTreeMaxPath)
		return radixTreeMaxindex(h) - 2 + uint64(rng.Intn(4))
	case 2:
		return uint64(rng.Intn(1 << 14))
	}
	return rng.Uint64() >> rng.Intn(64)
}

// TestRadixTreeAgainstMap runs random insert, delete, lookup and gang
// lookup sequences against a Go map; after every step the tree's height is
// the least that holds its largest index, its nodes are consistent, and
// the radix_tree_node cache holds exactly the nodes the tree has.
func TestRadixTreeAgainstMap(t *testing.T) {
	k := bootRadix(t, "")
	freeBefore := k.Mem.NrFreePages()
	for seed := int64(1); seed <= 20; seed++ {
		rng := rand.New(rand.NewSource(seed))
		var root RadixTreeRoot
		k.INIT_RADIX_TREE(&root, mm.GFP_KERNEL)
		model := map[uint64]int{}
		var present []uint64
		for step := 0; step < 600; step++ {
			index := randomIndex(rng)
			if len(present) > 0 && rng.Intn(3) == 0 {
				index = present[rng.Intn(len(present))]
			}
			op := rng.Intn(10)
			switch {
			case op < 5:
				want := Errno(0)
				if _, ok := model[index]; ok {
					want = -EEXIST
				}
				if got := RadixTreeInsert(&root, index, step); got != want {
					t.Fatalf("seed %d step %d: insert %d = %v, want %v", seed, step, index, got, want)
				}
				if want == 0 {
					model[index] = step
				}
			case op < 8:
				want, ok := model[index]
				got := RadixTreeDelete(&root, index)
				if !ok && got != nil || ok && got != want {
					t.Fatalf("seed %d step %d: delete %d = %v, want %v (present %t)", seed, step, index, got, want, ok)
				}
				delete(model, index)
			case op < 9:
				want, ok := model[index]
				got := RadixTreeLookup(&root, index)
				if !ok && got != nil || ok && got != want {
					t.Fatalf("seed %d step %d: lookup %d = %v, want %v", seed, step, index, got, want)
				}
			default:
				checkGang(t, &root, model, index, uint(rng.Intn(70)))
			}
			present = slices.Sorted(maps.Keys(model))
			var max uint64
			if len(present) > 0 {
				max = present[len(present)-1]
			}
			if h := minHeight(max); root.height != h {
				t.Fatalf("seed %d step %d: height %d holding indices up to %d, want %d", seed, step, root.height, max, h)
			}
			if nodes := walkTree(t, &root); nodes != k.RadixTreeNodes() {
				t.Fatalf("seed %d step %d: the tree has %d nodes, the cache %d objects", seed, step, nodes, k.RadixTreeNodes())
			}
		}
		for _, index := range present {
			if got := RadixTreeDelete(&root, index); got != model[index] {
				t.Fatalf("seed %d: final delete %d = %v, want %v", seed, index, got, model[index])
			}
		}
		if root.height != 0 || root.rnode != nil || k.RadixTreeNodes() != 0 || k.SlabPages() != 0 {
			t.Fatalf("seed %d: emptied tree: height %d, rnode %v, %d nodes, %d slab pages; want all 0", seed, root.height, root.rnode, k.RadixTreeNodes(), k.SlabPages())
		}
	}
	if free := k.Mem.NrFreePages(); free != freeBefore {
		t.Errorf("free pages %d after every tree was emptied, %d before", free, freeBefore)
	}
}

// checkGang compares radix_tree_gang_lookup from first with the model.
func checkGang(t *testing.T, root *RadixTreeRoot, model map[uint64]int, first uint64, max uint) {
	t.Helper()
	want := []any{}
	for _, index := range slices.Sorted(maps.Keys(model)) {
		if index >= first && uint(len(want)) < max {
			want = append(want, model[index])
		}
	}
	results := make([]any, max)
	n := RadixTreeGangLookup(root, results, first, max)
	if diff := cmp.Diff(want, results[:n]); diff != "" {
		t.Fatalf("gang lookup from %d, at most %d (-want +got):\n%s", first, max, diff)
	}
}

// TestRadixTreeFaultsAgainstMap is TestRadixTreeAgainstMap with node
// allocations failing at random: a failed insert stores nothing and changes
// no item, and every node the cache has handed out is in the tree (2.6 may
// leave some of them empty, so heights are not checked).
func TestRadixTreeFaultsAgainstMap(t *testing.T) {
	k := bootRadix(t, "")
	for seed := int64(1); seed <= 10; seed++ {
		rng := rand.New(rand.NewSource(seed))
		var root RadixTreeRoot
		k.INIT_RADIX_TREE(&root, mm.GFP_KERNEL)
		model := map[uint64]int{}
		earlier := k.RadixTreeNodes() // the empty nodes earlier seeds' trees kept
		for step := 0; step < 400; step++ {
			index := randomIndex(rng)
			if rng.Intn(3) == 0 {
				k.Fault.FailNth(fault.Radix, 1+rng.Intn(3))
			}
			if rng.Intn(3) > 0 {
				err := RadixTreeInsert(&root, index, step)
				_, taken := model[index]
				switch {
				case err == 0 && !taken:
					model[index] = step
				case err == -EEXIST && taken, err == -ENOMEM && !taken:
				default:
					t.Fatalf("seed %d step %d: insert %d = %v (taken %t)", seed, step, index, err, taken)
				}
			} else {
				want, ok := model[index]
				if got := RadixTreeDelete(&root, index); !ok && got != nil || ok && got != want {
					t.Fatalf("seed %d step %d: delete %d = %v, want %v", seed, step, index, got, want)
				}
				delete(model, index)
			}
			for index, want := range model {
				if got := RadixTreeLookup(&root, index); got != want {
					t.Fatalf("seed %d step %d: lookup %d = %v, want %v", seed, step, index, got, want)
				}
			}
			if nodes := walkNodes(t, &root, true); nodes != k.RadixTreeNodes()-earlier {
				t.Fatalf("seed %d step %d: the tree has %d nodes, the cache %d new objects", seed, step, nodes, k.RadixTreeNodes()-earlier)
			}
		}
		k.Fault.FailNth(fault.Radix, 0)
		for index := range model {
			RadixTreeDelete(&root, index)
		}
		if nodes := walkNodes(t, &root, true); nodes != k.RadixTreeNodes()-earlier {
			t.Fatalf("seed %d: emptied, the tree has %d nodes, the cache %d new objects", seed, nodes, k.RadixTreeNodes()-earlier)
		}
	}
}

func TestRadixTreeMaxindex(t *testing.T) {
	want := []uint64{0, 63, 4095, 262143, 1<<24 - 1}
	for h, w := range want {
		if got := radixTreeMaxindex(h); got != w {
			t.Errorf("radix_tree_maxindex(%d) = %d, want %d", h, got, w)
		}
	}
	if got := radixTreeMaxindex(10); got != 1<<60-1 {
		t.Errorf("radix_tree_maxindex(10) = %#x, want 2^60-1", got)
	}
	if got := radixTreeMaxindex(radixTreeMaxPath); got != ^uint64(0) {
		t.Errorf("radix_tree_maxindex(%d) = %#x, want ~0UL", radixTreeMaxPath, got)
	}
}

// TestRadixTreeIndexZero: 2.6 keeps a lone index 0 in the root itself, at
// height 0, with no node; index 1 needs one node at height 1, and deleting
// it shrinks the tree back.
func TestRadixTreeIndexZero(t *testing.T) {
	k := bootRadix(t, "")
	var root RadixTreeRoot
	k.INIT_RADIX_TREE(&root, mm.GFP_KERNEL)
	if root.height != 0 || root.rnode != nil {
		t.Fatalf("INIT_RADIX_TREE: height %d, rnode %v", root.height, root.rnode)
	}
	if err := RadixTreeInsert(&root, 0, "zero"); err != 0 {
		t.Fatal(err)
	}
	if root.height != 0 || root.rnode != "zero" || k.RadixTreeNodes() != 0 {
		t.Fatalf("index 0 alone: height %d, rnode %v, %d nodes; want 0, the item, 0", root.height, root.rnode, k.RadixTreeNodes())
	}
	if err := RadixTreeInsert(&root, 1, "one"); err != 0 {
		t.Fatal(err)
	}
	if root.height != 1 || k.RadixTreeNodes() != 1 {
		t.Fatalf("indices 0 and 1: height %d, %d nodes; want 1, 1", root.height, k.RadixTreeNodes())
	}
	if got := RadixTreeDelete(&root, 1); got != "one" {
		t.Fatalf("delete 1 = %v", got)
	}
	if root.height != 0 || root.rnode != "zero" || k.RadixTreeNodes() != 0 {
		t.Fatalf("after delete 1: height %d, rnode %v, %d nodes; want the tree shrunk to height 0", root.height, root.rnode, k.RadixTreeNodes())
	}
}

func TestRadixTreeInsertTakenIndex(t *testing.T) {
	k := bootRadix(t, "")
	var root RadixTreeRoot
	k.INIT_RADIX_TREE(&root, mm.GFP_KERNEL)
	for _, index := range []uint64{0, 64, 4096, 1 << 40} {
		if err := RadixTreeInsert(&root, index, index); err != 0 {
			t.Fatal(err)
		}
		nodes := k.RadixTreeNodes()
		if err := RadixTreeInsert(&root, index, "again"); err != -EEXIST {
			t.Errorf("insert at taken %d = %v, want -EEXIST", index, err)
		}
		if got := RadixTreeLookup(&root, index); got != index || k.RadixTreeNodes() != nodes {
			t.Errorf("after -EEXIST at %d: lookup %v, %d nodes (%d before)", index, got, k.RadixTreeNodes(), nodes)
		}
	}
}

// TestRadixTreeDeleteMissing: a missing index, in an empty tree, beyond
// the height or in a hole, returns nil and changes nothing; the chapter's
// free_diskmem relies on it for a half-built tree.
func TestRadixTreeDeleteMissing(t *testing.T) {
	k := bootRadix(t, "")
	var root RadixTreeRoot
	k.INIT_RADIX_TREE(&root, mm.GFP_KERNEL)
	if got := RadixTreeDelete(&root, 0); got != nil {
		t.Errorf("delete 0 of an empty tree = %v", got)
	}
	for _, index := range []uint64{3, 70} {
		if err := RadixTreeInsert(&root, index, index); err != 0 {
			t.Fatal(err)
		}
	}
	for _, index := range []uint64{0, 4, 64, 127, 128, 4096, ^uint64(0)} {
		if got := RadixTreeDelete(&root, index); got != nil {
			t.Errorf("delete of missing %d = %v", index, got)
		}
	}
	if root.height != 2 || walkTree(t, &root) != 3 || k.RadixTreeNodes() != 3 {
		t.Errorf("after deleting missing indices: height %d, %d nodes; want 2, 3", root.height, k.RadixTreeNodes())
	}
}

func TestRadixTreeGangLookupBounds(t *testing.T) {
	k := bootRadix(t, "")
	var root RadixTreeRoot
	k.INIT_RADIX_TREE(&root, mm.GFP_KERNEL)
	results := make([]any, 8)
	if n := RadixTreeGangLookup(&root, results, 0, 8); n != 0 {
		t.Errorf("empty tree: %d found", n)
	}
	model := map[uint64]int{}
	if err := RadixTreeInsert(&root, 0, 100); err != 0 {
		t.Fatal(err)
	}
	model[0] = 100
	checkGang(t, &root, model, 0, 8) // height 0: the root's own item
	checkGang(t, &root, model, 1, 8)
	checkGang(t, &root, model, 0, 0)
	for i, index := range []uint64{1, 63, 64, 4095, 4096, 1 << 40, ^uint64(0) - 1, ^uint64(0)} {
		if err := RadixTreeInsert(&root, index, i); err != 0 {
			t.Fatal(err)
		}
		model[index] = i
	}
	for _, first := range []uint64{0, 1, 2, 63, 64, 65, 4096, 4097, 1<<40 + 1, ^uint64(0) - 1, ^uint64(0)} {
		for _, max := range []uint{0, 1, 2, 3, 9, 20} {
			checkGang(t, &root, model, first, max)
		}
	}
	// A results slice shorter than max_items: C would overrun it.
	if n := RadixTreeGangLookup(&root, results[:2], 0, 9); n != 2 || results[0] != 100 || results[1] != 0 {
		t.Errorf("gang lookup into 2 slots, max 9: %d found, %v", n, results[:2])
	}
}

// chapterTree builds the chapter's tree: alloc_diskmem inserts one item per
// index from 0, stopping at the first error.
func chapterTree(k *Kernel, root *RadixTreeRoot, n int) (int, Errno) {
	k.INIT_RADIX_TREE(root, mm.GFP_KERNEL)
	for i := 0; i < n; i++ {
		if err := RadixTreeInsert(root, uint64(i), i+1); IS_ERR_VALUE(err) {
			return i, err
		}
	}
	return n, 0
}

// freeDiskmem is the chapter's free_diskmem: lookup and delete every index.
func freeDiskmem(root *RadixTreeRoot, n int) {
	for i := 0; i < n; i++ {
		RadixTreeLookup(root, uint64(i))
		RadixTreeDelete(root, uint64(i))
	}
}

// TestRadixTreeChapterSizes: 16 MiB of pages is a tree of height 2 with 65
// nodes, 1024 order-2 segments one of 17 (KERNEL-FACTS §6); the nodes'
// slab pages are taken from MemFree and shown as Slab, and freeing the
// tree gives them back.
func TestRadixTreeChapterSizes(t *testing.T) {
	for _, tc := range []struct {
		preset     string
		items      int
		nodes      int64
		slabKB     int64
		objsPerPag int
	}{
		{"i386", 4096, 65, 5 * 4, 14},
		{"i386", 1024, 17, 2 * 4, 14},
		{"x86_64", 4096, 65, 10 * 4, 7},
	} {
		t.Run(fmt.Sprintf("%s/%d", tc.preset, tc.items), func(t *testing.T) {
			k := bootRadix(t, tc.preset)
			if got := k.radixTreeNodeCachep.objsPerSlab; got != tc.objsPerPag {
				t.Errorf("%d radix_tree_node objects a slab page, want %d", got, tc.objsPerPag)
			}
			// Earlier work's slab is there from boot; the tree adds to it.
			slab0 := meminfoKB(t, k, "Slab")
			if k.SlabPages() != 0 {
				t.Errorf("radix_tree_node holds %d pages before any tree, want 0", k.SlabPages())
			}
			freeKB := meminfoKB(t, k, "MemFree")
			var root RadixTreeRoot
			if n, err := chapterTree(k, &root, tc.items); err != 0 {
				t.Fatalf("insert %d: %v", n, err)
			}
			if root.height != 2 || k.RadixTreeNodes() != tc.nodes {
				t.Errorf("height %d, %d nodes; want 2, %d", root.height, k.RadixTreeNodes(), tc.nodes)
			}
			if kb := meminfoKB(t, k, "Slab") - slab0; kb != tc.slabKB {
				t.Errorf("Slab grew by %d kB, want %d", kb, tc.slabKB)
			}
			if kb := meminfoKB(t, k, "MemFree"); kb != freeKB-tc.slabKB {
				t.Errorf("MemFree %d kB, want %d less the slab's %d", kb, freeKB, tc.slabKB)
			}
			freeDiskmem(&root, tc.items)
			if k.RadixTreeNodes() != 0 || meminfoKB(t, k, "Slab") != slab0 || meminfoKB(t, k, "MemFree") != freeKB {
				t.Errorf("after free_diskmem: %d nodes, Slab %d kB, MemFree %d kB (%d before)", k.RadixTreeNodes(), meminfoKB(t, k, "Slab"), meminfoKB(t, k, "MemFree"), freeKB)
			}
		})
	}
}

// TestRadixTreeFailNthNode fails each node allocation the chapter's 4096
// inserts make, through fault.Radix and through the slab's page: the
// failing insert returns -ENOMEM and stores nothing, the items before it
// stay, every node allocated is in the tree, and free_diskmem gives back
// every node and page.
func TestRadixTreeFailNthNode(t *testing.T) {
	k := bootRadix(t, "")
	freeBefore := k.Mem.NrFreePages()
	var root RadixTreeRoot
	k.Fault.FailNth(fault.Radix, 0) // start counting
	k.Fault.FailNth(fault.Page, 0)
	chapterTree(k, &root, 4096)
	nodeAllocs := k.Fault.Calls(fault.Radix)
	pageAllocs := k.Fault.Calls(fault.Page)
	freeDiskmem(&root, 4096)
	if nodeAllocs != 65 || pageAllocs != 5 {
		t.Fatalf("the chapter's tree allocates %d nodes on %d slab pages, want 65 on 5", nodeAllocs, pageAllocs)
	}
	for _, kind := range []fault.Kind{fault.Radix, fault.Page} {
		calls := nodeAllocs
		if kind == fault.Page {
			calls = pageAllocs
		}
		for n := 1; n <= calls; n++ {
			k.Fault.FailNth(kind, n)
			done, err := chapterTree(k, &root, 4096)
			k.Fault.FailNth(kind, 0)
			if err != -ENOMEM {
				t.Fatalf("%s %d: alloc_diskmem's inserts = %v, want -ENOMEM", kind, n, err)
			}
			if RadixTreeLookup(&root, uint64(done)) != nil || RadixTreeLookup(&root, uint64(done-1)) != done {
				t.Errorf("%s %d: insert %d failed, yet the tree holds %v there and %v before it", kind, n, done, RadixTreeLookup(&root, uint64(done)), RadixTreeLookup(&root, uint64(done-1)))
			}
			if nodes := walkTree(t, &root); nodes != k.RadixTreeNodes() {
				t.Errorf("%s %d: the tree has %d nodes, the cache %d objects", kind, n, nodes, k.RadixTreeNodes())
			}
			freeDiskmem(&root, 4096)
			if k.RadixTreeNodes() != 0 || k.SlabPages() != 0 || k.Mem.NrFreePages() != freeBefore {
				t.Errorf("%s %d: after free_diskmem %d nodes, %d slab pages, %d free pages (%d before)", kind, n, k.RadixTreeNodes(), k.SlabPages(), k.Mem.NrFreePages(), freeBefore)
			}
		}
	}
}

// TestRadixTreeFailedInsertKeepsItsNodes shows what 2.6 does when an insert
// that needs two new nodes below the top gets only the first: on a 20 MiB
// disk (5120 pages, step 8's size=20M) index 4096 extends the tree to
// height 3 (node 66), adds the middle node (67) and fails on the leaf (68).
// The middle node stays in the tree, empty; free_diskmem never reaches it,
// so it and the top node outlive the tree. A new insert under it uses it.
func TestRadixTreeFailedInsertKeepsItsNodes(t *testing.T) {
	k := bootRadix(t, "")
	var root RadixTreeRoot
	k.Fault.FailNth(fault.Radix, 68)
	done, err := chapterTree(k, &root, 5120)
	if done != 4096 || err != -ENOMEM {
		t.Fatalf("alloc_diskmem stopped at %d with %v, want 4096 with -ENOMEM", done, err)
	}
	freeDiskmem(&root, 5120)
	if root.height != 3 || k.RadixTreeNodes() != 2 || k.SlabPages() != 1 {
		t.Fatalf("after free_diskmem: height %d, %d nodes, %d slab pages; want 3, 2, 1 (2.6's leftover)", root.height, k.RadixTreeNodes(), k.SlabPages())
	}
	if err := RadixTreeInsert(&root, 4096, "again"); err != 0 || k.RadixTreeNodes() != 3 {
		t.Fatalf("insert 4096 again: %v, %d nodes; want 0 and one new leaf", err, k.RadixTreeNodes())
	}
	RadixTreeDelete(&root, 4096)
	if root.height != 0 || k.RadixTreeNodes() != 0 {
		t.Errorf("after deleting it: height %d, %d nodes; want 0, 0", root.height, k.RadixTreeNodes())
	}
}

// TestRadixTreeNullItem: 2.6 does not refuse a NULL item; it stores
// nothing but counts the slot, so the leaf is never freed.
func TestRadixTreeNullItem(t *testing.T) {
	k := bootRadix(t, "")
	var root RadixTreeRoot
	k.INIT_RADIX_TREE(&root, mm.GFP_KERNEL)
	var page *mm.Page
	if err := RadixTreeInsert(&root, 5, page); err != 0 {
		t.Fatalf("insert of a nil *mm.Page = %v, want 0 as the kernel returns", err)
	}
	if got := RadixTreeLookup(&root, 5); got != nil {
		t.Errorf("lookup of the NULL item = %#v, want nil", got)
	}
	if got := RadixTreeDelete(&root, 5); got != nil || k.RadixTreeNodes() != 1 || root.rnode.(*radixTreeNode).count != 1 {
		t.Errorf("delete = %v with %d nodes; want nil and the leaf kept, its count 1", got, k.RadixTreeNodes())
	}
}

// TestRadixTreeUninitialised: a root INIT_RADIX_TREE never saw has no
// machine to take nodes from.
func TestRadixTreeUninitialised(t *testing.T) {
	var root RadixTreeRoot
	if err := RadixTreeInsert(&root, 0, 1); err != 0 {
		t.Errorf("insert 0 = %v: index 0 needs no node", err)
	}
	if err := RadixTreeInsert(&root, 1, 2); err != -ENOMEM {
		t.Errorf("insert 1 = %v, want -ENOMEM", err)
	}
	if got := RadixTreeDelete(&root, 0); got != 1 {
		t.Errorf("delete 0 = %v", got)
	}
}

// BenchmarkRadixTree inserts and looks up the 4096 pages of a 16 MiB disk,
// beside a Go map doing the same.
func BenchmarkRadixTree(b *testing.B) {
	const pages = 4096
	k := bootRadix(b, "")
	b.Run("radix/insert+delete", func(b *testing.B) {
		var root RadixTreeRoot
		for i := 0; i < b.N; i++ {
			chapterTree(k, &root, pages)
			freeDiskmem(&root, pages)
		}
	})
	b.Run("map/insert+delete", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			m := map[uint64]any{}
			for j := 0; j < pages; j++ {
				m[uint64(j)] = j + 1
			}
			for j := 0; j < pages; j++ {
				_ = m[uint64(j)]
				delete(m, uint64(j))
			}
		}
	})
	var root RadixTreeRoot
	chapterTree(k, &root, pages)
	m := map[uint64]any{}
	for j := 0; j < pages; j++ {
		m[uint64(j)] = j + 1
	}
	b.Run("radix/lookup", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for j := uint64(0); j < pages; j++ {
				if RadixTreeLookup(&root, j) == nil {
					b.Fatal(j)
				}
			}
		}
	})
	b.Run("map/lookup", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for j := uint64(0); j < pages; j++ {
				if m[j] == nil {
					b.Fatal(j)
				}
			}
		}
	})
}

// TestCacheEstimate: radix_tree_node objects a slab page holds, for the
// sizes the node has had: 276 bytes (2.6.18 i386), 288 (2.6.20 on, i386),
// 536 (2.6.18 x86_64, descriptor off the slab).
func TestCacheEstimate(t *testing.T) {
	for size, want := range map[int]int{276: 14, 288: 13, 536: 7} {
		if got := cacheEstimate(size); got != want {
			t.Errorf("cache_estimate(%d) = %d objects a page, want %d", size, got, want)
		}
	}
}
