package blockdev

import (
	"fmt"
	"strings"
)

func (k *Kernel) procChildren() []*KNode {
	return sortNodes([]*KNode{
		roFile("buddyinfo", k.Mem.BuddyInfo),
		roFile("modules", k.ProcModules),
		roFile("partitions", k.procPartitions),
	})
}

// procPartitions models /proc/partitions (block/genhd.c show_partition):
// every disk and partition with its size in 1 KiB blocks.
func (k *Kernel) procPartitions() string {
	var b strings.Builder
	b.WriteString("major minor  #blocks  name\n\n")
	for _, d := range k.Disks() {
		fmt.Fprintf(&b, "%4d  %4d %10d %s\n", d.Major, d.FirstMinor, GetCapacity(d)>>1, d.DiskName)
		for _, p := range d.Partitions() {
			fmt.Fprintf(&b, "%4d  %4d %10d %s\n", d.Major, d.FirstMinor+p.Partno, p.NrSects>>1, partName(d.DiskName, p.Partno))
		}
	}
	return b.String()
}
