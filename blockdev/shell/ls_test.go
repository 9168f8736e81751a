package shell

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// tutorialListing is chapter 1's `ls /mnt/temp1` after `cp /etc/init.d/*
// /mnt/temp1`, on the author's wide terminal (non-breaking spaces of the web
// page turned back into spaces).
const tutorialListing = `acpid           conman              functions  irqbalance    mdmpd           NetworkManagerDispatcher  rdisc            sendmail        winbind
anacron         cpuspeed            gpm        kdump         messagebus      nfs                       readahead_early  setroubleshoot  wpa_supplicant
apmd            crond               haldaemon  killall       microcode_ctl   nfslock                   readahead_later  single          xfs
atd             cups                halt       krb524        multipathd      nscd                      restorecond      smartd          xinetd
auditd          cups-config-daemon  hidd       kudzu         netconsole      ntpd                      rhnsd            smb             ypbind
autofs          dhcdbd              ip6tables  lost+found    netfs           pand                      rpcgssd          sshd            yum-updatesd
avahi-daemon    dund                ipmi       lvm2-monitor  netplugd        pcscd                     rpcidmapd        syslog
avahi-dnsconfd  firstboot           iptables   mcstrans      network         portmap                   rpcsvcgssd       vmware
bluetooth       frecord             irda       mdmonitor     NetworkManager  psacct                    saslauthd        vncserver
`

// columnMajor reads a listing column by column: the order ls sorted the
// names in.
func columnMajor(listing string) []string {
	var rows [][]string
	for _, l := range strings.Split(strings.TrimSuffix(listing, "\n"), "\n") {
		rows = append(rows, strings.Fields(l))
	}
	var names []string
	for c := 0; c < len(rows[0]); c++ {
		for _, r := range rows {
			if c < len(r) {
				names = append(names, r[c])
			}
		}
	}
	return names
}

func TestCollateMatchesTutorial(t *testing.T) {
	want := columnMajor(tutorialListing)
	got := append([]string{"lost+found"}, initdNames...)
	slices.Reverse(got)
	sortNames(got, localeZhCN)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("locale order differs from the tutorial's listing (-tutorial +ours):\n%s", d)
	}
}

func TestCollate(t *testing.T) {
	for _, tt := range []struct{ a, b string }{
		{"network", "NetworkManager"},
		{"NetworkManager", "NetworkManagerDispatcher"},
		{"NetworkManagerDispatcher", "nfs"},
		{"kudzu", "lost+found"},
		{"lost+found", "lvm2-monitor"},
		{"cups", "cups-config-daemon"},
		{"ip6tables", "ipmi"},
		{"a", "A"}, // lower case first on a tie
		{"A", "b"},
		{".", ".."},
		{"..", "a"},
		{".bashrc", "c"}, // dots are punctuation: ignored at first
	} {
		if collate(tt.a, tt.b, localeEnUS) >= 0 || collate(tt.b, tt.a, localeEnUS) <= 0 {
			t.Errorf("collate(%q, %q) = %d, want <0", tt.a, tt.b, collate(tt.a, tt.b, localeEnUS))
		}
	}
}

func TestColumns(t *testing.T) {
	names := columnMajor(tutorialListing)
	// The tutorial's terminal was wide enough for nine columns (150
	// characters); ls on it gives the tutorial's very lines.
	if d := cmp.Diff(tutorialListing, columns(names, 151)); d != "" {
		t.Errorf("columns(151) (-tutorial +ours):\n%s", d)
	}
	for _, tt := range []struct {
		names []string
		width int
		want  string
	}{
		{nil, 80, ""},
		{[]string{"lost+found"}, 80, "lost+found\n"},
		{[]string{"a", "b", "c"}, 80, "a  b  c\n"},
		// Too wide for one line: columns filled top to bottom.
		{[]string{"aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc", "dddddddddd", "e"}, 25, "aaaaaaaaaa  dddddddddd\nbbbbbbbbbb  e\ncccccccccc\n"},
		// A name longer than the terminal gets a line of its own.
		{[]string{strings.Repeat("x", 90), "y"}, 80, strings.Repeat("x", 90) + "\ny\n"},
	} {
		if got := columns(tt.names, tt.width); got != tt.want {
			t.Errorf("columns(%q, %d) =\n%s\nwant\n%s", tt.names, tt.width, got, tt.want)
		}
	}
	// On an 80-column terminal every line fits.
	for _, line := range strings.Split(columns(names, 80), "\n") {
		if len(line) >= 80 {
			t.Errorf("line of %d characters: %q", len(line), line)
		}
	}
}

func TestLs(t *testing.T) {
	s, out := newShell(t, "")
	mustRun(t, s, out, "insmod simp_blkdev.ko")
	for _, tt := range []struct {
		cmd, want string
		status    int
	}{
		{"ls -l /dev/simp_blkdev", "brw-r----- 1 root disk 72, 0 Nov 10 18:13 /dev/simp_blkdev\n", 0},
		{"ls /dev", "full  null  simp_blkdev  urandom  zero\n", 0},
		{"ls -l /dev", "total 0\n" +
			"crw-rw-rw- 1 root root  1, 7 Nov 10 18:13 full\n" +
			"crw-rw-rw- 1 root root  1, 3 Nov 10 18:13 null\n" +
			"brw-r----- 1 root disk 72, 0 Nov 10 18:13 simp_blkdev\n" +
			"crw-rw-rw- 1 root root  1, 9 Nov 10 18:13 urandom\n" +
			"crw-rw-rw- 1 root root  1, 5 Nov 10 18:13 zero\n", 0},
		{"ls -d /etc /tmp /root", "/etc  /root  /tmp\n", 0},
		{"ls -ld /tmp", "drwxrwxrwt 2 root root 4096 Nov 10 18:13 /tmp\n", 0},
		{"ls /etc /root", "/etc:\ninit.d  passwd\n\n/root:\ntest\n", 0},
		// The chapter's directory, as after the first make.
		{"pwd", "/root/test/simp_blkdev/simp_blkdev_step1\n", 0},
		{"ls", "Makefile  simp_blkdev.ko\n", 0},
		{"ls -a", ".  ..  Makefile  simp_blkdev.ko  .tmp_versions\n", 0},
		{"ls -la", "total 24\n" +
			"drwxr-xr-x 3 root root 4096 Nov 10 17:13 .\n" +
			"drwxr-xr-x 3 root root 4096 Nov 10 17:13 ..\n" +
			"-rw-r--r-- 1 root root  241 Nov 10 17:12 Makefile\n" +
			"-rw-r--r-- 1 root root 8192 Nov 10 17:13 simp_blkdev.ko\n" +
			"drwxr-xr-x 2 root root 4096 Nov 10 17:13 .tmp_versions\n", 0},
		{"ls -l /etc/init.d/killall /etc/init.d/functions", "" +
			"-rw-r--r-- 1 root root 12133 Oct 15  2007 /etc/init.d/functions\n" +
			"-rwxr-xr-x 1 root root  1333 Feb  1  2007 /etc/init.d/killall\n", 0},
		{"ls /sys/block/simp_blkdev", "dev  holders  queue  range  removable  size  slaves  stat  subsystem  uevent\n", 0},
		{"ls -l /sys/block/simp_blkdev/subsystem", "lrwxrwxrwx 1 root root 0 Nov 10 18:13 /sys/block/simp_blkdev/subsystem -> ../../block\n", 0},
		{"ls /nonexistent /etc/passwd", "ls: /nonexistent: No such file or directory\n/etc/passwd\n", 1},
		{"ls -y", "ls: invalid option -- y\nTry `ls --help' for more information.\n", 2},
		{"ls --color", "ls: unrecognized option `--color'\nTry `ls --help' for more information.\n", 2},
		// Not on a terminal: one name per line.
		{"ls /etc > /tmp/l; cat /tmp/l", "init.d\npasswd\n", 0},
	} {
		got, status := run(t, s, out, tt.cmd)
		if got != tt.want || status != tt.status {
			t.Errorf("%s: status %d, output\n%s\nwant status %d, output\n%s", tt.cmd, status, got, tt.status, tt.want)
		}
	}
}

func TestLsTime(t *testing.T) {
	now := epoch
	for _, tt := range []struct {
		t     time.Time
		c, zh string
	}{
		{now, "Nov 10 18:13", "11-10 18:13"},
		{now.AddDate(0, -5, 0), "Jun 10 18:13", "06-10 18:13"},
		{now.AddDate(0, -7, 0), "Apr 10  2008", "2008-04-10"},
		{now.AddDate(0, 0, -9), "Nov  1 18:13", "11-01 18:13"},
		{now.Add(time.Hour), "Nov 10  2008", "2008-11-10"}, // in the future
	} {
		for _, loc := range []locale{localeC, localeEnUS} {
			if got := lsTime(tt.t, now, loc); got != tt.c {
				t.Errorf("lsTime(%v, %d) = %q, want %q", tt.t, loc, got, tt.c)
			}
		}
		if got := lsTime(tt.t, now, localeZhCN); got != tt.zh {
			t.Errorf("lsTime(%v, zh_CN) = %q, want %q", tt.t, got, tt.zh)
		}
	}
}
