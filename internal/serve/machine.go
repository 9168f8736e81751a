package serve

import (
	"fmt"
	"strings"
	"sync"

	"simpblkdev/blockdev"
	_ "simpblkdev/blockdev/iosched" // the schedulers a request-based chapter's queue needs
)

// Machine is a booted simulated kernel with a chapter's module loaded: the
// disk the module added, held open for as long as the machine serves it, as
// a daemon holding /dev/simp_blkdev open would (lsmod counts it in "Used
// by", so the module cannot go while it is served).
type Machine struct {
	K     *blockdev.Kernel
	Disk  *blockdev.Gendisk
	Stats *Stats

	// Logf reports what fails outside any request (a re-read after a
	// write, say); nil discards it.
	Logf func(format string, args ...any)

	whole *Device

	// rereadMu serialises the re-reads Reread asks for.
	rereadMu sync.Mutex
}

// Start boots the machine cfg describes and loads module with params (the
// name=value words of insmod's command line). The module must add one disk.
func Start(cfg blockdev.Config, module *blockdev.ModuleInfo, params []string) (*Machine, error) {
	k, err := blockdev.Boot(cfg)
	if err != nil {
		return nil, err
	}
	if _, err := k.InitModule(module, strings.Join(params, " ")); err != nil {
		return nil, fmt.Errorf("insmod %s.ko: %w\n%s", module.Name, err, k.Dmesg())
	}
	disks := k.Disks()
	if len(disks) == 0 {
		return nil, fmt.Errorf("%s.ko loaded but added no disk", module.Name)
	}
	m := &Machine{K: k, Disk: disks[0], Stats: &Stats{}}
	m.whole, err = m.Open(0)
	if err != nil {
		return nil, fmt.Errorf("open /dev/%s: %w", m.Disk.DiskName, err)
	}
	return m, nil
}

// Whole is the whole disk, open for the machine's lifetime.
func (m *Machine) Whole() *Device { return m.whole }

// Open opens partition partno of the disk (0 is the whole disk) with
// open(2) of its device number; the caller closes it. A partition that is
// not there is ENXIO.
func (m *Machine) Open(partno int) (*Device, error) {
	b, err := m.K.OpenDev(blockdev.MKDEV(m.Disk.Major, m.Disk.FirstMinor+partno))
	if err != nil {
		return nil, err
	}
	return &Device{Name: b.Name(), bdev: b, stats: m.Stats}, nil
}

// Node is a device the disk has now: the whole disk (Partno 0) or one of
// its partitions.
type Node struct {
	Name   string
	Partno int
	Size   int64 // bytes
}

// Nodes lists the whole disk and its partitions as the last re-read left
// them.
func (m *Machine) Nodes() []Node {
	nodes := []Node{{m.Disk.DiskName, 0, m.whole.Size()}}
	for _, p := range m.Disk.Partitions() {
		nodes = append(nodes, Node{partitionName(m.Disk.DiskName, p.Partno), p.Partno, int64(p.NrSects) << 9})
	}
	return nodes
}

// Lookup finds a node of Nodes by name.
func (m *Machine) Lookup(name string) (Node, bool) {
	for _, n := range m.Nodes() {
		if n.Name == name {
			return n, true
		}
	}
	return Node{}, false
}

// Reread asks the simulated kernel to re-read the disk's partition table
// (ioctl BLKRRPART on the whole disk), as udev does when a program that
// had the whole disk open for writing closes it. A disk of one minor has
// no partitions to re-read and is left alone. The error is the ioctl's:
// EBUSY while a partition is open.
func (m *Machine) Reread() error {
	if m.Disk.Minors <= 1 {
		return nil
	}
	m.rereadMu.Lock()
	defer m.rereadMu.Unlock()
	return m.whole.bdev.Ioctl(blockdev.BLKRRPART, nil)
}

func (m *Machine) logf(format string, args ...any) {
	if m.Logf != nil {
		m.Logf(format, args...)
	}
}

// Close closes the whole disk: its last close writes back what a program
// inside the machine may have left in the page cache.
func (m *Machine) Close() error { return m.whole.Close() }

// partitionName is disk_name() (block/genhd.c): "<disk><n>", or "<disk>p<n>"
// when the disk's name ends in a digit, the name /dev and /proc/partitions
// give partition n.
func partitionName(disk string, n int) string {
	if c := disk[len(disk)-1]; c >= '0' && c <= '9' {
		return fmt.Sprintf("%sp%d", disk, n)
	}
	return fmt.Sprintf("%s%d", disk, n)
}
