package blkdevtest

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/ktest"
)

// The table checkPartitions writes: the chapter 4 session's, two primary
// Linux partitions of one cylinder each at fdisk's 255/63 guess (the first
// DOS-compatibly at sector 63). Sizes are in sectors.
var twoPartitions = []struct{ start, size uint32 }{{63, 16002}, {16065, 16065}}

// mbr is a sector 0 holding a DOS partition table of Linux (0x83)
// partitions, as fdisk writes one (fs/partitions/msdos.c reads the LBA
// fields; the CHS fields are left zero, which 2.6.18 ignores).
func mbr(parts []struct{ start, size uint32 }) []byte {
	s := make([]byte, 512)
	for i, p := range parts {
		e := s[446+16*i:]
		e[4] = 0x83
		binary.LittleEndian.PutUint32(e[8:], p.start)
		binary.LittleEndian.PutUint32(e[12:], p.size)
	}
	s[510], s[511] = 0x55, 0xaa
	return s
}

// newLog is what k logged since the log was n bytes long.
func newLog(k *blockdev.Kernel, n int) string { return k.Dmesg()[n:] }

// checkPartitions: the disk's minors decide whether it has partitions.
// With one minor (chapters 1–3) add_disk scans nothing, a table written
// through /dev/simp_blkdev gives no partition nodes, and BLKRRPART is
// EINVAL. With more (chapter 4 on), add_disk logs the scan line
// " simp_blkdev: unknown partition table", BLKRRPART after the table is
// written logs " simp_blkdev: simp_blkdev1 simp_blkdev2" and adds
// /dev/simp_blkdev1 (72:1) and /dev/simp_blkdev2 (72:2), I/O through a
// partition lands at its start on the whole disk, and BLKRRPART while a
// partition is open is EBUSY.
func checkPartitions(module *blockdev.ModuleInfo, ch *chapter) error {
	k, _, err := load(1, module)
	if err != nil {
		return err
	}
	const unknown = " simp_blkdev: unknown partition table"
	switch scanned := strings.Contains(k.Dmesg(), unknown+"\n"); {
	case !scanned && ch.minors > 1:
		return fmt.Errorf("add_disk logged no %q: the chapter's disk has %d minors, and add_disk scans a disk of more than one for partitions; the log:\n%s", unknown, ch.minors, k.Dmesg())
	case scanned && ch.minors == 1:
		return fmt.Errorf("add_disk logged %q: the chapter's disk has 1 minor, which add_disk does not scan for partitions; the log:\n%s", unknown, k.Dmesg())
	}
	b, err := k.Open(devPath)
	if err != nil {
		return fmt.Errorf("open %s: %v", devPath, err)
	}
	defer b.Close()
	if _, err := b.WriteAt(mbr(twoPartitions), 0); err != nil {
		return fmt.Errorf("write of the partition table: %v", err)
	}
	logged := len(k.Dmesg())
	err = b.Ioctl(blockdev.BLKRRPART, nil)
	nodes := [2]bool{}
	for i := range nodes {
		_, lerr := k.Lstat(fmt.Sprintf("%s%d", devPath, i+1))
		nodes[i] = lerr == nil
	}
	if ch.minors == 1 {
		if err != blockdev.EINVAL {
			return fmt.Errorf("BLKRRPART on a disk of one minor = %v, want EINVAL", err)
		}
		if nodes != [2]bool{} || newLog(k, logged) != "" {
			return fmt.Errorf("a disk of one minor got partition nodes %v, log %q: want none", nodes, newLog(k, logged))
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("BLKRRPART after writing a table: %v", err)
	}
	if want := " simp_blkdev: simp_blkdev1 simp_blkdev2\n"; !strings.Contains(newLog(k, logged), want) {
		return fmt.Errorf("BLKRRPART logged %q, want %q", newLog(k, logged), want)
	}
	for i, p := range twoPartitions {
		path := fmt.Sprintf("%s%d", devPath, i+1)
		n, err := k.Lstat(path)
		if err != nil {
			return fmt.Errorf("after BLKRRPART: %s: %v", path, err)
		}
		if n.Dev != blockdev.MKDEV(blockdev.COMPAQ_SMART2_MAJOR, i+1) {
			return fmt.Errorf("%s is %d:%d, want 72:%d", path, n.Dev.Major(), n.Dev.Minor(), i+1)
		}
		if err := throughPartition(k, b, path, p.start, p.size); err != nil {
			return err
		}
	}
	part, err := k.Open(devPath + "2")
	if err != nil {
		return fmt.Errorf("open %s2: %v", devPath, err)
	}
	defer part.Close()
	if err := b.Ioctl(blockdev.BLKRRPART, nil); err != blockdev.EBUSY {
		return fmt.Errorf("BLKRRPART while %s2 is open = %v, want EBUSY", devPath, err)
	}
	return nil
}

// throughPartition writes the last sectors of the partition at path with
// O_DIRECT and reads them back through the whole disk b, where the
// partition's start puts them.
func throughPartition(k *blockdev.Kernel, b *blockdev.BlockDevice, path string, start, size uint32) error {
	p, err := k.Open(path)
	if err != nil {
		return fmt.Errorf("open %s: %v", path, err)
	}
	defer p.Close()
	if got := p.Size(); got != int64(size)<<9 {
		return fmt.Errorf("%s is %d bytes, want %d", path, got, int64(size)<<9)
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
	if !bytes.Equal(got, want) {
		return fmt.Errorf("%s's last 4 KiB, written through the partition, differ on the whole disk from sector %d: %s", path, int64(start)+(off>>9), ktest.DiffBytesAt(want, got, "the 4 KiB", int64(start)<<9+off))
	}
	return nil
}

// checkGeometry: ioctl(HDIO_GETGEO) is ENOTTY for a driver without
// .getgeo (chapters 1–4), else the chapter's answer, with start the
// partition's first sector on a partition (the kernel fills it in before
// calling getgeo).
func checkGeometry(module *blockdev.ModuleInfo, ch *chapter) error {
	k, _, err := load(1, module)
	if err != nil {
		return err
	}
	b, err := k.Open(devPath)
	if err != nil {
		return fmt.Errorf("open %s: %v", devPath, err)
	}
	defer b.Close()
	var geo blockdev.HdGeometry
	err = b.Ioctl(blockdev.HDIO_GETGEO, &geo)
	if ch.geometry == nil {
		if err != blockdev.ENOTTY {
			return fmt.Errorf("HDIO_GETGEO = %v, %+v; want ENOTTY: the chapter's fops has no getgeo", err, geo)
		}
		return nil
	}
	if err != nil || geo != *ch.geometry {
		return fmt.Errorf("HDIO_GETGEO = %+v, %v; want %+v", geo, err, *ch.geometry)
	}
	if ch.minors == 1 {
		return nil
	}
	if _, err := b.WriteAt(mbr(twoPartitions), 0); err != nil {
		return fmt.Errorf("write of the partition table: %v", err)
	}
	if err := b.Ioctl(blockdev.BLKRRPART, nil); err != nil {
		return fmt.Errorf("BLKRRPART: %v", err)
	}
	p, err := k.Open(devPath + "2")
	if err != nil {
		return fmt.Errorf("open %s2: %v", devPath, err)
	}
	defer p.Close()
	want := *ch.geometry
	want.Start = uint64(twoPartitions[1].start)
	if err := p.Ioctl(blockdev.HDIO_GETGEO, &geo); err != nil || geo != want {
		return fmt.Errorf("HDIO_GETGEO on %s2 = %+v, %v; want %+v", devPath, geo, err, want)
	}
	return nil
}
