package shell

import (
	"strconv"
	"strings"
	"testing"
)

func TestModuleTools(t *testing.T) {
	s, out := newShell(t, "")
	for _, tt := range []struct {
		cmd, want string
		status    int
		prefix    bool // want is only the beginning of the output
	}{
		{"lsmod", "Module                  Size  Used by\n", 0, false},
		{"rmmod simp_blkdev", "ERROR: Module simp_blkdev does not exist in /proc/modules\n", 1, false},
		{"insmod", "Usage: insmod filename [args]\n", 1, false},
		{"insmod nothere.ko", "insmod: can't read 'nothere.ko': No such file or directory\n", 1, false},
		{"insmod /etc", "insmod: can't read '/etc': Is a directory\n", 1, false},
		{"insmod /etc/passwd", "insmod: error inserting '/etc/passwd': -1 Invalid module format\n", 1, false},
		{"insmod simp_blkdev.ko size=0M", "insmod: error inserting 'simp_blkdev.ko': -1 Invalid parameters\n", 1, false},
		{"insmod simp_blkdev.ko nosuch=1", "insmod: error inserting 'simp_blkdev.ko': -1 Unknown symbol in module\n", 1, false},
		{"dmesg -c", "simp_blkdev: Unknown parameter `nosuch'\n", 0, false},
		{"dmesg", "", 0, false},
		{"insmod simp_blkdev.ko size=16M", "", 0, false},
		{"lsmod", "Module                  Size  Used by\nsimp_blkdev         16784008  0 \n", 0, false},
		{"cat /proc/modules", "simp_blkdev 16784008 0 - Live 0x", 0, true},
		{"insmod simp_blkdev.ko", "insmod: error inserting 'simp_blkdev.ko': -1 File exists\n", 1, false},
		{"cat /sys/module/simp_blkdev/parameters/size", "16M\n", 0, false},
		{"modinfo simp_blkdev.ko", "filename:       simp_blkdev.ko\n" +
			"license:        GPL\n" +
			"description:    RAM disk for the shell's tests\n" +
			"srcversion:     " + ramdiskModule.Srcversion() + "\n" +
			"depends:        \n" +
			"vermagic:       2.6.18-53.el5 SMP mod_unload 686 REGPARM 4KSTACKS gcc-4.1\n" +
			"parm:           size:disk size, with unit b, k, m or g (charp)\n", 0, false},
		{"modinfo -F license simp_blkdev.ko", "GPL\n", 0, false},
		{"modinfo simp_blkdev", "modinfo: could not find module simp_blkdev\n", 1, false},
		{"rmmod -y simp_blkdev", "rmmod: invalid option -- y\nUsage: rmmod [-fhswvV] modulename ...\n", 1, true},
		{"rmmod", "no module names given\nUsage: rmmod [-fhswvV] modulename ...\n", 1, true},
		{"rmmod simp_blkdev.ko", "", 0, false},
		{"lsmod", "Module                  Size  Used by\n", 0, false},
		// A copy of the .ko is the same module.
		{"cp simp_blkdev.ko /tmp/copy.ko && insmod /tmp/copy.ko size=1m", "", 0, false},
		{"rmmod simp-blkdev", "", 0, false},
	} {
		got, status := run(t, s, out, tt.cmd)
		if !strings.HasPrefix(got, tt.want) || (got != tt.want && !tt.prefix) || status != tt.status {
			t.Errorf("%s: status %d, output\n%q\nwant status %d, output\n%q", tt.cmd, status, got, tt.status, tt.want)
		}
	}
}

// TestUsedWhileMounted checks the module reference a mount holds: lsmod
// shows Used by 1, rmmod refuses (and with -f, the kernel refuses), and after
// umount both go back.
func TestUsedWhileMounted(t *testing.T) {
	s, out := newShell(t, "")
	mustRun(t, s, out, "insmod simp_blkdev.ko")
	mustRun(t, s, out, "mkfs.vfat /dev/simp_blkdev")
	mustRun(t, s, out, "mount /dev/simp_blkdev /mnt")
	for _, tt := range []struct {
		cmd, want string
		status    int
	}{
		{"lsmod", "Module                  Size  Used by\nsimp_blkdev         16784008  1 \n", 0},
		{"cat /sys/module/simp_blkdev/refcnt", "1\n", 0},
		{"rmmod simp_blkdev", "ERROR: Module simp_blkdev is in use\n", 1},
		{"rmmod -f simp_blkdev", "ERROR: Removing 'simp_blkdev': Resource temporarily unavailable\n", 1},
		{"umount /mnt", "", 0},
		{"lsmod", "Module                  Size  Used by\nsimp_blkdev         16784008  0 \n", 0},
		{"rmmod simp_blkdev", "", 0},
		{"ls /dev", "full  null  urandom  zero\n", 0},
	} {
		got, status := run(t, s, out, tt.cmd)
		if got != tt.want || status != tt.status {
			t.Errorf("%s: status %d, output\n%q\nwant status %d, output\n%q", tt.cmd, status, got, tt.status, tt.want)
		}
	}
}

// TestCloseReleases checks that Close unmounts and closes, so the module
// can go.
func TestCloseReleases(t *testing.T) {
	s, out := newShell(t, "")
	mustRun(t, s, out, "insmod simp_blkdev.ko")
	mustRun(t, s, out, "mkfs.vfat /dev/simp_blkdev; mount /dev/simp_blkdev /mnt")
	s.Close()
	if m := s.k.FindModule("simp_blkdev"); m == nil || m.Refcount() != 0 {
		t.Fatalf("after Close: module %v", m)
	}
	if e := s.k.DeleteModule("simp_blkdev"); e != nil {
		t.Fatalf("rmmod after Close: %v", e)
	}
}

// TestSysfsFiles reads and writes the kernel's attributes as the chapters
// do: the scheduler switch calls the queue's store method, and its errors
// come back as bash reports a failed write.
func TestSysfsFiles(t *testing.T) {
	s, out := newShell(t, "")
	mustRun(t, s, out, "insmod simp_blkdev.ko")
	for _, tt := range []struct {
		cmd, want string
		status    int
	}{
		{"cat /sys/block/simp_blkdev/queue/scheduler", "noop anticipatory deadline [cfq] \n", 0},
		{"echo noop > /sys/block/simp_blkdev/queue/scheduler", "", 0},
		{"cat /sys/block/simp_blkdev/queue/scheduler", "[noop] anticipatory deadline cfq \n", 0},
		{"echo foo > /sys/block/simp_blkdev/queue/scheduler", "bash: echo: write error: Invalid argument\n", 1},
		{"dmesg | cat", "elevator: type foo not found\n", 0},
		{"cat /sys/block/simp_blkdev/queue/scheduler > /sys/block/simp_blkdev/size", "bash: /sys/block/simp_blkdev/size: Permission denied\n", 1},
		{"echo 20M > /sys/module/simp_blkdev/parameters/size", "bash: /sys/module/simp_blkdev/parameters/size: Permission denied\n", 1},
		{"ls -l /sys/module/simp_blkdev/parameters/size", "-r--r--r-- 1 root root 4096 Nov 10 18:13 /sys/module/simp_blkdev/parameters/size\n", 0},
		{"cat /sys/block/simp_blkdev/dev /sys/block/simp_blkdev/size", "72:0\n32768\n", 0},
		{"cat /sys/block/simp_blkdev/uevent", "cat: /sys/block/simp_blkdev/uevent: Permission denied\n", 1},
		{"cat /proc/partitions", "major minor  #blocks  name\n\n  72     0      16384 simp_blkdev\n", 0},
	} {
		got, status := run(t, s, out, tt.cmd)
		if got != tt.want || status != tt.status {
			t.Errorf("%s: status %d, output\n%q\nwant status %d, output\n%q", tt.cmd, status, got, tt.status, tt.want)
		}
	}
}

// TestReadAheadKB: read_ahead_kb is the window a read that misses the page
// cache asks the disk for, as queue_ra_store sets it: in KiB, at most
// max_sectors_kb, in whole pages. A read of one sector then reads that much.
func TestReadAheadKB(t *testing.T) {
	const ra = "/sys/block/simp_blkdev/queue/read_ahead_kb"
	for _, tt := range []struct {
		set, shows string
		sectors    int // read from the disk for one cold 512-byte read
	}{
		{"", "128\n", 256},
		{"4", "4\n", 8},
		{"64", "64\n", 128},
		{"0", "0\n", 8}, // no read-ahead: the page the reader wants
		{"1000", "124\n", 248},
	} {
		s, out := newShell(t, "")
		mustRun(t, s, out, "insmod simp_blkdev.ko")
		if tt.set != "" {
			mustRun(t, s, out, "echo "+tt.set+" > "+ra)
		}
		if got := mustRun(t, s, out, "cat "+ra); got != tt.shows {
			t.Errorf("after echo %s: read_ahead_kb shows %q, want %q", tt.set, got, tt.shows)
		}
		mustRun(t, s, out, "dd if=/dev/simp_blkdev of=/dev/null bs=512 count=1 2>/dev/null")
		stat := strings.Fields(mustRun(t, s, out, "cat /sys/block/simp_blkdev/stat"))
		if stat[2] != strconv.Itoa(tt.sectors) {
			t.Errorf("read_ahead_kb %s: one sector read %s sectors from the disk, want %d", tt.shows, stat[2], tt.sectors)
		}
		mustRun(t, s, out, "rmmod simp_blkdev")
	}
	s, out := newShell(t, "")
	mustRun(t, s, out, "insmod simp_blkdev.ko")
	if got, status := run(t, s, out, "echo abc > "+ra); status != 1 || got != "bash: echo: write error: Invalid argument\n" {
		t.Errorf("echo abc > read_ahead_kb: status %d, %q", status, got)
	}
}
