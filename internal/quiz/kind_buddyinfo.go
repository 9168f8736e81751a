package quiz

import (
	"fmt"
	"strconv"
	"strings"

	"simpblkdev/blockdev"
)

// rams are the machines a buddyinfo problem may run on: without HighMem,
// and the tutorial's 1 GiB box with it.
var rams = []struct {
	text  string
	bytes int64
}{{"256M", 256 << 20}, {"512M", 512 << 20}, {"1G", 1 << 30}}

func makeBuddyinfo(step int, seed int64) (*Quiz, error) {
	r := newRand(seed, "buddyinfo")
	ram := rams[r.IntN(len(rams))]
	b, err := newBox(blockdev.Config{RAM: ram.bytes, Seed: seed}, step)
	if err != nil {
		return nil, err
	}
	defer b.close()
	before, _ := b.run("cat /proc/buddyinfo")
	msg, status := b.run("insmod simp_blkdev.ko")
	if status != 0 {
		return nil, fmt.Errorf("insmod: %s", strings.TrimSpace(msg))
	}
	after, _ := b.run("cat /proc/buddyinfo")
	take := map[int]string{
		6: "4096 single pages, from __get_free_page(GFP_KERNEL)",
		7: "1024 order-2 segments, from __get_free_pages(GFP_KERNEL, 2)",
		8: "1024 order-2 segments (size=16M, the default)",
		9: "1024 order-2 segments (size=16M), zeroed with __GFP_ZERO",
	}[step]
	q := &Quiz{
		Title: "the buddy system: what the disk's memory does to the free lists",
		Givens: []string{
			fmt.Sprintf("An i386 box with %s of memory (blksim shell --step %d --seed %d --ram %s)", ram.text, step, seed, ram.text),
			"has been running a while: its free lists are fragmented, and clean page",
			fmt.Sprintf("cache fills the rest. insmod simp_blkdev.ko (chapter %d) takes the disk's", step),
			fmt.Sprintf("16 MiB as %s.", take),
			"Each column of /proc/buddyinfo counts the free blocks of one order: 2^0,",
			"2^1, ... 2^10 pages. Before insmod:",
			"",
			"# cat /proc/buddyinfo",
		},
	}
	q.Givens = append(q.Givens, strings.Split(strings.TrimRight(before, "\n"), "\n")...)
	normalBefore, dmaBefore := zoneLine(before, "Normal"), zoneLine(before, "DMA")
	normalAfter, dmaAfter := zoneLine(after, "Normal"), zoneLine(after, "DMA")
	why := fmt.Sprintf("Normal has %d free pages before and %d after", freePages(normalBefore), freePages(normalAfter))
	if step >= 7 {
		why += "; order-2 blocks come from splitting larger ones, then from direct reclaim of page cache (which frees single pages), and GFP_KERNEL may fall back to DMA"
	} else {
		why += "; single pages come off the order-0 list (through the per-cpu lists) before any larger block is split"
	}
	q.Questions = []Question{
		{
			Ask:    "What does /proc/buddyinfo show for the Normal zone after insmod?",
			Blanks: []Blank{{"Normal", normalAfter}},
			Why:    why,
		},
		{
			Ask:    "And for the DMA zone?",
			Blanks: []Blank{{"DMA", dmaAfter}},
			Why:    fmt.Sprintf("DMA has %d free pages before and %d after", freePages(dmaBefore), freePages(dmaAfter)),
		},
	}
	return q, nil
}

// zoneLine is the line of buddyinfo for zone, as cat prints it without
// its trailing blank.
func zoneLine(buddyinfo, zone string) string {
	for _, l := range strings.Split(buddyinfo, "\n") {
		if f := strings.Fields(l); len(f) > 3 && f[3] == zone {
			return strings.TrimRight(l, " ")
		}
	}
	return ""
}

// freePages adds up a buddyinfo line: n blocks of 2^order pages in each
// column.
func freePages(line string) int {
	f := strings.Fields(line)
	total := 0
	for order, s := range f[min(4, len(f)):] {
		n, _ := strconv.Atoi(s)
		total += n << order
	}
	return total
}
