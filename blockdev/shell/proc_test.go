package shell

import (
	"strings"
	"testing"
)

// TestProcMountsFollowsMount: mount, remount and umount reach the kernel's
// list, which /proc/mounts prints after the machine's own file systems.
func TestProcMountsFollowsMount(t *testing.T) {
	s, out := newShell(t, "")
	mustRun(t, s, out, "insmod simp_blkdev.ko")
	mustRun(t, s, out, "mkfs.vfat /dev/simp_blkdev")
	const boot = "rootfs / rootfs rw 0 0\n/dev/root / ext3 rw,data=ordered 0 0\n/dev /dev tmpfs rw 0 0\n/proc /proc proc rw 0 0\n/sys /sys sysfs rw 0 0\n"
	for _, tt := range []struct{ cmd, want string }{
		{"cat /proc/mounts", boot},
		{"mount -o noatime /dev/simp_blkdev /mnt; cat /proc/mounts", boot + "/dev/simp_blkdev /mnt vfat rw,noatime,fmask=0022,dmask=0022,codepage=cp437 0 0\n"},
		{"mount -o remount,ro /mnt; cat /proc/mounts", boot + "/dev/simp_blkdev /mnt vfat ro,fmask=0022,dmask=0022,codepage=cp437 0 0\n"},
		{"umount /mnt; cat /proc/mounts", boot},
		{"dmesg", ""}, // a clean vfat mount logs nothing in 2.6.18
	} {
		if got, _ := run(t, s, out, tt.cmd); got != tt.want {
			t.Errorf("%s:\n%s\nwant\n%s", tt.cmd, got, tt.want)
		}
	}
	if got, _ := run(t, s, out, "cat /proc/nope"); !strings.HasSuffix(got, "No such file or directory\n") {
		t.Errorf("cat /proc/nope: %q", got)
	}
}
