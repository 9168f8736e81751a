package blockdev

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"
)

func (k *Kernel) sysChildren() []*KNode {
	return []*KNode{
		dirNode("block", k.sysBlockChildren),
		dirNode("module", k.sysModuleChildren),
	}
}

func (k *Kernel) sysBlockChildren() []*KNode {
	var ns []*KNode
	for _, d := range k.Disks() {
		ns = append(ns, dirNode(d.DiskName, func() []*KNode { return d.sysfsChildren() }))
	}
	return sortNodes(ns)
}

// sysfsChildren models /sys/block/<disk>/ (block/genhd.c disk_attrs,
// fs/partitions/check.c): dev, range, removable, size, stat, uevent,
// holders/, slaves/, subsystem, a directory per partition, and queue/ when
// blk_register_queue registered one (request-based queues only).
func (d *Gendisk) sysfsChildren() []*KNode {
	ns := []*KNode{
		roFile("dev", func() string { return fmt.Sprintf("%d:%d\n", d.Major, d.FirstMinor) }),
		roFile("range", func() string { return fmt.Sprintf("%d\n", d.Minors) }),
		roFile("removable", func() string { return "0\n" }),
		roFile("size", func() string { return fmt.Sprintf("%d\n", GetCapacity(d)) }),
		roFile("stat", d.statShow),
		ueventNode(),
		dirNode("holders", func() []*KNode { return nil }),
		dirNode("slaves", func() []*KNode { return nil }),
		{Name: "subsystem", Mode: fs.ModeSymlink | 0777, Link: "../../block"},
	}
	for _, p := range d.Partitions() {
		ns = append(ns, dirNode(partName(d.DiskName, p.Partno), func() []*KNode {
			return sortNodes([]*KNode{
				roFile("dev", func() string { return fmt.Sprintf("%d:%d\n", d.Major, d.FirstMinor+p.Partno) }),
				roFile("start", func() string { return fmt.Sprintf("%d\n", p.StartSect) }),
				roFile("size", func() string { return fmt.Sprintf("%d\n", p.NrSects) }),
				roFile("stat", func() string { return d.partStatShow(p) }),
				ueventNode(),
				dirNode("holders", func() []*KNode { return nil }),
				{Name: "subsystem", Mode: fs.ModeSymlink | 0777, Link: "../../../block"},
			})
		}))
	}
	if q := d.Queue; q != nil && q.registered {
		ns = append(ns, dirNode("queue", q.sysfsChildren))
	}
	return sortNodes(ns)
}

// statShow reads the counters under the queue lock, which the request
// path holds while it updates them.
func (d *Gendisk) statShow() string {
	if q := d.Queue; q != nil {
		q.Lock()
		defer q.Unlock()
	}
	return d.stats.diskStat()
}

// ueventNode is the write-only uevent file (mode 0200).
func ueventNode() *KNode {
	return &KNode{Name: "uevent", Mode: 0200, Store: func(string) error { return nil }}
}

// diskStat models the 11 fields of /sys/block/<disk>/stat (disk_stat_show).
func (s *diskStats) diskStat() string {
	return fmt.Sprintf("%8d %8d %8d %8d %8d %8d %8d %8d %8d %8d %8d\n",
		s.ios[READ], s.merges[READ], s.sectors[READ], s.ticks[READ],
		s.ios[WRITE], s.merges[WRITE], s.sectors[WRITE], s.ticks[WRITE],
		max(s.inFlight, 0), s.ticks[READ]+s.ticks[WRITE], s.ticks[READ]+s.ticks[WRITE])
}

// partStatShow models part_stat_read() (fs/partitions/check.c, 2.6.18).
func (d *Gendisk) partStatShow(p *HdStruct) string {
	s := d.partStatRead(p)
	return fmt.Sprintf("%8d %8d %8d %8d\n", s[0], s[1], s[2], s[3])
}

// partStatRead returns a partition's four counters as 2.6.18 prints them
// in its stat file and its /proc/diskstats line: reads, sectors read,
// writes, sectors written. It reads them under the queue lock that
// blk_partition_remap updates them under.
func (d *Gendisk) partStatRead(p *HdStruct) [4]uint64 {
	if q := d.Queue; q != nil {
		q.Lock()
		defer q.Unlock()
	}
	s := &p.stats
	return [4]uint64{s.ios[READ], s.sectors[READ], s.ios[WRITE], s.sectors[WRITE]}
}

// sysfsChildren models /sys/block/<disk>/queue/ (block/blk-sysfs.c).
func (q *RequestQueue) sysfsChildren() []*KNode {
	ns := []*KNode{
		rwFile("nr_requests", func() string { return fmt.Sprintf("%d\n", q.NrRequests) }, q.storeNrRequests),
		rwFile("read_ahead_kb", q.raShow, q.raStore),
		rwFile("max_sectors_kb", func() string { return fmt.Sprintf("%d\n", q.MaxSectors>>1) }, q.storeMaxSectorsKB),
		roFile("max_hw_sectors_kb", func() string { return fmt.Sprintf("%d\n", q.MaxHwSectors>>1) }),
		rwFile("scheduler", q.schedulerShow, func(s string) error {
			if e := ElvIoschedStore(q, s); e != 0 {
				return e
			}
			return nil
		}),
		dirNode("iosched", q.ioschedChildren),
	}
	return sortNodes(ns)
}

func (q *RequestQueue) ioschedChildren() []*KNode {
	q.Lock()
	defer q.Unlock()
	if q.Elevator == nil {
		return nil
	}
	var ns []*KNode
	for _, a := range q.Elevator.Ops.Attrs() {
		ns = append(ns, &KNode{Name: a.Name, Mode: 0644,
			Show: func() (string, error) {
				q.Lock()
				defer q.Unlock()
				return a.Show(), nil
			},
			Store: func(s string) error {
				q.Lock()
				defer q.Unlock()
				return a.Store(s)
			}})
	}
	return sortNodes(ns)
}

// storeNrRequests models queue_requests_store(): at least BLKDEV_MIN_RQ (4).
func (q *RequestQueue) storeNrRequests(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 {
		return -EINVAL
	}
	q.Lock()
	defer q.Unlock()
	q.NrRequests = max(n, 4)
	return nil
}

// storeMaxSectorsKB models queue_max_sectors_store(): between one page and
// max_hw_sectors_kb.
func (q *RequestQueue) storeMaxSectorsKB(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 4 || uint32(n) > q.MaxHwSectors>>1 {
		return -EINVAL
	}
	q.Lock()
	defer q.Unlock()
	q.MaxSectors = uint32(n) << 1
	return nil
}

// sysModuleChildren models /sys/module/<name>/ for loaded modules as 2.6.18
// has it (kernel/module.c modinfo_attrs, kernel/params.c): refcnt,
// srcversion and, when a parameter has a non-zero permission, parameters/.
// initstate came with 2.6.20; sections/ (CONFIG_KALLSYMS) is not modelled.
func (k *Kernel) sysModuleChildren() []*KNode {
	var ns []*KNode
	for _, m := range k.Modules() {
		ns = append(ns, dirNode(m.Name(), func() []*KNode {
			c := []*KNode{
				roFile("refcnt", func() string { return fmt.Sprintf("%d\n", m.Refcount()) }),
				roFile("srcversion", func() string { return m.Info.Srcversion() + "\n" }),
			}
			var params []*KNode
			for _, p := range m.param {
				if p.Perm == 0 {
					continue
				}
				n := &KNode{Name: p.Name, Mode: fs.FileMode(p.Perm), Show: func() (string, error) { return p.Get() + "\n", nil }}
				if p.Perm&0222 != 0 {
					n.Store = func(s string) error {
						if e := p.Set(strings.TrimSuffix(s, "\n"), true); e != 0 {
							return e
						}
						return nil
					}
				}
				params = append(params, n)
			}
			if len(params) > 0 {
				c = append(c, dirNode("parameters", func() []*KNode { return sortNodes(params) }))
			}
			return sortNodes(c)
		}))
	}
	return sortNodes(ns)
}
