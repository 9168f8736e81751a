package shell

import (
	"strings"
	"testing"

	"simpblkdev/blockdev"
)

// geoDisk is the shell's test RAM disk (fakemod_test.go) with what
// chapters 4 and 5 add: alloc_disk(minors) and, when getgeo is set, a
// getgeo that fills heads, sectors and cylinders from the disk's size.
func geoDisk(minors int, getgeo func(bytes uint64, g *blockdev.HdGeometry)) *blockdev.ModuleInfo {
	return &blockdev.ModuleInfo{
		Name:        "simp_blkdev",
		License:     "GPL",
		Description: "RAM disk with partitions and geometry for the shell's tests",
		CoreSize:    16<<20 + 6792,
		New: func(k *blockdev.Kernel, this *blockdev.Module) blockdev.ModuleCode {
			d := &geoRamdisk{ramdisk: ramdisk{k: k, this: this, size: "16M"}, minors: minors}
			d.fops = blockdev.BlockDeviceOperations{Owner: this}
			if getgeo != nil {
				d.fops.Getgeo = func(_ *blockdev.BlockDevice, g *blockdev.HdGeometry) blockdev.Errno {
					getgeo(uint64(len(d.data)), g)
					return 0
				}
			}
			return d
		},
	}
}

type geoRamdisk struct {
	ramdisk
	minors int
}

func (d *geoRamdisk) Init() blockdev.Errno {
	size := d.bytes()
	if size == 0 {
		return -blockdev.EINVAL
	}
	d.data = make([]byte, size)
	if d.q = d.k.BlkInitQueue(d.doRequest, nil); d.q == nil {
		return -blockdev.ENOMEM
	}
	if d.disk = d.k.AllocDisk(d.minors); d.disk == nil {
		blockdev.BlkCleanupQueue(d.q)
		return -blockdev.ENOMEM
	}
	d.disk.DiskName = "simp_blkdev"
	d.disk.Major = blockdev.COMPAQ_SMART2_MAJOR
	d.disk.Fops = &d.fops
	d.disk.Queue = d.q
	blockdev.SetCapacity(d.disk, uint64(size)>>9)
	blockdev.AddDisk(d.disk)
	return 0
}

// chapter5Getgeo is chapter 5's table with its precedence bug:
// BYTES>>9/heads/sectors is BYTES >> (9/heads/sectors), in a u16.
func chapter5Getgeo(bytes uint64, g *blockdev.HdGeometry) {
	switch {
	case bytes < 16<<20:
		g.Heads, g.Sectors = 1, 1
	case bytes < 512<<20:
		g.Heads, g.Sectors = 1, 32
	case bytes < 16<<30:
		g.Heads, g.Sectors = 32, 32
	default:
		g.Heads, g.Sectors = 255, 63
	}
	g.Cylinders = uint16(bytes >> (9 / uint64(g.Heads) / uint64(g.Sectors)))
}

// newGeoShell is newShell with module m as simp_blkdev.ko.
func newGeoShell(t *testing.T, m *blockdev.ModuleInfo, host string) (*Shell, *strings.Builder) {
	t.Helper()
	k, err := blockdev.Boot(blockdev.Config{Seed: 1})
	if err != nil {
		t.Fatalf("boot: %v", err)
	}
	var out strings.Builder
	s := New(k, Options{Module: m, Step: 1, HostRoot: host, Stdout: &out, Seed: 7})
	if out.Len() > 0 {
		t.Fatalf("New: %s", out.String())
	}
	t.Cleanup(s.Close)
	return s, &out
}
