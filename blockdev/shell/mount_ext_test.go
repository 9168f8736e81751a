package shell

import (
	"strings"
	"testing"
)

// mount -t ext3 (or ext2) of the ext4 that mkfs made is refused as
// 2.6.18's ext3 refuses any ext4: EINVAL with mount's message, and the log
// line naming the features it lacks (extents and 64bit: c0). Without -t the
// box mounts it and says what it mounted.
func TestMountExt3OfExt4(t *testing.T) {
	s, out := newShell(t, "")
	mustRun(t, s, out, "insmod simp_blkdev.ko")
	mustRun(t, s, out, "mkfs.ext4 /dev/simp_blkdev")
	for _, tc := range []struct{ typ, log string }{
		{"ext3", "EXT3-fs: simp_blkdev: couldn't mount because of unsupported optional features (c0)."},
		{"ext2", "EXT2-fs: simp_blkdev: couldn't mount because of unsupported optional features (c0)."},
	} {
		got, status := run(t, s, out, "mount -t "+tc.typ+" /dev/simp_blkdev /mnt")
		if want := "mount: " + wrongFSType("/dev/simp_blkdev") + "\n"; got != want || status != exFail {
			t.Errorf("mount -t %s: status %d, %q; want %d, %q", tc.typ, status, got, exFail, want)
		}
		log := strings.Split(strings.TrimSuffix(s.k.Dmesg(), "\n"), "\n")
		if last := log[len(log)-1]; last != tc.log {
			t.Errorf("mount -t %s logs %q, want %q", tc.typ, last, tc.log)
		}
	}
	if got := mustRun(t, s, out, "lsmod"); !strings.Contains(got, "simp_blkdev         16784008  0 ") {
		t.Errorf("a refused mount kept the module in use:\n%s", got)
	}
	mustRun(t, s, out, "mount /dev/simp_blkdev /mnt")
	if got, want := mustRun(t, s, out, "mount"), "/dev/simp_blkdev on /mnt type ext4 (rw)\n"; got != want {
		t.Errorf("mount lists %q, want %q", got, want)
	}
}
