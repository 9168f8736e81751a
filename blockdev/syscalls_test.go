package blockdev

import (
	"strings"
	"testing"
)

// fopsDisk loads the test driver and gives its disk the block device
// operations fops (the owner is kept), as a driver of a later chapter would.
func fopsDisk(t *testing.T, fops BlockDeviceOperations) *Kernel {
	t.Helper()
	k, err := Boot(Config{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	m, err := k.InitModule(ramdiskModule("ramdisk", false, false), "")
	if err != nil {
		t.Fatalf("insmod: %v", err)
	}
	d := m.code.(*ramdisk)
	fops.Owner = d.fops.Owner
	d.fops = fops
	return k
}

// TestOpenConvertsDriverErrno: a driver's open returning -ENXIO reaches
// user space as ENXIO, once; a number no disk answers for is ENXIO too,
// and a node that is not a block device ENOTBLK.
func TestOpenConvertsDriverErrno(t *testing.T) {
	k := fopsDisk(t, BlockDeviceOperations{Open: func(*BlockDevice) Errno { return -ENXIO }})
	if b, err := k.Open("/dev/ramdisk"); err != ENXIO || b != nil {
		t.Errorf("open = %v, %v; want nil, ENXIO", b, err)
	}
	if m := k.FindModule("ramdisk"); m.Refcount() != 0 {
		t.Errorf("a failed open leaves the module used by %d", m.Refcount())
	}
	if _, err := k.OpenDev(MKDEV(250, 0)); err != ENXIO {
		t.Errorf("open of an unknown device = %v, want ENXIO", err)
	}
	if _, err := k.Open("/sys/block"); err != ENOTBLK {
		t.Errorf("open of a directory as a device = %v, want ENOTBLK", err)
	}
	if _, err := k.Open("/dev/nosuch"); err != ENOENT {
		t.Errorf("open of a missing node = %v, want ENOENT", err)
	}
	// The kernel side keeps the negative number.
	if _, e := k.BlkdevGet(MKDEV(250, 0)); e != -ENXIO {
		t.Errorf("blkdev_get of an unknown device = %v, want -ENXIO", e.Name())
	}
}

// TestCloseConvertsWriteBackError: the last close writes back; a request
// the driver fails is -EIO inside the kernel (blkdev_put) and EIO for
// close(2), converted once. Putting a device that is not open is -EBADF,
// EBADF for close(2).
func TestCloseConvertsWriteBackError(t *testing.T) {
	for _, kernelSide := range []bool{false, true} {
		_, d, b := loadRamdisk(t, false)
		if _, err := b.WriteAt(make([]byte, 4096), 0); err != nil {
			t.Fatal(err)
		}
		d.q.RequestFn = func(q *RequestQueue) {
			for req := ElvNextRequest(q); req != nil; req = ElvNextRequest(q) {
				EndRequest(req, 0)
			}
		}
		if kernelSide {
			if e := BlkdevPut(b); e != -EIO {
				t.Errorf("blkdev_put after a failed write-back = %s, want -EIO", e.Name())
			}
			if e := BlkdevPut(b); e != -EBADF {
				t.Errorf("blkdev_put of a closed device = %s, want -EBADF", e.Name())
			}
		} else {
			if err := b.Close(); err != EIO {
				t.Errorf("last close after a failed write-back = %v, want EIO", err)
			}
			if err := b.Close(); err != EBADF {
				t.Errorf("close of a closed device = %v, want EBADF", err)
			}
		}
	}
}

// TestIoctl: the block layer's own ioctls, HDIO_GETGEO through the
// driver's getgeo, and ENOTTY where nobody answers.
func TestIoctl(t *testing.T) {
	_, _, b := loadRamdisk(t, false)
	var size uint64
	if err := b.Ioctl(BLKGETSIZE64, &size); err != nil || size != ramdiskBytes {
		t.Errorf("BLKGETSIZE64 = %d, %v", size, err)
	}
	var ssz int
	if err := b.Ioctl(BLKSSZGET, &ssz); err != nil || ssz != 512 {
		t.Errorf("BLKSSZGET = %d, %v", ssz, err)
	}
	if err := b.Ioctl(BLKSSZGET, &size); err != EFAULT {
		t.Errorf("BLKSSZGET into a u64 = %v, want EFAULT", err)
	}
	var geo HdGeometry
	if err := b.Ioctl(HDIO_GETGEO, &geo); err != ENOTTY {
		t.Errorf("HDIO_GETGEO without getgeo = %v, want ENOTTY", err)
	}
	if err := b.Ioctl(BLKRRPART, nil); err != EINVAL {
		t.Errorf("BLKRRPART on a disk of one minor = %v, want EINVAL", err)
	}
	if _, err := b.WriteAt([]byte{1}, 0); err != nil {
		t.Fatal(err)
	}
	if err := b.Ioctl(BLKFLSBUF, nil); err != nil {
		t.Errorf("BLKFLSBUF = %v", err)
	}
	if n := cachedPages(b); n != 0 {
		t.Errorf("%d pages cached after BLKFLSBUF", n)
	}
	if err := b.Ioctl(0x1234, nil); err != ENOTTY {
		t.Errorf("unknown ioctl = %v, want ENOTTY", err)
	}

	k := fopsDisk(t, BlockDeviceOperations{
		Getgeo: func(bdev *BlockDevice, geo *HdGeometry) Errno {
			geo.Heads, geo.Sectors, geo.Cylinders = 4, 16, uint16(GetCapacity(bdev.BdDisk)/64)
			return 0
		},
		Ioctl: func(bdev *BlockDevice, cmd uint, arg uint64) Errno { return -EPERM },
	})
	b, err := k.Open("/dev/ramdisk")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.Ioctl(HDIO_GETGEO, &geo); err != nil || geo != (HdGeometry{Heads: 4, Sectors: 16, Cylinders: 32}) {
		t.Errorf("HDIO_GETGEO = %+v, %v", geo, err)
	}
	if err := b.Ioctl(HDIO_GETGEO, nil); err != EINVAL {
		t.Errorf("HDIO_GETGEO with a NULL argument = %v, want EINVAL", err)
	}
	if err := b.Ioctl(0x1234, nil); err != EPERM {
		t.Errorf("driver's ioctl answering -EPERM = %v, want EPERM", err)
	}
}

// TestSysfsStoreSign: an attribute's store returns a negative errno inside
// the kernel; write(2) gives EINVAL.
func TestSysfsStoreSign(t *testing.T) {
	k, _, _ := loadRamdisk(t, false)
	n, err := k.Lstat("/sys/block/ramdisk/queue/nr_requests")
	if err != nil {
		t.Fatal(err)
	}
	if e := n.Store("x"); e != -EINVAL {
		t.Errorf("store = %v, want -EINVAL", e)
	}
	if err := n.Write("x"); err != EINVAL {
		t.Errorf("write = %v, want EINVAL", err)
	}
	if err := n.Write("64"); err != nil {
		t.Errorf("write 64 = %v", err)
	}
}

// TestSyncWritesBackADeviceHeldOpen is the user trial's script: another
// process (blktrace) holds the device open, so dd's close is not the last
// and writes nothing back; sync(2) then writes the two pages, as 2.6.18's
// sync_inodes does for the bdev pseudo file system's inodes, and the
// disk's stat file counts the write.
func TestSyncWritesBackADeviceHeldOpen(t *testing.T) {
	k, d, _ := loadRamdisk(t, false) // held open until the test ends
	dd, err := k.Open("/dev/ramdisk")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dd.WriteAt(make([]byte, 2*4096), 0); err != nil {
		t.Fatal(err)
	}
	if err := dd.Close(); err != nil {
		t.Fatal(err)
	}
	if n := writesSeen(d); n != 0 {
		t.Fatalf("%d write requests before sync: the close was not the last", n)
	}
	if err := k.Sync(); err != nil {
		t.Fatalf("sync: %v", err)
	}
	if n := writesSeen(d); n != 1 {
		t.Errorf("%d write requests after sync, want 1 (the two pages merged)", n)
	}
	if st := k.PageCacheStat(); st.Dirty != 0 || st.Writeback != 0 {
		t.Errorf("after sync: %d dirty, %d under write-back; want 0, 0", st.Dirty, st.Writeback)
	}
	n, err := k.Lstat("/sys/block/ramdisk/stat")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := n.Show()
	// writes, merged writes, sectors written: fields 5 to 7.
	if f := strings.Fields(got); len(f) != 11 || f[4] != "1" || f[5] != "1" || f[6] != "16" {
		t.Errorf("/sys/block/ramdisk/stat after sync = %q, want 1 write, 1 merge, 16 sectors", got)
	}
}

// TestSyncConsumesWriteBackError: sync(2) reports nothing, and its wait
// clears AS_EIO as filemap_fdatawait does, so a later fsync that writes
// the still-dirty page successfully reports no error; the data reaches
// the driver then, nothing lost.
func TestSyncConsumesWriteBackError(t *testing.T) {
	k, d, b := loadRamdisk(t, false)
	if _, err := b.WriteAt([]byte("kept"), 0); err != nil {
		t.Fatal(err)
	}
	working := d.q.RequestFn
	d.q.RequestFn = func(q *RequestQueue) {
		for req := ElvNextRequest(q); req != nil; req = ElvNextRequest(q) {
			EndRequest(req, 0)
		}
	}
	if err := k.Sync(); err != nil {
		t.Fatalf("sync with a failing driver: %v, want nil", err)
	}
	if st := k.PageCacheStat(); st.Dirty != 1 {
		t.Fatalf("after the failed sync: %d dirty pages, want the page kept dirty", st.Dirty)
	}
	d.q.RequestFn = working
	if err := b.Sync(); err != nil {
		t.Errorf("fsync after sync consumed the error: %v, want nil", err)
	}
	if got := string(d.data[:4]); got != "kept" {
		t.Errorf("the driver has %q, want the page written", got)
	}
}
