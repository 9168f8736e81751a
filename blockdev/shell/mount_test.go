package shell

import (
	"strings"
	"testing"
)

func TestMountUmountDf(t *testing.T) {
	s, out := newShell(t, "")
	mustRun(t, s, out, "insmod simp_blkdev.ko")
	if got := mustRun(t, s, out, "mkfs -t vfat -n SIMP /dev/simp_blkdev"); !strings.HasPrefix(got, "mkfs.vfat 2.11 (12 Mar 2005)\n") {
		t.Fatalf("mkfs -t vfat: %q", got)
	}
	for _, tt := range []struct {
		cmd, want string
		status    int
	}{
		{"df", "", 0}, // df's header comes with its first row
		{"mount -t msdos -o ro,noatime /dev/simp_blkdev /mnt", "", 0},
		{"mount", "/dev/simp_blkdev on /mnt type msdos (ro,noatime)\n", 0},
		{"mount -t vfat", "", 0},
		{"mount /dev/simp_blkdev /tmp", "mount: /dev/simp_blkdev already mounted or /tmp busy\n" +
			"mount: according to mtab, /dev/simp_blkdev is already mounted on /mnt\n", 32},
		{"echo x > /mnt/f", "bash: /mnt/f: Read-only file system\n", 1},
		{"mkdir /mnt/d", "mkdir: cannot create directory `/mnt/d': Read-only file system\n", 1},
		{"df -T", "Filesystem    Type   1K-blocks      Used Available Use% Mounted on\n" +
			"/dev/simp_blkdev\n             msdos       16302         0     16302   0% /mnt\n", 0},
		{"df -h /mnt", "Filesystem            Size  Used Avail Use% Mounted on\n" +
			"/dev/simp_blkdev       16M     0   16M   0% /mnt\n", 0},
		{"cd /mnt && umount /mnt", "umount: /mnt: device is busy\n", 1},
		{"cd && umount /dev/simp_blkdev && mount", "", 0},
		{"mount -t auto /dev/simp_blkdev /mnt && mount", "/dev/simp_blkdev on /mnt type vfat (rw)\n", 0},
		{"mkdir /mnt/sub && mount /dev/simp_blkdev /mnt/sub", "mount: /dev/simp_blkdev already mounted or /mnt/sub busy\n" +
			"mount: according to mtab, /dev/simp_blkdev is already mounted on /mnt\n", 32},
		{"umount /mnt /mnt", "umount: /mnt: not mounted\n", 1},
		{"umount -z", "umount: invalid option -- z\nUsage: umount [-hV]\n" +
			"       umount -a [-f] [-r] [-n] [-v] [-t vfstypes] [-O opts]\n" +
			"       umount [-f] [-r] [-n] [-v] special | node...\n", 1},
	} {
		got, status := run(t, s, out, tt.cmd)
		if got != tt.want || status != tt.status {
			t.Errorf("%s: status %d, output\n%q\nwant status %d, output\n%q", tt.cmd, status, got, tt.status, tt.want)
		}
	}
}

// TestSync checks that sync pushes what a file system wrote through the
// page cache down to the driver: the disk's write statistics move.
func TestSync(t *testing.T) {
	s, out := newShell(t, "")
	mustRun(t, s, out, "insmod simp_blkdev.ko size=2M")
	mustRun(t, s, out, "mkfs.vfat /dev/simp_blkdev && mount /dev/simp_blkdev /mnt")
	sectorsWritten := func() string {
		return strings.Fields(mustRun(t, s, out, "cat /sys/block/simp_blkdev/stat"))[6]
	}
	mustRun(t, s, out, "echo MAGIC-WORDS-IN-A-FILE > /mnt/f")
	before := sectorsWritten()
	mustRun(t, s, out, "sync")
	if after := sectorsWritten(); after == before {
		t.Errorf("sync wrote nothing: %s sectors written before and after", before)
	}
}

func TestHelp(t *testing.T) {
	s, out := newShell(t, "")
	got := mustRun(t, s, out, "help")
	for _, name := range []string{"insmod", "rmmod", "lsmod", "modinfo", "dmesg", "cat", "echo", "ls", "mkdir", "mknod",
		"cp", "rm", "mkfs.ext4", "mkfs.vfat", "mount", "umount", "df", "sync", "hexdump", "dd", "uname", "help"} {
		if !strings.Contains(got, "\n  "+name+" ") {
			t.Errorf("help does not list %s:\n%s", name, got)
		}
	}
}

// TestMountOptions: the generic options change the mount's flags (and what
// mount lists); an option no file system knows fails mount(2) with EINVAL,
// which mount(8) words as for a bad superblock, and the file system says
// which option in the kernel log; remount changes a mounted file system's
// flags and refuses what is not mounted.
func TestMountOptions(t *testing.T) {
	for _, fstype := range []string{"ext4", "vfat"} {
		t.Run(fstype, func(t *testing.T) {
			s, out := newShell(t, "")
			mustRun(t, s, out, "insmod simp_blkdev.ko && mkfs."+fstype+" /dev/simp_blkdev")
			prefix := map[string]string{"ext4": "EXT4-fs", "vfat": "FAT"}[fstype]
			badMount := "mount: wrong fs type, bad option, bad superblock on /dev/simp_blkdev,\n" +
				"       missing codepage or other error\n" +
				"       In some cases useful info is found in syslog - try\n" +
				"       dmesg | tail  or so\n\n"
			for _, tt := range []struct {
				cmd, want string
				status    int
			}{
				{"mount -o bogus,xyz=3 /dev/simp_blkdev /mnt", badMount, 32},
				{"mount", "", 0},
				{"mount -o remount,rw /dev/simp_blkdev /mnt", "mount: /mnt not mounted already, or bad option\n", 32},
				{"mount -o noatime,sync,defaults,nodev /dev/simp_blkdev /mnt && mount", "/dev/simp_blkdev on /mnt type " + fstype + " (rw,nodev,sync,noatime)\n", 0},
				{"mount -o remount,ro /mnt && mount", "/dev/simp_blkdev on /mnt type " + fstype + " (ro)\n", 0},
				{"echo x > /mnt/x", "bash: /mnt/x: Read-only file system\n", 1},
				{"mount -o remount,bogus /mnt", "mount: /mnt not mounted already, or bad option\n", 32},
				{"mount -o remount,rw /dev/simp_blkdev /mnt && echo x > /mnt/x && cat /mnt/x", "x\n", 0},
				{"mount -r -o remount /mnt && mount", "/dev/simp_blkdev on /mnt type " + fstype + " (ro)\n", 0},
			} {
				got, status := run(t, s, out, tt.cmd)
				if got != tt.want || status != tt.status {
					t.Errorf("%s: status %d, output\n%q\nwant status %d, output\n%q", tt.cmd, status, got, tt.status, tt.want)
				}
			}
			// One line for the bad mount and one for the bad remount, naming the
			// first unknown option.
			if log := mustRun(t, s, out, "dmesg"); strings.Count(log, "Unrecognized") != 2 ||
				!strings.Contains(log, prefix+": Unrecognized mount option \"bogus\" or missing value\n") {
				t.Errorf("dmesg after the bad mounts:\n%s", log)
			}
			mustRun(t, s, out, "umount /mnt")
		})
	}
}
