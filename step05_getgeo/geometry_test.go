package step05getgeo

import (
	"fmt"
	"strings"
	"testing"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/ktest"
	"simpblkdev/blockdev/mm"
	"simpblkdev/blockdev/shell"
)

// geometryDisk is a test driver of bytes bytes that answers HDIO_GETGEO
// with the step's own getgeo body at that size, the one thing the step's
// fixed 16 MiB array cannot show. Its disk holds nothing: reads return
// zeros and writes fail, so a disk of hundreds of GiB costs no memory, as
// the simulator promises. One minor, so add_disk reads nothing either.
func geometryDisk(bytes uint64) *blockdev.ModuleInfo {
	return &blockdev.ModuleInfo{Name: "simp_blkdev", License: "GPL", CoreSize: 4096,
		New: func(k *blockdev.Kernel, this *blockdev.Module) blockdev.ModuleCode {
			return &zeroDisk{k: k, this: this, bytes: bytes}
		}}
}

type zeroDisk struct {
	k     *blockdev.Kernel
	this  *blockdev.Module
	bytes uint64
	q     *blockdev.RequestQueue
	disk  *blockdev.Gendisk
	fops  blockdev.BlockDeviceOperations
}

func (d *zeroDisk) Init() blockdev.Errno {
	d.q = d.k.BlkAllocQueue(mm.GFP_KERNEL)
	if d.q == nil {
		return -blockdev.ENOMEM
	}
	blockdev.BlkQueueMakeRequest(d.q, d.makeRequest)
	d.disk = d.k.AllocDisk(1)
	if d.disk == nil {
		blockdev.BlkCleanupQueue(d.q)
		return -blockdev.ENOMEM
	}
	d.fops = blockdev.BlockDeviceOperations{Owner: d.this,
		Getgeo: func(_ *blockdev.BlockDevice, geo *blockdev.HdGeometry) blockdev.Errno {
			return simpBlkdevGetgeoBytes(d.bytes, geo)
		}}
	d.disk.DiskName, d.disk.Major, d.disk.Fops, d.disk.Queue = "simp_blkdev", blockdev.COMPAQ_SMART2_MAJOR, &d.fops, d.q
	blockdev.SetCapacity(d.disk, d.bytes>>9)
	blockdev.AddDisk(d.disk)
	return 0
}

func (d *zeroDisk) makeRequest(_ *blockdev.RequestQueue, bio *blockdev.Bio) int {
	if blockdev.BioDataDir(bio) == blockdev.WRITE {
		blockdev.BioEndio(bio, -blockdev.EIO)
		return 0
	}
	for _, bv := range blockdev.BioSegments(bio) {
		clear(d.k.Mem.Kmap(bv.BvPage)[bv.BvOffset:][:bv.BvLen])
		d.k.Mem.Kunmap(bv.BvPage)
	}
	blockdev.BioEndio(bio, 0)
	return 0
}

func (d *zeroDisk) Exit() {
	blockdev.DelGendisk(d.disk)
	blockdev.PutDisk(d.disk)
	blockdev.BlkCleanupQueue(d.q)
}

const (
	miB = 1 << 20
	giB = 1 << 30
)

// geometryBands is the chapter's table at both sides of each of its band
// edges, and past the 502 GiB that hd_geometry's 65535 cylinders can
// describe at 255/63 ("255*63*65535*512/1024/1024/1024=502G"). heads and
// sectors are what the driver returns; kernelCyls is its cylinders field
// as the kernel hands it to user space, BYTES >> (9/heads/sectors) cut to
// 16 bits; fdiskCyls is what fdisk and sfdisk -g print, the size in
// sectors over heads*sectors, which they compute instead ("会舍弃
// hd_geometry.cylinders内容"), and which beyond 502 GiB exceeds 65535.
var geometryBands = []struct {
	name                  string
	bytes                 uint64
	heads, sectors        uint8
	kernelCyls, fdiskCyls uint64
}{
	// Below 16M the expression happens to be right: 9/1/1 is 9.
	{"16M-512", 16*miB - 512, 1, 1, 32767, 32767},
	// From here on 9/heads/sectors is 0: the bytes, cut to 16 bits.
	{"16M", 16 * miB, 1, 32, 0, 1024},
	{"512M-512", 512*miB - 512, 1, 32, 65024, 32767},
	{"512M", 512 * miB, 32, 32, 0, 1024},
	{"16G-512", 16*giB - 512, 32, 32, 65024, 32767},
	{"16G", 16 * giB, 255, 63, 0, 2088},
	// The first size of 65536 cylinders at 255/63: one more than the
	// unsigned short holds; the kernel's field keeps the low 16 bits of
	// 255*63*65536*512.
	{"255*63*65536 sectors", 255 * 63 * 65536 * 512, 255, 63, 0, 65536},
	{"600G", 600 * giB, 255, 63, 0, 78325},
	{"600G+1536", 600*giB + 1536, 255, 63, 1536, 78325},
}

// TestGetgeoBands calls the getgeo body at each size of the table: the
// heads and sectors of the chapter's band and the cylinders of its
// expression as C evaluates it.
func TestGetgeoBands(t *testing.T) {
	for _, tt := range geometryBands {
		var geo blockdev.HdGeometry
		if ret := simpBlkdevGetgeoBytes(tt.bytes, &geo); ret != 0 {
			t.Errorf("%s: getgeo returned %d", tt.name, ret)
		}
		want := blockdev.HdGeometry{Heads: tt.heads, Sectors: tt.sectors, Cylinders: uint16(tt.kernelCyls)}
		if geo != want {
			t.Errorf("%s (%d bytes): getgeo = %+v, want %+v", tt.name, tt.bytes, geo, want)
		}
	}
}

// TestGetgeoThroughTheKernel asks the kernel, as fdisk and hdparm do:
// ioctl(HDIO_GETGEO) and ioctl(BLKGETSIZE64) on /dev/simp_blkdev through
// the system-call entry point, on a disk of each size of the table (on the
// tutorial's i386 box up to 16 GiB, above it on the x86_64 preset, where
// disks of hundreds of GiB live), and the cylinders fdisk computes from
// them, and what fdisk -l, sfdisk -g and hdparm -g print: the tools of the
// chapter's era. The 16 MiB row runs on the step's own module too.
func TestGetgeoThroughTheKernel(t *testing.T) {
	for _, tt := range geometryBands {
		modules := map[string]*blockdev.ModuleInfo{"test driver": geometryDisk(tt.bytes)}
		if tt.bytes == simpBlkdevBytes {
			modules["the step's module"] = Module
		}
		for what, module := range modules {
			preset := "i386"
			if tt.bytes > 16*giB {
				preset = "x86_64"
			}
			k, err := blockdev.Boot(blockdev.Config{Preset: preset, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			ktest.Insmod(t, k, module, "")
			b := ktest.Open(t, k, "simp_blkdev")
			var geo blockdev.HdGeometry
			if err := b.Ioctl(blockdev.HDIO_GETGEO, &geo); err != nil {
				t.Fatalf("%s, %s: HDIO_GETGEO: %v", tt.name, what, err)
			}
			var size uint64
			if err := b.Ioctl(blockdev.BLKGETSIZE64, &size); err != nil {
				t.Fatalf("%s, %s: BLKGETSIZE64: %v", tt.name, what, err)
			}
			want := blockdev.HdGeometry{Heads: tt.heads, Sectors: tt.sectors, Cylinders: uint16(tt.kernelCyls)}
			if geo != want {
				t.Errorf("%s, %s: HDIO_GETGEO = %+v, want %+v", tt.name, what, geo, want)
			}
			// fdisk's get_geometry: cylinders = sectors / (heads * sectors).
			if got := size >> 9 / (uint64(geo.Heads) * uint64(geo.Sectors)); size != tt.bytes || got != tt.fdiskCyls {
				t.Errorf("%s, %s: %d bytes, fdisk's cylinders %d; want %d bytes, %d cylinders", tt.name, what, size, got, tt.bytes, tt.fdiskCyls)
			}
			// And as the tools print them.
			sh := shell.New(k, shell.Options{Module: module, Step: 5})
			out := sh.RunTranscript("# fdisk -l /dev/simp_blkdev\n# sfdisk -g /dev/simp_blkdev\n# hdparm -g /dev/simp_blkdev\n")
			sh.Close()
			for _, want := range []string{
				// fdisk adds ", total N sectors" when a cylinder is one sector.
				fmt.Sprintf("\n%d heads, %d sectors/track, %d cylinders", tt.heads, tt.sectors, tt.fdiskCyls),
				fmt.Sprintf("/dev/simp_blkdev: %d cylinders, %d heads, %d sectors/track\n", tt.fdiskCyls, tt.heads, tt.sectors),
				// hdparm prints the kernel's own cylinders.
				fmt.Sprintf(" geometry      = %d/%d/%d, sectors = %d, start = 0\n", tt.kernelCyls, tt.heads, tt.sectors, tt.bytes>>9),
			} {
				if !strings.Contains(out, want) {
					t.Errorf("%s, %s: fdisk -l, sfdisk -g and hdparm -g do not print %q:\n%s", tt.name, what, want, out)
				}
			}
		}
	}
}
