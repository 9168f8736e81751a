package blockdev

import (
	"fmt"
	"strings"
)

// procChildren lists /proc: the files of fs/proc/proc_misc.c and their
// neighbours that a 2.6.18 box has and the simulated machine can fill. A
// new /proc file is one more entry here, with its show function (and a
// store function for a writable one, through rwFile).
func (k *Kernel) procChildren() []*KNode {
	return sortNodes([]*KNode{
		roFile("buddyinfo", k.Mem.BuddyInfo),
		roFile("cmdline", k.procCmdline),
		roFile("devices", k.procDevices),
		roFile("diskstats", k.procDiskstats),
		roFile("filesystems", procFilesystems),
		roFile("meminfo", k.procMeminfo),
		roFile("kallsyms", k.procKallsyms),
		roFile("modules", k.ProcModules),
		roFile("mounts", k.procMounts),
		roFile("partitions", k.procPartitions),
		dirNode("sys", k.procSysChildren),
		roFile("version", procVersion),
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

// procDiskstats models /proc/diskstats (diskstats_show, block/genhd.c,
// 2.6.18): per disk its numbers and name and the 11 counters of
// /sys/block/<disk>/stat, then per partition of non-zero size its reads,
// sectors read, writes and sectors written. The counters are read under
// the queue lock, which the request path holds while it updates them.
func (k *Kernel) procDiskstats() string {
	var b strings.Builder
	for _, d := range k.Disks() {
		parts := d.Partitions()
		if q := d.Queue; q != nil {
			q.Lock()
		}
		s := &d.stats
		fmt.Fprintf(&b, "%4d %4d %s %d %d %d %d %d %d %d %d %d %d %d\n", d.Major, d.FirstMinor, d.DiskName,
			s.ios[READ], s.merges[READ], s.sectors[READ], s.ticks[READ],
			s.ios[WRITE], s.merges[WRITE], s.sectors[WRITE], s.ticks[WRITE],
			max(s.inFlight, 0), s.ticks[READ]+s.ticks[WRITE], s.ticks[READ]+s.ticks[WRITE])
		for _, p := range parts {
			if p.NrSects == 0 {
				continue
			}
			ps := &p.stats
			fmt.Fprintf(&b, "%4d %4d %s %d %d %d %d\n", d.Major, d.FirstMinor+p.Partno, partName(d.DiskName, p.Partno),
				ps.ios[READ], ps.sectors[READ], ps.ios[WRITE], ps.sectors[WRITE])
		}
		if q := d.Queue; q != nil {
			q.Unlock()
		}
	}
	return b.String()
}

// procDevices models /proc/devices (devinfo_show, fs/proc/proc_misc.c,
// 2.6.18): the character majors register_chrdev took, a blank line, and
// the block majors register_blkdev took, "%3d %s" each. The simulated
// machine registers only mem (1); a RHEL 5 box also lists the tty, misc,
// input, usb and pty majors and, under block devices, ramdisk, ide0, loop,
// sd, md and device-mapper. The tutorial's driver never calls
// register_blkdev, so major 72 is absent, although /proc/partitions and
// /proc/diskstats show the disk: nothing keeps another driver from taking
// the same major.
func (k *Kernel) procDevices() string {
	var b strings.Builder
	b.WriteString("Character devices:\n")
	k.chrdevMu.Lock()
	for _, c := range k.chrdevs {
		fmt.Fprintf(&b, "%3d %s\n", c.major, c.name)
	}
	k.chrdevMu.Unlock()
	b.WriteString("\nBlock devices:\n")
	return b.String()
}

// fileSystems are the file system types of /proc/filesystems, in the order
// a RHEL 5 kernel registers them, and whether they need a device. It holds
// those the simulated machine has: the kernel's own trees, the root's ext3,
// and what mount accepts for a block device. ext4 is the type blockdev/fs
// makes (2.6.18 has none; 2.6.27 registers it as ext4dev).
var fileSystems = []struct {
	name  string
	nodev bool
}{
	{"sysfs", true}, {"rootfs", true}, {"bdev", true}, {"proc", true}, {"tmpfs", true},
	{"ext2", false}, {"ext3", false}, {"ext4", false}, {"msdos", false}, {"vfat", false},
}

// procFilesystems models /proc/filesystems (filesystems_read_proc,
// fs/filesystems.c): "nodev" or nothing, a tab, the name.
func procFilesystems() string {
	var b strings.Builder
	for _, f := range fileSystems {
		if f.nodev {
			b.WriteString("nodev")
		}
		b.WriteString("\t" + f.name + "\n")
	}
	return b.String()
}

// procVersion models /proc/version (version_read_proc): linux_banner.
func procVersion() string { return linuxBanner + "\n" }
