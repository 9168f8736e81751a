package shell

import (
	"strings"
	"testing"

	"simpblkdev/blockdev"
)

// TestBadInput feeds the shell mistakes and oddities: each gets the real
// tool's complaint (or a sensible one) and none reaches the recover of
// runCommand, which would print "internal error".
func TestBadInput(t *testing.T) {
	s, out := newShell(t, "")
	mustRun(t, s, out, "insmod simp_blkdev.ko")
	for _, tt := range []struct {
		cmd, want string
		status    int
	}{
		{"", "", 0},
		{"   ", "", 0},
		{"# just a comment", "", 0},
		{"foo", "bash: foo: command not found\n", 127},
		{"foo bar | ls /etc", "bash: foo: command not found\ninit.d  passwd\n", 0},
		{"./configure", "bash: ./configure: No such file or directory\n", 127},
		{"/etc/passwd", "bash: /etc/passwd: Permission denied\n", 126},
		{"ls '", "bash: unexpected EOF while looking for matching `''\nbash: syntax error: unexpected end of file\n", 2},
		{"echo \"abc", "bash: unexpected EOF while looking for matching `\"'\nbash: syntax error: unexpected end of file\n", 2},
		{"echo >", "bash: syntax error near unexpected token `newline'\n", 2},
		{"echo > > x", "bash: syntax error near unexpected token `>'\n", 2},
		{"echo a >| x", "bash: syntax error near unexpected token `|'\n", 2},
		{"| ls", "bash: syntax error near unexpected token `|'\n", 2},
		{"ls |", "bash: syntax error: unexpected end of file\n", 2},
		{"ls && && ls", "bash: syntax error near unexpected token `&&'\n", 2},
		{"; ls", "bash: syntax error near unexpected token `;'\n", 2},
		{"ls (", "bash: syntax error near unexpected token `('\n", 2},
		{"echo a >&x", "", 0}, // bash's old spelling of &>x
		{"cat x", "1", 0},
		{"echo a 2>&7", "bash: 7: Bad file descriptor\n", 1},
		{"echo a 2>&x", "bash: x: ambiguous redirect\n", 1},
		{"echo a 1>&1", "a\n", 0},
		{"cat < /nothere", "bash: /nothere: No such file or directory\n", 1},
		{"echo a > /nodir/x", "bash: /nodir/x: No such file or directory\n", 1},
		{"echo a > /etc", "bash: /etc: Is a directory\n", 1},
		{"echo a > /", "bash: /: Is a directory\n", 1},
		{"echo a >> /tmp/..", "bash: /tmp/..: Is a directory\n", 1},
		{"echo a > /dev", "bash: /dev: Is a directory\n", 1},
		{"ls -a /", ".  ..  dev  etc  mnt  proc  root  sys  tmp\n", 0},
		{"mkdir ''", "mkdir: cannot create directory `': No such file or directory\n", 1},
		{"ls -d /etc/[!i]*", "/etc/passwd\n", 0},
		{"ls -d /etc/[^i]*", "/etc/passwd\n", 0},
		{"ls -d /etc/*/", "/etc/init.d/\n", 0},
		{"echo /*/init.d/", "/etc/init.d/\n", 0},
		{"echo /etc/passwd/", "/etc/passwd/\n", 0},
		{"cat /sys/block/simp_blkdev/subsystem", "cat: /sys/block/simp_blkdev/subsystem: Is a directory\n", 1},
		{"ls /sys/block/simp_blkdev/subsystem/simp_blkdev/queue/read_ahead_kb", "/sys/block/simp_blkdev/subsystem/simp_blkdev/queue/read_ahead_kb\n", 0},
		{"echo a > /etc/*", "bash: /etc/*: ambiguous redirect\n", 1},
		{"echo a > /proc/modules", "bash: /proc/modules: Permission denied\n", 1},
		{"echo a > /sys/new", "bash: /sys/new: Permission denied\n", 1},
		{"echo a > /sys/nodir/new", "bash: /sys/nodir/new: No such file or directory\n", 1},
		{"echo a > /dev/null; echo $?", "0\n", 0},
		{"ls /nothere 2>/dev/null; echo $? \"$?\" '$?'", "1 1 $?\n", 0},
		{"X=a; echo $X${X}b \"$X\" $UNSET x", "aab a x\n", 0},
		{"echo > $UNSET", "bash: $UNSET: ambiguous redirect\n", 1},
		{"cat /nothere /etc/passwd | ls", "cat: /nothere: No such file or directory\nMakefile  simp_blkdev.ko  x\n", 0},
		{"ls /nothere && echo yes || echo no", "ls: /nothere: No such file or directory\nno\n", 0},
		{"cat /dev/null; ls -l /dev/null", "crw-rw-rw- 1 root root 1, 3 Nov 10 18:13 /dev/null\n", 0},
		{"mkdir", "mkdir: missing operand\nTry `mkdir --help' for more information.\n", 1},
		{"mkdir -p /tmp/a/b/c && ls /tmp/a/b", "c\n", 0},
		{"mkdir -p /etc/passwd/x", "mkdir: `/etc/passwd' exists but is not a directory\n", 1},
		{"mknod", "mknod: missing operand\nTry `mknod --help' for more information.\n", 1},
		{"mknod /tmp/x", "mknod: missing operand after `/tmp/x'\nTry `mknod --help' for more information.\n", 1},
		{"mknod /tmp/x q 1 2", "mknod: invalid device type `q'\nTry `mknod --help' for more information.\n", 1},
		{"mknod /tmp/x b 1", "mknod: missing operand after `1'\nSpecial files require major and minor device numbers.\nTry `mknod --help' for more information.\n", 1},
		{"mknod /tmp/x b a 0", "mknod: invalid major device number `a'\n", 1},
		{"mknod /dev/simp_blkdev b 72 0", "mknod: `/dev/simp_blkdev': File exists\n", 1},
		{"mknod /tmp/sb b 72 0 && ls -l /tmp/sb", "brw-r--r-- 1 root root 72, 0 Nov 10 18:13 /tmp/sb\n", 0},
		{"mknod /tmp/nodrv b 1 0 && mount /tmp/nodrv /mnt", "mount: /tmp/nodrv is not a valid block device\n", 32},
		{"mknod /tmp/c c 1 3", "mknod: `/tmp/c': Operation not supported\n", 1},
		{"cp -r /etc /etc/sub", "cp: cannot copy a directory, `/etc', into itself, `/etc/sub'\n", 1},
		{"cp -r / /tmp/all", "cp: cannot copy a directory, `/', into itself, `/tmp/all'\n", 1},
		{"cp /etc /tmp", "cp: omitting directory `/etc'\n", 1},
		{"cp /etc/passwd /etc/passwd", "cp: `/etc/passwd' and `/etc/passwd' are the same file\n", 1},
		{"cp /etc/passwd /etc/init.d/halt /root/x", "cp: target `/root/x' is not a directory\n", 1},
		{"cp -z", "cp: invalid option -- z\nTry `cp --help' for more information.\n", 1},
		{"cp -r /dev /tmp/devcopy && ls -l /tmp/devcopy", "total 0\n" +
			"crw-rw-rw- 1 root root  1, 7 Nov 10 18:13 full\n" +
			"crw-rw-rw- 1 root root  1, 3 Nov 10 18:13 null\n" +
			"brw-r----- 1 root root 72, 0 Nov 10 18:13 simp_blkdev\n" +
			"crw-rw-rw- 1 root root  1, 9 Nov 10 18:13 urandom\n" +
			"crw-rw-rw- 1 root root  1, 5 Nov 10 18:13 zero\n", 0},
		{"rm /nothere", "rm: cannot remove `/nothere': No such file or directory\n", 1},
		{"rm -f /nothere", "", 0},
		{"rm -rf .", "rm: cannot remove `.' or `..'\n", 1},
		{"rm /sys/block/simp_blkdev/size", "rm: cannot remove `/sys/block/simp_blkdev/size': Operation not permitted\n", 1},
		{"cd /nothere", "bash: cd: /nothere: No such file or directory\n", 1},
		{"cd /etc/passwd", "bash: cd: /etc/passwd: Not a directory\n", 1},
		{"uname -z", "uname: invalid option -- z\nTry `uname --help' for more information.\n", 1},
		{"dmesg -z", "dmesg: invalid option -- z\nUsage: dmesg [-c] [-n level] [-s bufsize]\n", 1},
		{"cat -z", "cat: invalid option -- z\nTry `cat --help' for more information.\n", 1},
		{"df -z", "df: invalid option -- z\nTry `df --help' for more information.\n", 1},
		{"df /nothere", "df: `/nothere': No such file or directory\n", 1},
		{"df /etc", "", 0},
		{"mount x", "mount: can't find x in /etc/fstab or /etc/mtab\n", 1},
		{"mount -t xfs /dev/simp_blkdev /mnt", "mount: unknown filesystem type 'xfs'\n", 32},
		{"mount -t ext3 /dev/simp_blkdev /mnt", "mount: wrong fs type, bad option, bad superblock on /dev/simp_blkdev,\n       missing codepage or other error\n       In some cases useful info is found in syslog - try\n       dmesg | tail  or so\n\n", 32},
		{"mount /etc/passwd /mnt", "mount: /etc/passwd is not a block device (maybe try `-o loop'?)\n", 32},
		{"mount /dev/simp_blkdev /etc/passwd", "mount: mount point /etc/passwd is not a directory\n", 32},
		{"mount /dev/simp_blkdev /", "mount: /dev/simp_blkdev already mounted or / busy\n", 32},
		{"mount -o remount,rw /dev/simp_blkdev /mnt", "mount: /mnt not mounted already, or bad option\n", 32},
		{"mount -o remount /mnt", "mount: can't find /mnt in /etc/fstab or /etc/mtab\n", 1},
		{"umount /dev/temp1", "umount: /dev/temp1: not found\n", 1},
		{"mkfs.ext4", "", 1},
		{"mkfs.ext4 /dev/nothere", "mke2fs 1.39 (29-May-2006)\nCould not stat /dev/nothere --- No such file or directory\n\nThe device apparently does not exist; did you specify it correctly?\n", 1},
		{"mkfs.ext4 /etc/passwd", "mke2fs 1.39 (29-May-2006)\n/etc/passwd is not a block special device.\nProceed anyway? (y,n) \n", 1},
		{"mkfs -t xfs /dev/simp_blkdev", "mkfs.xfs: No such file or directory\n", 1},
		{"mkfs.xfs /dev/simp_blkdev", "bash: mkfs.xfs: command not found\n", 127},
		{"hexdump -e '\"%x\"' /etc/passwd", "hexdump: -e: format strings are not supported by the simulated hexdump\n", 1},
		{"dd if=/dev/simp_blkdev of=/dev/null count=-1", "dd: invalid number `-1'\nTry `dd --help' for more information.\n", 1},
		{"echo -e 'a\\tb\\0101\\c' x", "a\tbA", 0},
		{"echo -n", "", 0},
		{"echo -x y", "-x y\n", 0},
		{"echo 中文 > /tmp/中文 && ls /tmp/中*", "/tmp/中文\n", 0},
		{"echo ~ ~/x '~'", "/root /root/x ~\n", 0},
		{"echo /etc/init.d/n*s /nomatch*", "/etc/init.d/netfs /etc/init.d/nfs /nomatch*\n", 0},
		{"echo '/etc/*' \"/etc/*\" /etc/\\*", "/etc/* /etc/* /etc/*\n", 0},
		{"echo " + strings.Repeat("x", 10000) + " | cat > /dev/null", "", 0},
		{"modinfo", "Usage: modinfo [-0][-F field][-k kernelversion] module...\n" +
			" Prints out the information about one or more module(s).\n" +
			" If a fieldname is given, just print out that field (or nothing if not found).\n" +
			" Otherwise, print all information out in a readable form\n" +
			" If -0 is given, separate with nul, not newline.\n", 1},
		{"rmmod ''", "ERROR: Module  does not exist in /proc/modules\n", 1},
		{"insmod ''", "insmod: can't read '': No such file or directory\n", 1},
	} {
		got, status := run(t, s, out, tt.cmd)
		if strings.Contains(got, "internal error") {
			t.Errorf("%s: %s", tt.cmd, got)
		}
		if tt.cmd == "mkfs.ext4" {
			if !strings.HasPrefix(got, "Usage: mkfs.ext4 ") || status != 1 {
				t.Errorf("%s: status %d, %q", tt.cmd, status, got)
			}
			continue
		}
		if tt.cmd == "cat x" {
			continue // the file made by the line before
		}
		if got != tt.want || status != tt.status {
			t.Errorf("%s: status %d, output\n%q\nwant status %d, output\n%q", tt.cmd, status, got, tt.status, tt.want)
		}
	}
}

// TestRemoveEverything runs rm -rf / on a machine with a mounted disk: the
// in-memory tree goes, the kernel's trees and the mount stay, and the shell
// keeps working.
func TestRemoveEverything(t *testing.T) {
	s, out := newShell(t, t.TempDir())
	mustRun(t, s, out, "insmod simp_blkdev.ko")
	mustRun(t, s, out, "mkfs.vfat /dev/simp_blkdev && mount /dev/simp_blkdev /mnt && cp /etc/passwd /mnt")
	got, status := run(t, s, out, "rm -rf /")
	if status != 1 || strings.Contains(got, "internal error") {
		t.Errorf("rm -rf /: status %d\n%s", status, got)
	}
	for _, want := range []string{
		"rm: cannot remove `/proc/modules': Operation not permitted\n",
		"rm: cannot remove directory `/sys': Device or resource busy\n",
		"rm: cannot remove directory `/mnt': Device or resource busy\n",
		"rm: cannot remove directory `/': Device or resource busy\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("rm -rf / did not say %q", want)
		}
	}
	if got := mustRun(t, s, out, "ls /mnt; ls /"); got != "dev  host  mnt  proc  sys\n" {
		t.Errorf("after rm -rf /: %q", got)
	}
	if got, _ := run(t, s, out, "lsmod"); !strings.Contains(got, "simp_blkdev         16784008  1 ") {
		t.Errorf("lsmod after rm -rf /: %q", got)
	}
	mustRun(t, s, out, "umount /mnt")
}

func TestNoHost(t *testing.T) {
	k, err := blockdev.Boot(blockdev.Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	s := New(k, Options{HostRoot: "/nonexistent/dir", Stdout: &out})
	defer s.Close()
	if !strings.HasPrefix(out.String(), "shell: no /host: ") {
		t.Errorf("New with a bad HostRoot said %q", out.String())
	}
	out.Reset()
	if s.Exec("ls /host") != 1 || out.String() != "ls: /host: No such file or directory\n" {
		t.Errorf("ls /host: %q", out.String())
	}
}
