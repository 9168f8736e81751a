package check

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/ktest"
	"simpblkdev/exercises/exercise"
)

// parts is the table the driver must come with: start and size in
// sectors of /dev/simp_blkdev1 and /dev/simp_blkdev2, and their first and
// last sectors as fdisk packs cylinder/head/sector at 255/63.
var parts = [][2]uint32{{63, 16002}, {16065, 16065}}

var chs = [][2][3]byte{{{1, 1, 0}, {254, 63, 0}}, {{0, 1, 1}, {254, 63, 1}}}

// checkPartitionsAtInsmod loads the driver and wants add_disk's scan to
// have found the two partitions ("simp_blkdev: simp_blkdev1 simp_blkdev2"),
// their nodes 72:1 and 72:2 of the table's sizes, and I/O through each
// landing at its start on the whole disk.
func checkPartitionsAtInsmod(module *blockdev.ModuleInfo) error {
	k, err := exercise.Load(module)
	if err != nil {
		return err
	}
	const found = " simp_blkdev: simp_blkdev1 simp_blkdev2\n"
	if !strings.Contains(k.Dmesg(), found) {
		return notFound(k, found)
	}
	b, err := exercise.OpenDisk(k)
	if err != nil {
		return err
	}
	defer b.Close()
	for i, p := range parts {
		path := fmt.Sprintf("/dev/simp_blkdev%d", i+1)
		n, err := k.Lstat(path)
		if err != nil {
			return fmt.Errorf("after insmod: %v", err)
		}
		if n.Dev != blockdev.MKDEV(blockdev.COMPAQ_SMART2_MAJOR, i+1) {
			return fmt.Errorf("%s is %d:%d, want 72:%d", path, n.Dev.Major(), n.Dev.Minor(), i+1)
		}
		if err := throughPartition(k, b, path, p[0], p[1]); err != nil {
			return err
		}
	}
	return nil
}

// notFound says why add_disk's scan did not log the partitions it should
// have: no table on the disk (TODO 1), a table the scan never saw (TODO 2),
// or a table of other partitions (TODO 1).
func notFound(k *blockdev.Kernel, found string) error {
	b, err := exercise.OpenDisk(k)
	if err != nil {
		return err
	}
	defer b.Close()
	mbr := make([]byte, 512)
	if _, err := b.ReadDirect(mbr, 0); err != nil {
		return fmt.Errorf("O_DIRECT read of sector 0: %v", err)
	}
	if mbr[510] != 0x55 || mbr[511] != 0xaa {
		return fmt.Errorf("sector 0 of the disk has no DOS partition table (bytes 510-511 are %#02x %#02x, want 0x55 0xaa), so add_disk found none: write the table in simpBlkdevWriteTable (TODO 1) and call it from Init (TODO 2)", mbr[510], mbr[511])
	}
	if want := table(); !bytes.Equal(mbr[446:], want) {
		return fmt.Errorf("sector 0's table is not the chapter's two Linux partitions: entries %x, want %x (each: the start CHS at 1, sys_ind 0x83 at 4, the end CHS at 5, start_sect at 8, nr_sects at 12, little-endian; TODO 1)", mbr[446:510], want[:64])
	}
	if strings.Contains(k.Dmesg(), " simp_blkdev: unknown partition table\n") {
		return fmt.Errorf("the table is on the disk now, but add_disk logged \"simp_blkdev: unknown partition table\": the scan read sector 0 before the table was there; write it before add_disk (TODO 2)")
	}
	return fmt.Errorf("add_disk did not log %q:\n%s", strings.TrimSpace(found), k.Dmesg())
}

// table is bytes 446 to 511 of sector 0 as the chapter's two partitions
// make them.
func table() []byte {
	t := make([]byte, 66)
	for i, p := range parts {
		e := t[16*i:]
		copy(e[1:4], chs[i][0][:])
		e[4] = 0x83
		copy(e[5:8], chs[i][1][:])
		binary.LittleEndian.PutUint32(e[8:], p[0])
		binary.LittleEndian.PutUint32(e[12:], p[1])
	}
	t[64], t[65] = 0x55, 0xaa
	return t
}

// throughPartition checks the partition at path is size sectors and writes
// its last 4 KiB with O_DIRECT, which must land at start on the whole disk.
func throughPartition(k *blockdev.Kernel, b *blockdev.BlockDevice, path string, start, size uint32) error {
	p, err := k.Open(path)
	if err != nil {
		return fmt.Errorf("open %s: %v", path, err)
	}
	defer p.Close()
	if got := p.Size(); got != int64(size)<<9 {
		return fmt.Errorf("%s is %d sectors, want %d (nr_sects of its entry, TODO 1)", path, got>>9, size)
	}
	want := ktest.Pattern(4096, byte(start))
	off := int64(size)<<9 - int64(len(want))
	if _, err := p.WriteDirect(want, off); err != nil {
		return fmt.Errorf("O_DIRECT write at %d of %s: %v", off, path, err)
	}
	got := make([]byte, len(want))
	if _, err := b.ReadDirect(got, int64(start)<<9+off); err != nil {
		return fmt.Errorf("O_DIRECT read of the whole disk: %v", err)
	}
	if d := ktest.DiffBytesAt(want, got, "the 4 KiB", int64(start)<<9+off); d != "" {
		return fmt.Errorf("%s's last 4 KiB, written through the partition, are not at sector %d of the whole disk (%s): its start_sect (TODO 1)", path, int64(start)+off>>9, d)
	}
	return nil
}
