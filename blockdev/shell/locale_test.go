package shell

import (
	"strings"
	"testing"
)

// TestLocaleDfAndLs: export LANG=zh_CN.UTF-8 gives the tutorial's df
// header and ls -l date; LANG=C and the login default print coreutils'
// English; LC_ALL wins over LANG, LC_TIME over LANG for the date only.
func TestLocaleDfAndLs(t *testing.T) {
	s, out := newShell(t, "")
	mustRun(t, s, out, "insmod simp_blkdev.ko && mkfs.ext4 /dev/simp_blkdev && mkdir -p /mnt/temp1 && mount /dev/simp_blkdev /mnt/temp1")
	const (
		zhDf = "文件系统               1K-块        已用     可用 已用% 挂载点\n"
		cDf  = "Filesystem           1K-blocks      Used Available Use% Mounted on\n"
		zhLs = "brw-r----- 1 root disk 72, 0 11-10 18:13 /dev/simp_blkdev\n"
		cLs  = "brw-r----- 1 root disk 72, 0 Nov 10 18:13 /dev/simp_blkdev\n"
	)
	for _, tt := range []struct {
		setup      string
		df, lsLong string
	}{
		{"", cDf, cLs},
		{"export LANG=zh_CN.UTF-8", zhDf, zhLs},
		{"export LANG=C", cDf, cLs},
		{"export LANG=zh_CN.utf8", zhDf, zhLs},
		{"export LANG=zh_CN.UTF-8 LC_ALL=C", cDf, cLs},
		{"unset LC_ALL; export LANG=C LC_TIME=zh_CN.UTF-8", cDf, zhLs},
		{"unset LC_TIME; export LANG=fr_FR.UTF-8", cDf, cLs}, // no such locale on the box: C
	} {
		if tt.setup != "" {
			mustRun(t, s, out, tt.setup)
		}
		if got := mustRun(t, s, out, "df"); !strings.HasPrefix(got, tt.df) {
			t.Errorf("after %q, df:\n%s\nwant the header %q", tt.setup, got, tt.df)
		}
		if got := mustRun(t, s, out, "ls -l /dev/simp_blkdev"); got != tt.lsLong {
			t.Errorf("after %q, ls -l:\n%q\nwant %q", tt.setup, got, tt.lsLong)
		}
	}
	mustRun(t, s, out, "export LANG=zh_CN.UTF-8")
	if got := mustRun(t, s, out, "ls -l /mnt/temp1"); !strings.HasPrefix(got, "总计 ") {
		t.Errorf("ls -l in zh_CN.UTF-8 begins %q, want 总计", got)
	}
	// A VAR=value before a command is its environment only.
	if got := mustRun(t, s, out, "LANG=C ls -l /dev/simp_blkdev; ls -l /dev/simp_blkdev"); got != cLs+zhLs {
		t.Errorf("LANG=C before ls:\n%s", got)
	}
	mustRun(t, s, out, "umount /mnt/temp1")
}

// TestLocaleCollation: the C locale sorts by bytes, the UTF-8 locales as
// the tutorial's ls shows; globs follow the shell's own variables.
func TestLocaleCollation(t *testing.T) {
	s, out := newShell(t, "")
	mustRun(t, s, out, "mkdir /tmp/d && cd /tmp/d && echo > b && echo > B && echo > a")
	for _, tt := range []struct{ line, want string }{
		{"ls", "a  b  B\n"},
		{"echo *", "a b B\n"},
		{"LC_ALL=C ls", "B  a  b\n"},
		{"LC_COLLATE=C; echo *", "B a b\n"}, // not exported: bash's own order only
		{"ls", "a  b  B\n"},
	} {
		if got := mustRun(t, s, out, tt.line); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.line, got, tt.want)
		}
	}
}

// TestLsWidth: $COLUMNS sets the width ls fills, the terminal's size (stty
// cols) wins over it as 5.97's TIOCGWINSZ does, an invalid $COLUMNS is
// reported and ignored, and the tutorial's 9-column listing comes out at
// 160 columns.
func TestLsWidth(t *testing.T) {
	s, out := newShell(t, "")
	mustRun(t, s, out, "mkdir -p /tmp/d/lost+found && cp /etc/init.d/* /tmp/d") // as on the mounted ext3
	rows := func(listing string) int { return strings.Count(listing, "\n") }
	if got := mustRun(t, s, out, "COLUMNS=160 ls /tmp/d"); rows(got) != 9 {
		t.Errorf("COLUMNS=160 ls: %d rows, want the tutorial's 9:\n%s", rows(got), got)
	}
	if got := mustRun(t, s, out, "ls /tmp/d"); rows(got) != 20 {
		t.Errorf("ls at 80 columns: %d rows, want 20:\n%s", rows(got), got)
	}
	if got := mustRun(t, s, out, "COLUMNS=0x50 ls /tmp/d"); rows(got) != 20 {
		t.Errorf("COLUMNS=0x50 (80) ls: %d rows, want 20", rows(got))
	}
	if got := mustRun(t, s, out, "COLUMNS=wide ls /tmp/d"); !strings.HasPrefix(got, "ls: ignoring invalid width in environment variable COLUMNS: wide\n") {
		t.Errorf("COLUMNS=wide ls:\n%s", got)
	}
	mustRun(t, s, out, "stty cols 160")
	if got := mustRun(t, s, out, "stty size"); got != "0 160\n" {
		t.Errorf("stty size = %q", got)
	}
	if got := mustRun(t, s, out, "COLUMNS=80 ls /tmp/d"); rows(got) != 9 {
		t.Errorf("stty cols 160, COLUMNS=80: %d rows, want 9 (the terminal's size wins)", rows(got))
	}
	if got, status := run(t, s, out, "stty cols x"); status != 1 || got != "stty: invalid integer argument `x'\n" {
		t.Errorf("stty cols x: %d %q", status, got)
	}
}
