package shell

import (
	"strings"
	"testing"

	"simpblkdev/blockdev"
)

// chapter1Kbuild is chapter 1's `# make` transcript, with GNU make's ASCII
// quote where the web page shows a prime (′).
const chapter1Kbuild = "make -C /lib/modules/2.6.18-53.el5/build SUBDIRS=/root/test/simp_blkdev/simp_blkdev_step1 modules\n" +
	"make[1]: Entering directory `/usr/src/kernels/2.6.18-53.el5-i686'\n" +
	"  CC [M]  /root/test/simp_blkdev/simp_blkdev_step1/simp_blkdev.o\n" +
	"  Building modules, stage 2.\n" +
	"  MODPOST\n" +
	"  CC      /root/test/simp_blkdev/simp_blkdev_step1/simp_blkdev.mod.o\n" +
	"  LD [M]  /root/test/simp_blkdev/simp_blkdev_step1/simp_blkdev.ko\n" +
	"make[1]: Leaving directory `/usr/src/kernels/2.6.18-53.el5-i686'\n"

const chapter1Clean = "make -C /lib/modules/2.6.18-53.el5/build SUBDIRS=/root/test/simp_blkdev/simp_blkdev_step1 clean\n" +
	"make[1]: Entering directory `/usr/src/kernels/2.6.18-53.el5-i686'\n" +
	"  CLEAN   /root/test/simp_blkdev/simp_blkdev_step1/.tmp_versions\n" +
	"make[1]: Leaving directory `/usr/src/kernels/2.6.18-53.el5-i686'\n" +
	"rm -rf Module.markers modules.order Module.symvers\n"

// TestMake: make prints the chapter's kbuild transcript and writes the .ko
// insmod loads; make clean removes it, insmod then fails as for any
// missing file, and the next make brings it back.
func TestMake(t *testing.T) {
	s, out := newShell(t, "")
	for _, tt := range []struct {
		cmd, want string
		status    int
	}{
		{"cat Makefile", chapterMakefile, 0},
		{"make", chapter1Kbuild, 0},
		{"ls", "Makefile  simp_blkdev.ko\n", 0},
		{"ls -l simp_blkdev.ko", "-rw-r--r-- 1 root root 8192 Nov 10 18:13 simp_blkdev.ko\n", 0},
		{"make clean", chapter1Clean, 0},
		{"ls -a", ".  ..  Makefile\n", 0},
		{"insmod simp_blkdev.ko", "insmod: can't read 'simp_blkdev.ko': No such file or directory\n", 1},
		// Nothing left to clean: kbuild names .tmp_versions only when it is there.
		{"make clean", strings.Replace(chapter1Clean, "  CLEAN   /root/test/simp_blkdev/simp_blkdev_step1/.tmp_versions\n", "", 1), 0},
		{"make default", chapter1Kbuild, 0},
		{"insmod simp_blkdev.ko", "", 0},
		{"lsmod", "Module                  Size  Used by\nsimp_blkdev         16784008  0 \n", 0},
		// A copy loads as the original does (rmmod first).
		{"rmmod simp_blkdev && cp simp_blkdev.ko /tmp/copy.ko && insmod /tmp/copy.ko && rmmod simp_blkdev", "", 0},
	} {
		got, status := run(t, s, out, tt.cmd)
		if got != tt.want || status != tt.status {
			t.Errorf("%s: status %d, output\n%s\nwant status %d, output\n%s", tt.cmd, status, got, tt.status, tt.want)
		}
	}
}

// TestMakeBadInput: make's errors are GNU make 3.81's and kbuild's.
func TestMakeBadInput(t *testing.T) {
	s, out := newShell(t, "")
	mustRun(t, s, out, "mkdir /tmp/elsewhere && cp Makefile /tmp/elsewhere")
	for _, tt := range []struct {
		cmd, want string
		status    int
	}{
		{"make x", "make: *** No rule to make target `x'.  Stop.\n", 2},
		{"make clean x", chapter1Clean + "make: *** No rule to make target `x'.  Stop.\n", 2},
		{"make -j2", "make: invalid option -- j\nUsage: make [options] [target] ...\n", 2},
		{"cd /tmp; make", "make: *** No targets specified and no makefile found.  Stop.\n", 2},
		{"cd /tmp; make clean", "make: *** No rule to make target `clean'.  Stop.\n", 2},
		// The Makefile without the chapter's source: kbuild finds no simp_blkdev.c.
		{"cd /tmp/elsewhere; make", "make -C /lib/modules/2.6.18-53.el5/build SUBDIRS=/tmp/elsewhere modules\n" +
			"make[1]: Entering directory `/usr/src/kernels/2.6.18-53.el5-i686'\n" +
			"make[2]: *** No rule to make target `/tmp/elsewhere/simp_blkdev.c', needed by `/tmp/elsewhere/simp_blkdev.o'.  Stop.\n" +
			"make[1]: *** [_module_/tmp/elsewhere] Error 2\n" +
			"make[1]: Leaving directory `/usr/src/kernels/2.6.18-53.el5-i686'\n" +
			"make: *** [default] Error 2\n", 2},
		{"cd /tmp/elsewhere; ls", "Makefile\n", 0},
	} {
		got, status := run(t, s, out, tt.cmd)
		if got != tt.want || status != tt.status {
			t.Errorf("%s: status %d, output\n%s\nwant status %d, output\n%s", tt.cmd, status, got, tt.status, tt.want)
		}
		run(t, s, out, "cd /root/test/simp_blkdev/simp_blkdev_step1")
	}
}

// TestMakeHelpSaysGo: help tells a student that nothing is compiled.
func TestMakeHelpSaysGo(t *testing.T) {
	if syn := commands["make"].synopsis; !strings.Contains(syn, "Go code, compiled into blksim") {
		t.Errorf("make's help does not say the module is Go compiled into blksim: %q", syn)
	}
}

// TestNoChapter: a step the tutorial lacks is reported, and the shell
// starts in root's home without a module.
func TestNoChapter(t *testing.T) {
	k, err := blockdev.Boot(blockdev.Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	s := New(k, Options{Module: ramdiskModule, Step: 10, Stdout: &out})
	defer s.Close()
	if want := "shell: no chapter directory: the tutorial has no chapter 10: its chapters are 1 to 9\n"; out.String() != want {
		t.Errorf("New said %q, want %q", out.String(), want)
	}
	if got, _ := run(t, s, &out, "pwd; ls"); got != "/root\n" {
		t.Errorf("pwd; ls: %q", got)
	}
}
