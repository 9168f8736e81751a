package mm

import (
	"fmt"
	"strings"
)

// BuddyInfo models /proc/buddyinfo (mm/vmstat.c frag_show, 2.6.27): one line
// per populated zone, "Node %d, zone %8s " followed by "%6lu " for the free
// blocks of each order 0..MAX_ORDER-1, then a newline. Pages on the per-cpu
// lists are not in it, so single pages show up in batches.
func (m *Memory) BuddyInfo() string {
	m.lock()
	defer m.unlock()
	var b strings.Builder
	for _, z := range m.zones {
		fmt.Fprintf(&b, "Node %d, zone %8s ", 0, z.name)
		for order := 0; order < MAX_ORDER; order++ {
			fmt.Fprintf(&b, "%6d ", z.free[order].nrFree)
		}
		b.WriteString("\n")
	}
	return b.String()
}
