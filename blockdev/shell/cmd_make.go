package shell

import (
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"time"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/errno"
)

// make and kbuild: GNU make 3.81 running the chapter's Makefile, which hands
// the work to the kernel's build tree (kbuild of 2.6.18, the external-module
// build). Nothing is compiled: the chapter's module is Go code compiled into
// blksim, and `make` writes simp_blkdev.ko, a file whose bytes identify that
// module to insmod (koImage), printing what kbuild printed while it built one.

func init() {
	commands["make"] = command{run: makeCmd, synopsis: "make [clean]  build simp_blkdev.ko in the chapter's directory, printing 2.6.18 kbuild's " +
		"transcript (nothing is compiled: the module is the chapter's Go code, compiled into blksim; make writes the .ko that insmod loads it from)"}
}

// chapterMakefile is the Makefile chapter 1 writes (for its hello-world
// module, obj-m := mod.o) with the chapter's object in it.
const chapterMakefile = `obj-m := simp_blkdev.o
KDIR := /lib/modules/$(shell uname -r)/build
PWD := $(shell pwd)

default:
	$(MAKE) -C $(KDIR) SUBDIRS=$(PWD) modules
clean:
	$(MAKE) -C $(KDIR) SUBDIRS=$(PWD) clean
	rm -rf Module.markers modules.order Module.symvers
`

// The files of the build. Of what kbuild leaves in the directory only the
// module and .tmp_versions (whose existence make clean reports) are
// modelled; the objects, .mod.c and .cmd files are not.
const (
	koName      = "simp_blkdev.ko"
	modVersions = ".tmp_versions"
)

// source is a module whose source is a directory: the chapter's driver,
// which make in Dir builds into Dir/simp_blkdev.ko.
type source struct {
	dir    string
	module *blockdev.ModuleInfo
}

// kbuildTree is the kernel build tree /lib/modules/RELEASE/build points to,
// as RHEL5's kernel-devel package installs it.
func kbuildTree(k *blockdev.Kernel) string {
	arch := "i686"
	if k.Mem.Preset().Name == "x86_64" {
		arch = "x86_64"
	}
	return "/usr/src/kernels/" + blockdev.UtsRelease + "-" + arch
}

// makeCmd models GNU make 3.81 with the chapter's Makefile: its two targets,
// default (the first, what a bare make runs) and clean, in the order given.
// The transcript is that of a build whose source is newer than its objects,
// as after editing the chapter's code: every make compiles.
func makeCmd(p *proc) int {
	for _, a := range p.args {
		if len(a) > 1 && a[0] == '-' {
			// GNU make follows this line with its list of options.
			fmt.Fprintf(p.err, "make: invalid option -- %c\nUsage: make [options] [target] ...\n", a[1])
			return 2
		}
	}
	dir := p.s.cwd
	if fi, err := p.s.ns.stat(path.Join(dir, "Makefile")); err != nil || fi.isDir() {
		if len(p.args) == 0 {
			fmt.Fprintln(p.err, "make: *** No targets specified and no makefile found.  Stop.")
		} else {
			fmt.Fprintf(p.err, "make: *** No rule to make target `%s'.  Stop.\n", p.args[0])
		}
		return 2
	}
	targets := p.args
	if len(targets) == 0 {
		targets = []string{"default"}
	}
	for _, t := range targets {
		var ok bool
		switch t {
		case "default":
			ok = p.kbuild(dir, "modules", p.buildModule)
		case "clean":
			if ok = p.kbuild(dir, "clean", p.cleanModule); ok {
				p.rmSymvers(dir)
			}
		default:
			fmt.Fprintf(p.err, "make: *** No rule to make target `%s'.  Stop.\n", t)
			return 2
		}
		if !ok {
			fmt.Fprintf(p.err, "make: *** [%s] Error 2\n", t)
			return 2
		}
	}
	return 0
}

// kbuild runs the recipe line `$(MAKE) -C $(KDIR) SUBDIRS=$(PWD) target`:
// make echoes it, the sub-make enters the kernel tree and does the work.
func (p *proc) kbuild(dir, target string, work func(dir string) bool) bool {
	tree := kbuildTree(p.s.k)
	fmt.Fprintf(p.out, "make -C /lib/modules/%s/build SUBDIRS=%s %s\n", blockdev.UtsRelease, dir, target)
	fmt.Fprintf(p.out, "make[1]: Entering directory `%s'\n", tree)
	ok := work(dir)
	fmt.Fprintf(p.out, "make[1]: Leaving directory `%s'\n", tree)
	return ok
}

// buildModule is kbuild's modules target for SUBDIRS=dir: compile, then
// modpost's stage 2 and the link. The chapter's directory is the only one
// holding the module's source; anywhere else there is no simp_blkdev.c.
func (p *proc) buildModule(dir string) bool {
	src := p.s.src
	if src == nil || src.dir != dir {
		fmt.Fprintf(p.err, "make[2]: *** No rule to make target `%s/simp_blkdev.c', needed by `%s/simp_blkdev.o'.  Stop.\n", dir, dir)
		fmt.Fprintf(p.err, "make[1]: *** [_module_%s] Error 2\n", dir)
		return false
	}
	fmt.Fprintf(p.out, "  CC [M]  %s/simp_blkdev.o\n", dir)
	fmt.Fprintln(p.out, "  Building modules, stage 2.")
	fmt.Fprintln(p.out, "  MODPOST")
	fmt.Fprintf(p.out, "  CC      %s/simp_blkdev.mod.o\n", dir)
	fmt.Fprintf(p.out, "  LD [M]  %s/%s\n", dir, koName)
	if err := p.writeModule(src); err != nil {
		fmt.Fprintf(p.err, "ld: cannot open output file %s/%s: %s\n", dir, koName, errText(err))
		fmt.Fprintf(p.err, "make[2]: *** [%s/%s] Error 1\n", dir, koName)
		fmt.Fprintln(p.err, "make[1]: *** [modules] Error 2")
		return false
	}
	return true
}

// writeModule writes what a build of src leaves behind: the .ko and the
// .tmp_versions entry naming it.
func (p *proc) writeModule(src *source) error {
	s := p.s
	img := koImage(koName, src.module, vermagic(s.k))
	s.kos[string(img)] = src.module
	ko := path.Join(src.dir, koName)
	if err := p.writeFile(ko, img); err != nil {
		return err
	}
	vers := path.Join(src.dir, modVersions)
	if err := s.ns.mkdir(vers, false); err != nil && !errors.Is(err, errno.EEXIST) {
		return err
	}
	return p.writeFile(path.Join(vers, "simp_blkdev.mod"), modEntry(src.dir))
}

// modEntry is .tmp_versions/simp_blkdev.mod: the module and its object,
// which modpost reads to find the modules to finish.
func modEntry(dir string) []byte {
	return []byte(path.Join(dir, koName) + "\n" + path.Join(dir, "simp_blkdev.o") + "\n")
}

// writeFile creates or truncates abs with data, as the build tools do.
func (p *proc) writeFile(abs string, data []byte) error {
	sk, err := p.s.ns.create(p.files, abs, wTrunc, false, 0644)
	if err != nil {
		return err
	}
	err = sk.write(data)
	if cerr := sk.close(); err == nil {
		err = cerr
	}
	return err
}

// cleanModule is 2.6.18 kbuild's clean for SUBDIRS=dir (the top Makefile's
// external-module clean): remove .tmp_versions, saying "CLEAN" only when
// it was there, then quietly every object, module, .mod.c and .cmd file
// under dir (its find … | xargs rm -f).
func (p *proc) cleanModule(dir string) bool {
	vers := path.Join(dir, modVersions)
	if _, err := p.s.ns.stat(vers); err == nil {
		fmt.Fprintf(p.out, "  CLEAN   %s\n", vers)
		rmTree(&proc{s: p.s, name: "rm", out: io.Discard, err: p.err}, vers, vers, true)
	}
	p.s.removeBuildFiles(dir)
	return true
}

// buildFilePatterns are the names kbuild's clean finds and removes.
var buildFilePatterns = []string{"*.[oas]", "*.ko", ".*.cmd", ".*.d", ".*.tmp", "*.mod.c"}

// removeBuildFiles removes the files under dir that kbuild built; what
// cannot be removed stays, as rm -f is quiet.
func (s *Shell) removeBuildFiles(dir string) {
	fis, err := s.ns.readDir(dir)
	if err != nil {
		return
	}
	for _, fi := range fis {
		abs := path.Join(dir, fi.name)
		if fi.isDir() {
			if !s.ns.isMountPoint(abs) {
				s.removeBuildFiles(abs)
			}
			continue
		}
		for _, pat := range buildFilePatterns {
			if ok, _ := path.Match(pat, fi.name); ok && fi.mode.IsRegular() {
				s.ns.remove(abs)
				break
			}
		}
	}
}

// rmSymvers is the clean target's second recipe line, which chapter 1's
// Makefile adds for what newer kernels leave behind.
func (p *proc) rmSymvers(dir string) {
	files := []string{"Module.markers", "modules.order", "Module.symvers"}
	fmt.Fprintln(p.out, "rm -rf "+strings.Join(files, " "))
	for _, f := range files {
		p.s.ns.remove(path.Join(dir, f))
	}
}

// setUpChapter makes the chapter's directory as a student has it after the
// first make: the Makefile and the built module (an hour before boot).
func (s *Shell) setUpChapter(root *memfs, src *source) {
	built := epoch.Add(-time.Hour)
	root.mkdirAll(src.dir, 0755, built)
	root.putFile(path.Join(src.dir, "Makefile"), []byte(chapterMakefile), 0644, built.Add(-time.Minute))
	img := koImage(koName, src.module, vermagic(s.k))
	s.kos[string(img)] = src.module
	root.putFile(path.Join(src.dir, koName), img, 0644, built)
	root.putFile(path.Join(src.dir, modVersions, "simp_blkdev.mod"), modEntry(src.dir), 0644, built)
}
