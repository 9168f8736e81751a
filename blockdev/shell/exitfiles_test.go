package shell

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"simpblkdev/blockdev"
)

// onDisk repeats " /dev/simp_blkdev" n times: operands enough for a tool
// that prints a little per device to fill a pipe while one is open.
func onDisk(n int) string { return strings.Repeat(" /dev/simp_blkdev", n) }

// TestKilledCommandClosesItsFiles: a command killed while it has the device
// open, by SIGPIPE as it writes into a pipe whose reader has exited or by
// SIGSEGV as its I/O oopses in the driver, leaves it open no longer: its
// exit closes it (do_exit's exit_files), so lsmod shows the module unused
// and rmmod unloads it. Each command here held the device open for ever
// before the shell closed a dead command's files.
func TestKilledCommandClosesItsFiles(t *testing.T) {
	tests := []struct {
		name   string
		bug    string // brokenRamdisk's bug, "" for the working driver
		cmd    string
		want   string // what cmd prints
		victim string // the command that must die; cmd's first word if ""
	}{
		// SIGPIPE: the first command fills the pipe, head takes a
		// little and exits, and the next write kills the writer.
		{"cat killed by SIGPIPE", "", "cat /dev/simp_blkdev | head -c 10", "x\nx\nx\nx\nx\n", ""},
		{"grep killed by SIGPIPE", "", "grep x /dev/simp_blkdev | head -1", "x\n", ""},
		{"head killed by SIGPIPE", "", "head -c 1000000 /dev/simp_blkdev | head -c 2", "x\n", ""},
		{"od killed by SIGPIPE", "", "od -v /dev/simp_blkdev | head -c 8", "0000000 ", ""},
		{"hexdump killed by SIGPIPE", "", "hexdump -v /dev/simp_blkdev | head -c 8", "0000000 ", ""},
		{"dd killed by SIGPIPE", "", "dd if=/dev/simp_blkdev 2>/dev/null | head -c 2", "x\n", ""},
		{"hdparm killed by SIGPIPE", "", "hdparm -g" + onDisk(4000) + " 2>/dev/null | head -c 1", "\n", ""},
		{"fdisk killed by SIGPIPE", "", "fdisk -l" + onDisk(600) + " 2>/dev/null | head -c 1", "\n", ""},
		// SIGSEGV: the request function oopses on the command's read
		// (or the driver's getgeo on hdparm's and sfdisk's HDIO_GETGEO).
		{"cat killed by an oops", "request", "cat /dev/simp_blkdev", "Segmentation fault\n", ""},
		{"grep killed by an oops", "request", "grep x /dev/simp_blkdev", "Segmentation fault\n", ""},
		{"head killed by an oops", "request", "head -c 10 /dev/simp_blkdev", "Segmentation fault\n", ""},
		{"wc killed by an oops", "request", "wc -c /dev/simp_blkdev", "Segmentation fault\n", ""},
		{"blkparse killed by an oops", "request", "mknod t.blktrace.0 b 72 0; blkparse -i t", "Segmentation fault\n", "blkparse"},
		{"fdisk killed by an oops", "request", "fdisk -l /dev/simp_blkdev", "Segmentation fault\n", ""},
		{"hdparm killed by an oops", "getgeo", "hdparm -g /dev/simp_blkdev", "\n/dev/simp_blkdev:\nSegmentation fault\n", ""},
		{"mount killed by an oops", "request", "mkdir /mnt/d; mount /dev/simp_blkdev /mnt/d", "Segmentation fault\n", "mount"},
		{"dd killed by an oops", "request", "dd if=/dev/simp_blkdev of=/dev/null", "Segmentation fault\n", ""},
		{"cp killed by an oops", "request", "cp /dev/simp_blkdev /tmp/disk", "Segmentation fault\n", ""},
		{"od killed by an oops", "request", "od /dev/simp_blkdev", "Segmentation fault\n", ""},
		{"sfdisk killed by an oops", "getgeo", "sfdisk -g /dev/simp_blkdev", "Segmentation fault\n", ""},
		{"a redirection's device, killed by an oops", "request", "cat < /dev/simp_blkdev", "Segmentation fault\n", ""},
	}
	host := t.TempDir()
	if err := os.WriteFile(filepath.Join(host, "lines"), []byte(strings.Repeat("x\n", 100000)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := blockdev.Boot(blockdev.Config{Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			module := ramdiskModule
			if tt.bug != "" {
				module = brokenRamdisk(tt.bug)
			}
			var out strings.Builder
			s := New(k, Options{Module: module, Step: 1, HostRoot: host, Stdout: &out, Seed: 7})
			t.Cleanup(s.Close)
			mustRun(t, s, &out, "insmod simp_blkdev.ko")
			if tt.bug == "" {
				mustRun(t, s, &out, "cp /host/lines /dev/simp_blkdev")
			}
			victim := tt.victim
			if victim == "" {
				victim, _, _ = strings.Cut(tt.cmd, " ")
			}
			killed := watchKills(t, victim)
			got, _ := run(t, s, &out, tt.cmd)
			if !*killed {
				t.Errorf("%s was not killed", victim)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
			if tt.bug != "" && strings.Count(k.Dmesg(), "[#") != 1 {
				t.Errorf("not one oops:\n%s", k.Dmesg())
			}
			checkUnused(t, s, &out)
		})
	}
}

// TestCommandLeavesNothingOpen: a command that runs to its end leaves the
// device closed, as before; so does one whose open is its last act.
func TestCommandLeavesNothingOpen(t *testing.T) {
	for _, cmd := range []string{
		"cat /dev/simp_blkdev > /dev/null",
		"grep x /dev/simp_blkdev",
		"head -c 10 /dev/simp_blkdev > /dev/null",
		"wc -c /dev/simp_blkdev",
		"od -N 16 /dev/simp_blkdev",
		"hexdump -n 16 /dev/simp_blkdev",
		"dd if=/dev/simp_blkdev of=/dev/null count=1 2>/dev/null",
		"cp /dev/simp_blkdev /tmp/disk",
		"hdparm -g /dev/simp_blkdev",
		"fdisk -l /dev/simp_blkdev 2>/dev/null",
		"sfdisk -g /dev/simp_blkdev",
		"mkdir /mnt/d; mkfs.vfat /dev/simp_blkdev > /dev/null; mount /dev/simp_blkdev /mnt/d; umount /mnt/d",
		"echo hello > /dev/simp_blkdev",
		"cat < /dev/simp_blkdev > /dev/null",
		"dd if=/dev/zero of=/dev/simp_blkdev count=1 2>/dev/null",
		"blktrace -d /dev/simp_blkdev -w 1 -o t > /dev/null; blkparse -i t > /dev/null",
	} {
		t.Run(cmd, func(t *testing.T) {
			s, out := newShell(t, "")
			mustRun(t, s, out, "insmod simp_blkdev.ko")
			run(t, s, out, cmd)
			checkUnused(t, s, out)
		})
	}
}

// watchKills makes the command name report whether a signal killed it:
// whether its code ended in a panic (runSimple's recover sees it next).
func watchKills(t *testing.T, name string) *bool {
	orig, ok := commands[name]
	if !ok {
		t.Fatalf("no command %s", name)
	}
	killed := new(bool)
	watched := orig
	watched.run = func(p *proc) int {
		defer func() {
			if r := recover(); r != nil {
				*killed = true
				panic(r)
			}
		}()
		return orig.run(p)
	}
	commands[name] = watched
	t.Cleanup(func() { commands[name] = orig })
	return killed
}

// checkUnused checks that nothing holds simp_blkdev: lsmod shows it used
// by none, and rmmod unloads it.
func checkUnused(t *testing.T, s *Shell, out *strings.Builder) {
	t.Helper()
	for _, step := range []struct{ cmd, want string }{
		{"lsmod", "Module                  Size  Used by\nsimp_blkdev         16784008  0 \n"},
		{"rmmod simp_blkdev", ""},
		{"lsmod", "Module                  Size  Used by\n"},
	} {
		got, _ := run(t, s, out, step.cmd)
		if d := cmp.Diff(step.want, got); d != "" {
			t.Errorf("%s (-want +got):\n%s", step.cmd, d)
		}
	}
}
