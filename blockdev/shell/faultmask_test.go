package shell

import (
	"strings"
	"testing"

	"simpblkdev/blockdev/fault"
)

// TestFaultsReachTheUser: a page allocation that fails while mkfs or cp
// works on the disk is reported as the tool reports a failed write (the
// device's errno where the tool prints one), never as what go-diskfs made of
// the bytes it could not get.
func TestFaultsReachTheUser(t *testing.T) {
	masked := []string{"too large for FAT12", "is not a directory", "bad superblock", "Input/output error"}
	check := func(t *testing.T, cmd, got string, want ...string) {
		t.Helper()
		for _, m := range masked {
			if strings.Contains(got, m) {
				t.Errorf("%s: the failure is masked: %q", cmd, got)
			}
		}
		for _, w := range want {
			if strings.Contains(got, w) {
				return
			}
		}
		t.Errorf("%s: %q says none of %q", cmd, got, want)
	}
	s, out := newShell(t, "")
	failed := 0
	for n := 1; n <= 12; n++ {
		mustRun(t, s, out, "insmod simp_blkdev.ko")
		s.k.Fault.FailNth(fault.Page, n)
		got, status := run(t, s, out, "mkfs.vfat /dev/simp_blkdev")
		s.k.Fault.FailNth(fault.Page, 0)
		if status != 0 {
			failed++
			check(t, "mkfs.vfat", got, "mkfs.vfat: failed whilst writing ")
		}
		s.k.Fault.FailNth(fault.Page, n)
		got, status = run(t, s, out, "mkfs.ext4 -q /dev/simp_blkdev")
		s.k.Fault.FailNth(fault.Page, 0)
		if status != 0 {
			failed++
			check(t, "mkfs.ext4", got, "mke2fs: Cannot allocate memory while ")
		}
		mustRun(t, s, out, "rmmod simp_blkdev")
	}
	for _, typ := range []string{"vfat", "ext4"} {
		for n := 1; n <= 6; n++ {
			mustRun(t, s, out, "insmod simp_blkdev.ko && mkfs."+typ+" /dev/simp_blkdev && mount /dev/simp_blkdev /mnt")
			s.k.Fault.FailNth(fault.Page, n)
			got, status := run(t, s, out, "cp /etc/init.d/* /mnt")
			s.k.Fault.FailNth(fault.Page, 0)
			if status != 0 {
				failed++
				// A small file reaches the file system when it is
				// closed (see mountSink), and cp reports that close.
				check(t, "cp to "+typ, strings.SplitN(got, "\n", 2)[0], "cp: writing `/mnt/", "cp: closing `/mnt/", "cp: accessing `/mnt': Cannot allocate memory")
			}
			mustRun(t, s, out, "umount /mnt && rmmod simp_blkdev")
		}
	}
	if failed == 0 {
		t.Fatal("no injected failure reached a tool")
	}
}
