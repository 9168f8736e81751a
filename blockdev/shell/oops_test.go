package shell

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"simpblkdev/blockdev"
)

// brokenRamdisk is the tests' simp_blkdev with one bug, each in a function
// of its own so that the oops names it: "init", "exit", "request" (the
// request function), "open" or "getgeo".
func brokenRamdisk(bug string) *blockdev.ModuleInfo {
	info := *ramdiskModule
	info.New = func(k *blockdev.Kernel, this *blockdev.Module) blockdev.ModuleCode {
		return &brokenDisk{ramdiskModule.New(k, this).(*ramdisk), bug}
	}
	return &info
}

type brokenDisk struct {
	*ramdisk
	bug string
}

func (d *brokenDisk) Init() blockdev.Errno {
	if d.bug == "init" {
		initNilDisk()
	}
	switch d.bug {
	case "open":
		d.fops.Open = openNilMap
	case "getgeo":
		d.fops.Getgeo = getgeoBUG
	}
	if ret := d.ramdisk.Init(); ret != 0 {
		return ret
	}
	if d.bug == "request" {
		d.q.RequestFn = requestPastTheEnd
	}
	return 0
}

func (d *brokenDisk) Exit() {
	if d.bug == "exit" {
		exitDivides(0)
	}
	d.ramdisk.Exit()
}

func initNilDisk() {
	var disk *blockdev.Gendisk
	disk.DiskName = "simp_blkdev"
}

func openNilMap(b *blockdev.BlockDevice) blockdev.Errno {
	var users map[*blockdev.BlockDevice]int
	users[b]++
	return 0
}

func getgeoBUG(b *blockdev.BlockDevice, geo *blockdev.HdGeometry) blockdev.Errno {
	panic("simp_blkdev: no geometry")
}

func requestPastTheEnd(q *blockdev.RequestQueue) {
	var data [512]byte
	req := blockdev.ElvNextRequest(q)
	req.Buffer[0] = data[int(req.Sector)+512]
}

func exitDivides(n int) { _ = 512 / n }

// TestDriverOopsKillsTheCommand: a command whose system call oopsed in the
// driver dies of SIGSEGV as bash shows it ("Segmentation fault", $? 139,
// a background job's notice), the kernel state is what the oops left, and
// the shell goes on; never "internal error".
func TestDriverOopsKillsTheCommand(t *testing.T) {
	tests := []struct {
		name string
		bug  string
		// script alternates commands and their exact output (a
		// command whose output starts with "~" is checked to contain
		// each of its lines instead).
		script []string
		oops   []string // in dmesg
	}{
		{"insmod of an init that oopses", "init", []string{
			"insmod simp_blkdev.ko", "Segmentation fault\n",
			"echo $?", "139\n",
			"lsmod", "Module                  Size  Used by\nsimp_blkdev         16784008  0 \n",
			"cat /proc/modules", "~simp_blkdev 16784008 0 - Loading",
			"insmod simp_blkdev.ko", "insmod: error inserting 'simp_blkdev.ko': -1 File exists\n",
			"rmmod simp_blkdev", "ERROR: Removing 'simp_blkdev': Device or resource busy\n",
		}, []string{"BUG: unable to handle kernel NULL pointer dereference at virtual address 00000000", "EIP is at initNilDisk+0x", "oops_test.go:56)"}},
		{"rmmod of an exit that oopses", "exit", []string{
			"insmod simp_blkdev.ko", "",
			"rmmod simp_blkdev; echo $?", "Segmentation fault\n139\n",
			"cat /proc/modules", "~simp_blkdev 16784008 0 - Unloading",
			"rmmod simp_blkdev", "ERROR: Removing 'simp_blkdev': Device or resource busy\n",
		}, []string{"divide error: 0000 [#1]", "EIP is at exitDivides+0x", "integer divide by zero (oops_test.go:75)"}},
		{"dd whose read oopses in the request function", "request", []string{
			"insmod simp_blkdev.ko", "",
			"dd if=/dev/simp_blkdev of=/dev/null count=1", "Segmentation fault\n",
			"echo $?", "139\n",
			"lsmod", "Module                  Size  Used by\nsimp_blkdev         16784008  0 \n",
			// The queue is dead: later I/O fails at once.
			"dd if=/dev/simp_blkdev of=/dev/null count=1 skip=64", "~dd: reading `/dev/simp_blkdev': Input/output error\n0+0 records in",
			"rmmod simp_blkdev", "",
		}, []string{"BUG: unable to handle kernel paging request", "EIP is at requestPastTheEnd+0x", "index out of range",
			"INFO: simp_blkdev: the queue's driver oopsed holding it; I/O to it fails with -EIO instead of waiting for ever"}},
		{"the last command of a pipeline", "request", []string{
			"insmod simp_blkdev.ko", "",
			"echo hello | dd if=/dev/simp_blkdev count=1; echo $?", "Segmentation fault\n139\n",
		}, []string{"EIP is at requestPastTheEnd+0x"}},
		{"the first command of a pipeline: bash reports the last's status", "request", []string{
			"insmod simp_blkdev.ko", "",
			"dd if=/dev/simp_blkdev count=1 | wc -c; echo $?", "0\n0\n",
		}, []string{"EIP is at requestPastTheEnd+0x"}},
		{"a background job", "request", []string{
			"insmod simp_blkdev.ko", "",
			"dd if=/dev/simp_blkdev of=/dev/null count=1 &",
			"[1] 3569\n[1]+  Segmentation fault      dd if=/dev/simp_blkdev of=/dev/null count=1\n",
			"jobs; echo $?", "0\n",
		}, []string{"EIP is at requestPastTheEnd+0x"}},
		{"open that oopses", "open", []string{
			"insmod simp_blkdev.ko", "",
			"cat /dev/simp_blkdev && echo read; echo $?", "Segmentation fault\n139\n",
			"lsmod", "Module                  Size  Used by\nsimp_blkdev         16784008  0 \n",
		}, []string{"Oops: 0002 [#1]", "EIP is at openNilMap+0x"}},
		{"getgeo that oopses", "getgeo", []string{
			"insmod simp_blkdev.ko", "",
			"sfdisk -g /dev/simp_blkdev; echo $?", "Segmentation fault\n139\n",
			"dd if=/dev/simp_blkdev of=/dev/null count=1", "~1+0 records in",
		}, []string{"kernel BUG at oops_test.go:66!", "invalid opcode: 0000 [#1]", "EIP is at getgeoBUG+0x", "Go panic: simp_blkdev: no geometry"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := blockdev.Boot(blockdev.Config{Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			var out strings.Builder
			s := New(k, Options{Module: brokenRamdisk(tt.bug), Step: 1, Stdout: &out, Seed: 7})
			t.Cleanup(s.Close)
			for i := 0; i < len(tt.script); i += 2 {
				cmd, want := tt.script[i], tt.script[i+1]
				got, _ := run(t, s, &out, cmd)
				if strings.Contains(got, "internal error") {
					t.Errorf("%s: %s", cmd, got)
				}
				if lines, ok := strings.CutPrefix(want, "~"); ok {
					for _, l := range strings.Split(lines, "\n") {
						if !strings.Contains(got, l) {
							t.Errorf("%s printed %q, want it to contain %q", cmd, got, l)
						}
					}
					continue
				}
				if d := cmp.Diff(want, got); d != "" {
					t.Errorf("%s (-want +got):\n%s", cmd, d)
				}
			}
			log := k.Dmesg()
			for _, l := range tt.oops {
				if !strings.Contains(log, l) {
					t.Errorf("dmesg lacks %q:\n%s", l, log)
				}
			}
			if n := strings.Count(log, "[#"); n != 1 {
				t.Errorf("%d oopses in dmesg, want 1:\n%s", n, log)
			}
			if strings.Contains(log, "I/O never completed") {
				t.Errorf("the killed command waited for its I/O:\n%s", log)
			}
		})
	}
}

// TestSimulatorBugIsAnInternalError: a panic that is no driver's oops (a
// bug in the simulator's own command) is still bash's "internal error",
// status 1, and the shell goes on.
func TestSimulatorBugIsAnInternalError(t *testing.T) {
	commands["simbug"] = command{run: func(p *proc) int { panic("a bug in the simulator") }}
	t.Cleanup(func() { delete(commands, "simbug") })
	s, out := newShell(t, "")
	if got, status := run(t, s, out, "simbug; echo $?"); got != "bash: internal error: a bug in the simulator\n1\n" || status != 0 {
		t.Errorf("simbug printed %q, status %d", got, status)
	}
}
