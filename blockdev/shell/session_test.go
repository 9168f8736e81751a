package shell

import (
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"simpblkdev/blockdev"
)

// chapter1 is chapter 1's session, with mkfs.ext4 where the tutorial ran
// mkfs.ext3 (blockdev/fs cannot make ext3; the attempt is kept to show
// its message).
const chapter1 = `# insmod simp_blkdev.ko
#
# lsmod
Module                  Size  Used by
simp_blkdev         16784008  0
# ls -l /dev/simp_blkdev
# mkfs.ext3 /dev/simp_blkdev
# mkfs.ext4 /dev/simp_blkdev
# mkdir -p /mnt/temp1
# mount /dev/simp_blkdev /mnt/temp1
# mount
# lsmod
# ls /mnt/temp1
# cp /etc/init.d/* /mnt/temp1
# ls /mnt/temp1
# df
# rm -rf /mnt/temp1/*
# ls /mnt/temp1
# umount /mnt/temp1
# lsmod
# rmmod simp_blkdev
#
`

// transcriptSections splits a transcript into its commands' outputs.
func transcriptSections(tr string) map[string][]string {
	out := map[string][]string{}
	cmd := ""
	for _, line := range strings.Split(strings.TrimSuffix(tr, "\n"), "\n") {
		switch {
		case line == "#":
			cmd = ""
		case strings.HasPrefix(line, "# "):
			cmd = line[2:]
			out[cmd] = append(out[cmd], "")
		default:
			o := out[cmd]
			o[len(o)-1] += line + "\n"
		}
	}
	return out
}

func TestChapter1Session(t *testing.T) {
	s, _ := newShell(t, "")
	tr := s.RunTranscript(chapter1)
	t.Logf("transcript:\n%s", tr)
	if got := ParseCommands(tr); !cmp.Equal(got, ParseCommands(chapter1)) {
		t.Fatalf("transcript commands differ:\n%s", cmp.Diff(ParseCommands(chapter1), got))
	}
	sec := transcriptSections(tr)
	lsmod := func(used string) string {
		return "Module                  Size  Used by\nsimp_blkdev         16784008  " + used + " \n"
	}
	for _, tt := range []struct {
		cmd  string
		want []string // each time the command ran
	}{
		{"insmod simp_blkdev.ko", []string{""}},
		{"lsmod", []string{lsmod("0"), lsmod("1"), lsmod("0")}},
		{"ls -l /dev/simp_blkdev", []string{"brw-r----- 1 root disk 72, 0 Nov 10 18:13 /dev/simp_blkdev\n"}},
		{"mkdir -p /mnt/temp1", []string{""}},
		{"mount /dev/simp_blkdev /mnt/temp1", []string{""}},
		{"mount", []string{"/dev/simp_blkdev on /mnt/temp1 type ext4 (rw)\n"}},
		{"ls /mnt/temp1", []string{"lost+found\n", "", ""}},
		{"cp /etc/init.d/* /mnt/temp1", []string{""}},
		{"rm -rf /mnt/temp1/*", []string{""}},
		{"umount /mnt/temp1", []string{""}},
		{"rmmod simp_blkdev", []string{""}},
	} {
		got := sec[tt.cmd]
		if len(tt.want) == 3 && tt.cmd == "ls /mnt/temp1" {
			got = []string{got[0], "", got[2]} // the full listing is checked below
		}
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("%s (-want +got):\n%s", tt.cmd, d)
		}
	}
	if got := sec["mkfs.ext3 /dev/simp_blkdev"][0]; !strings.HasPrefix(got, "mkfs.ext3: file system type not supported") {
		t.Errorf("mkfs.ext3: %q", got)
	}
	if got := sec["mkfs.ext4 /dev/simp_blkdev"][0]; !strings.HasPrefix(got, "mke2fs 1.39 (29-May-2006)\n") || !strings.Contains(got, "Writing superblocks and filesystem accounting information: done") {
		t.Errorf("mkfs.ext4:\n%s", got)
	}
	// The listing after cp: every script and lost+found, in the
	// tutorial's order, in columns that fit 80 characters.
	listing := sec["ls /mnt/temp1"][1]
	want := columns(columnMajor(tutorialListing), 80)
	if listing != want {
		t.Errorf("ls after cp:\n%s\nwant\n%s", listing, want)
	}
	df := sec["df"][0]
	m := regexp.MustCompile(`^Filesystem           1K-blocks      Used Available Use% Mounted on\n/dev/simp_blkdev +(\d+) +(\d+) +(\d+) +(\d+)% /mnt/temp1\n$`).FindStringSubmatch(df)
	if m == nil {
		t.Fatalf("df:\n%s", df)
	}
	if m[1] < "14000" || len(m[1]) != 5 || m[4] == "0" {
		t.Errorf("df figures implausible for 16 MiB with the scripts: %v", m[1:])
	}
}

// TestTranscriptDeterministic runs the same session on two fresh machines
// with the same seed and gets the same text.
func TestTranscriptDeterministic(t *testing.T) {
	script := chapter1 + `# insmod simp_blkdev.ko
# dd if=/etc/init.d/functions of=/dev/simp_blkdev bs=1k
# hexdump -C -n 96 /dev/simp_blkdev
# echo deadline > /sys/block/simp_blkdev/queue/scheduler
# cat /sys/block/simp_blkdev/queue/scheduler /sys/block/simp_blkdev/stat
# dd if=/dev/simp_blkdev of=/dev/null bs=512 count=100 iflag=direct
# ls -l /dev /tmp
# dmesg
`
	var trs []string
	for i := 0; i < 2; i++ {
		k, err := blockdev.Boot(blockdev.Config{Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		s := New(k, Options{Module: ramdiskModule, Step: 1, Seed: 5})
		trs = append(trs, s.RunTranscript(script))
		s.Close()
	}
	if d := cmp.Diff(trs[0], trs[1]); d != "" {
		t.Errorf("two runs differ (-first +second):\n%s", d)
	}
	if !strings.Contains(trs[0], "noop anticipatory [deadline] cfq") {
		t.Errorf("scheduler switch not in the transcript:\n%s", trs[0])
	}
}

func TestParseCommands(t *testing.T) {
	script := "intro text\n# ls\nout\n#\n#not a command\n# echo  a  \r\n# \n"
	want := []string{"ls", "", "echo  a  ", ""}
	if d := cmp.Diff(want, ParseCommands(script)); d != "" {
		t.Errorf("ParseCommands (-want +got):\n%s", d)
	}
	s, _ := newShell(t, "")
	got := s.RunTranscript("# echo -n abc\n# echo  a   b\n#\n# foo\n")
	if want := "# echo -n abc\nabc\n# echo  a   b\na b\n#\n# foo\nbash: foo: command not found\n"; got != want {
		t.Errorf("RunTranscript:\n%q\nwant\n%q", got, want)
	}
}
