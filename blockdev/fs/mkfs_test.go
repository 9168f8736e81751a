package fs

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestMkfsBanner(t *testing.T) {
	for _, tc := range []struct {
		name string
		size int64
		typ  Type
		opts MkfsOptions
		want string
	}{
		{
			// The tutorial's mkfs.ext3 of 16 MiB, as far as go-diskfs can
			// follow it: ext4 (extents, 64bit), 256-byte inodes, no
			// resize_inode (so no "Maximum filesystem blocks"), a 4 MiB
			// journal.
			name: "ext4 16M", size: 16 << 20, typ: Ext4, opts: MkfsOptions{},
			want: "mke2fs 1.39 (29-May-2006)\n" +
				"Filesystem label=\n" +
				"OS type: Linux\n" +
				"Block size=1024 (log=0)\n" +
				"Fragment size=1024 (log=0)\n" +
				"4096 inodes, 16384 blocks\n" +
				"819 blocks (5.00%) reserved for the super user\n" +
				"First data block=1\n" +
				"2 block groups\n" +
				"8192 blocks per group, 8192 fragments per group\n" +
				"2048 inodes per group\n" +
				"Superblock backups stored on blocks: \n" +
				"\t8193\n" +
				"\n" +
				"Writing inode tables: done                            \n" +
				"Creating journal (4096 blocks): done\n" +
				"Writing superblocks and filesystem accounting information: done\n" +
				"\n" +
				"This filesystem will be automatically checked every 39 mounts or\n" +
				"180 days, whichever comes first.  Use tune2fs -c or -i to override.\n",
		},
		{
			name: "ext4 100M, label", size: 100 << 20, typ: Ext4, opts: MkfsOptions{Seed: 2, Label: "data"},
			want: "mke2fs 1.39 (29-May-2006)\n" +
				"Filesystem label=data\n" +
				"OS type: Linux\n" +
				"Block size=1024 (log=0)\n" +
				"Fragment size=1024 (log=0)\n" +
				"25688 inodes, 102400 blocks\n" +
				"5120 blocks (5.00%) reserved for the super user\n" +
				"First data block=1\n" +
				"13 block groups\n" +
				"8192 blocks per group, 8192 fragments per group\n" +
				"1976 inodes per group\n" +
				"Superblock backups stored on blocks: \n" +
				"\t8193, 24577, 40961, 57345, 73729\n" +
				"\n" +
				"Writing inode tables: done                            \n" +
				"Creating journal (4096 blocks): done\n" +
				"Writing superblocks and filesystem accounting information: done\n" +
				"\n" +
				"This filesystem will be automatically checked every 30 mounts or\n" +
				"180 days, whichever comes first.  Use tune2fs -c or -i to override.\n",
		},
		{
			name: "ext4 1M, no room for a journal", size: 1 << 20, typ: Ext4,
			want: "mke2fs 1.39 (29-May-2006)\n" +
				"Filesystem label=\n" +
				"OS type: Linux\n" +
				"Block size=1024 (log=0)\n" +
				"Fragment size=1024 (log=0)\n" +
				"128 inodes, 1024 blocks\n" +
				"51 blocks (4.98%) reserved for the super user\n" +
				"First data block=1\n" +
				"1 block group\n" +
				"8192 blocks per group, 8192 fragments per group\n" +
				"128 inodes per group\n" +
				"\n" +
				"Writing inode tables: done                            \n" +
				"\n" +
				"Filesystem too small for a journal\n" +
				"Writing superblocks and filesystem accounting information: done\n" +
				"\n" +
				"This filesystem will be automatically checked every 39 mounts or\n" +
				"180 days, whichever comes first.  Use tune2fs -c or -i to override.\n",
		},
		{
			// chapter 1's driver has no getgeo: mkdosfs 2.11 says so, without
			// a newline.
			name: "vfat 16M", size: 16 << 20, typ: Vfat,
			want: "mkfs.vfat 2.11 (12 Mar 2005)\n" +
				"unable to get drive geometry, using default 255/63",
		},
		{
			name: "vfat 16M -v, getgeo 1/32", size: 16 << 20, typ: Vfat,
			opts: MkfsOptions{Verbose: true, Geometry: &Geometry{Heads: 1, Sectors: 32}},
			want: "mkfs.vfat 2.11 (12 Mar 2005)\n" +
				"/dev/simp_blkdev has 1 head and 32 sectors per track,\n" +
				"logical sector size is 512,\n" +
				"using 0xf8 media descriptor, with 32768 sectors;\n" +
				"file system has 2 16-bit FATs and 2 sectors per cluster.\n" +
				"FAT size is 64 sectors, and provides 16302 clusters.\n" +
				"Root directory contains 512 slots.\n" +
				"Volume ID is 491879ac, no volume label.\n",
		},
		{
			name: "msdos 8M partition -v, label", size: 8225280, typ: Msdos,
			opts: MkfsOptions{Verbose: true, Label: "BOOT", Device: "/dev/simp_blkdev1",
				Geometry: &Geometry{Heads: 255, Sectors: 63}, Now: time.Unix(0x4a0c5a8f, 0)},
			want: "mkfs.msdos 2.11 (12 Mar 2005)\n" +
				"/dev/simp_blkdev1 has 255 heads and 63 sectors per track,\n" +
				"logical sector size is 512,\n" +
				"using 0xf8 media descriptor, with 16065 sectors;\n" +
				"file system has 2 12-bit FATs and 4 sectors per cluster.\n" +
				"FAT size is 12 sectors, and provides 4006 clusters.\n" +
				"Root directory contains 224 slots.\n" +
				"Volume ID is 4a0c5a8f, volume label BOOT       .\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Mkfs(newMemDevice(tc.size), tc.typ, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(strings.Split(tc.want, "\n"), strings.Split(got, "\n")); diff != "" {
				t.Errorf("banner (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMkfsExt2Ext3Unsupported(t *testing.T) {
	for _, typ := range []Type{Ext2, Ext3, "xfs"} {
		dev := newMemDevice(16 << 20)
		_, err := Mkfs(dev, typ, MkfsOptions{})
		if !errors.Is(err, ErrUnsupportedType) {
			t.Errorf("Mkfs %s: %v, want ErrUnsupportedType", typ, err)
		}
		if typ != "xfs" && (!strings.Contains(err.Error(), "extents") || !strings.Contains(err.Error(), "use mkfs.ext4")) {
			t.Errorf("Mkfs %s: %q does not say why, nor what to use instead", typ, err)
		}
		if !bytes.Equal(dev.bytes(), make([]byte, 16<<20)) {
			t.Errorf("Mkfs %s wrote to the device", typ)
		}
	}
}

// session makes a file system, copies some files, removes one (so that
// compaction runs) and unmounts; the clock runs one second per call.
func session(t *testing.T, typ Type, seed int64) []byte {
	t.Helper()
	dev := newMemDevice(16 << 20)
	if _, err := Mkfs(dev, typ, MkfsOptions{Seed: seed}); err != nil {
		t.Fatal(err)
	}
	clock := DefaultTime
	f, err := MountWithClock(dev, func() time.Time { clock = clock.Add(time.Second); return clock })
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range initdNames[:20] {
		if err := f.WriteFile("/"+n, initdScript(n), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Mkdir("/rc.d"); err != nil {
		t.Fatal(err)
	}
	if err := f.Remove("/acpid"); err != nil {
		t.Fatal(err)
	}
	if err := f.Unmount(); err != nil {
		t.Fatal(err)
	}
	return dev.bytes()
}

func TestSameInputsSameBytes(t *testing.T) {
	vfatA, extA := session(t, Vfat, 1), session(t, Ext4, 1)
	// go-diskfs reads the host clock; let it move past FAT's 2-second
	// resolution, so that a time stamp we failed to set would show.
	time.Sleep(2100 * time.Millisecond)
	vfatB, extB := session(t, Vfat, 1), session(t, Ext4, 1)
	if !bytes.Equal(vfatA, vfatB) {
		t.Errorf("vfat: two identical sessions differ in %d bytes", diffCount(vfatA, vfatB, nil))
	}
	// go-diskfs stamps every ext inode's change time (and the journal
	// inode's other times) with time.Now() and has no way to set them; they,
	// and the inode checksums go-diskfs computes over them, are the only
	// bytes allowed to differ.
	mask := extHostTimeMask(t, extA)
	if n := diffCount(extA, extB, mask); n != 0 {
		t.Errorf("ext4: two identical sessions differ in %d bytes outside the inode change times", n)
	}
	if c := session(t, Ext4, 2); bytes.Equal(c[1024:2048], extA[1024:2048]) {
		t.Error("ext4: another seed gave the same superblock (UUID, hash seed)")
	}
}

func diffCount(a, b []byte, mask map[int]bool) int {
	n := 0
	for i := range a {
		if a[i] != b[i] && !mask[i] {
			n++
		}
	}
	return n
}

// extHostTimeMask lists the bytes of every inode that go-diskfs fills from
// the host clock: i_ctime and i_ctime_extra, the checksum fields, and all the
// times of the journal inode (8).
func extHostTimeMask(t *testing.T, img []byte) map[int]bool {
	t.Helper()
	s := parseExtSuper(img[1024:2048])
	le := binary.LittleEndian
	gdt := int(s.firstDataBlock+1) * int(s.blockSize)
	mask := map[int]bool{}
	for g := 0; g < int(s.groups()); g++ {
		d := img[gdt+g*int(s.descSize):]
		table := int(uint64(le.Uint32(d[0x08:]))|uint64(le.Uint32(d[0x28:]))<<32) * int(s.blockSize)
		for i := 0; i < int(s.inodesPerGroup); i++ {
			ino := table + i*int(s.inodeSize)
			ranges := [][2]int{{0x0C, 0x10}, {0x7C, 0x7E}, {0x82, 0x88}}
			if g == 0 && i == 7 {
				ranges = append(ranges, [2]int{0x08, 0x14}, [2]int{0x84, 0x98})
			}
			for _, r := range ranges {
				for o := r[0]; o < r[1]; o++ {
					mask[ino+o] = true
				}
			}
		}
	}
	return mask
}

func TestMkfsAndCopyAreFast(t *testing.T) {
	for _, typ := range mountable {
		dev := newMemDevice(16 << 20)
		start := time.Now()
		if _, err := Mkfs(dev, typ, MkfsOptions{}); err != nil {
			t.Fatal(err)
		}
		f, err := Mount(dev)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range initdNames[:40] {
			if err := f.WriteFile("/"+n, initdScript(n), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := f.ReadDir("/"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.Statfs(); err != nil {
			t.Fatal(err)
		}
		if err := f.Unmount(); err != nil {
			t.Fatal(err)
		}
		elapsed := time.Since(start)
		t.Logf("%s: mkfs, 40 files, ls, df, umount: %v, %d ReadAt and %d WriteAt calls", typ, elapsed, dev.reads, dev.writes)
		if elapsed > 2*time.Second {
			t.Errorf("%s took %v", typ, elapsed)
		}
	}
}

func TestMkfsOverAnotherFileSystem(t *testing.T) {
	// The device is reused across chapters: whatever mkfs ran last wins.
	dev := newMemDevice(16 << 20)
	for _, typ := range []Type{Ext4, Vfat, Ext4, Msdos} {
		if _, err := Mkfs(dev, typ, MkfsOptions{}); err != nil {
			t.Fatal(err)
		}
		f, err := Mount(dev)
		if err != nil {
			t.Fatal(err)
		}
		want := typ
		if typ == Msdos {
			want = Vfat
		}
		if f.Type() != want {
			t.Errorf("after mkfs.%s, Mount says %s", typ, f.Type())
		}
		if ents, _ := f.ReadDir("/"); len(ents) > 1 {
			t.Errorf("after mkfs.%s: %v", typ, names(ents))
		}
	}
}

func ExampleMkfs() {
	dev := newMemDevice(16 << 20)
	banner, _ := Mkfs(dev, Ext4, MkfsOptions{})
	fmt.Print(strings.SplitAfter(banner, "\n")[5])
	f, _ := Mount(dev)
	_ = f.WriteFile("/sshd", []byte("#!/bin/bash\n"), 0o755)
	s, _ := f.Statfs()
	k, used, avail, pct := s.DF()
	fmt.Printf("/dev/simp_blkdev %13d %9d %9d %3d%% /mnt/temp1\n", k, used, avail, pct)
	// Output:
	// 4096 inodes, 16384 blocks
	// /dev/simp_blkdev         15351      4099     10433  29% /mnt/temp1
}
