package shell

import (
	"strings"
	"testing"

	"simpblkdev/blockdev"
)

// A module that calls a function the kernel does not export fails to load
// as 2.6.18 refuses it: a log line per missing symbol, -ENOENT, which
// insmod prints as "Unknown symbol in module"; nothing stays loaded.
func TestInsmodUnknownSymbol(t *testing.T) {
	k, err := blockdev.Boot(blockdev.Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	x := &blockdev.ModuleInfo{Name: "x", License: "GPL", CoreSize: 4096,
		Imports: []string{"printk", "foo"},
		New:     ramdiskModule.New}
	var out strings.Builder
	s := New(k, Options{Module: x, Step: 1, Stdout: &out})
	defer s.Close()
	for _, tt := range []struct {
		cmd, want string
		status    int
	}{
		{"insmod simp_blkdev.ko", "insmod: error inserting 'simp_blkdev.ko': -1 Unknown symbol in module\n", 1},
		{"lsmod", "Module                  Size  Used by\n", 0},
	} {
		got, status := run(t, s, &out, tt.cmd)
		if got != tt.want || status != tt.status {
			t.Errorf("%s: status %d, output\n%q\nwant status %d, output\n%q", tt.cmd, status, got, tt.status, tt.want)
		}
	}
	log := strings.Split(strings.TrimSuffix(k.Dmesg(), "\n"), "\n")
	if got, want := log[len(log)-1], "x: Unknown symbol foo"; got != want {
		t.Errorf("last log line %q, want %q", got, want)
	}
}

// /proc/kallsyms lists the kernel's exported symbols, as "%08lx %c %s",
// and a loaded module's own symbols after them, "%08lx %c %s\t[%s]" in the
// module's core; they go with rmmod.
func TestProcKallsyms(t *testing.T) {
	k, err := blockdev.Boot(blockdev.Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	x := *ramdiskModule
	x.Symbols = []string{"t simp_blkdev_init", "b simp_blkdev_data"}
	var out strings.Builder
	s := New(k, Options{Module: &x, Step: 1, Stdout: &out})
	defer s.Close()
	withMod := func() bool { return strings.Contains(mustRun(t, s, &out, "cat /proc/kallsyms"), "\t[simp_blkdev]\n") }
	syms := mustRun(t, s, &out, "cat /proc/kallsyms")
	for _, want := range []string{"c04d9200 T blk_init_queue\n", "c041f2a0 T printk\n", "c04dd0e0 T add_disk\n"} {
		if !strings.Contains(syms, want) {
			t.Errorf("/proc/kallsyms lacks %q", want)
		}
	}
	if withMod() {
		t.Error("module symbols listed before insmod")
	}
	mustRun(t, s, &out, "insmod simp_blkdev.ko")
	core := strings.Fields(mustRun(t, s, &out, "cat /proc/modules"))[5]
	syms = mustRun(t, s, &out, "cat /proc/kallsyms")
	for _, want := range []string{
		strings.TrimPrefix(core, "0x") + " t simp_blkdev_init\t[simp_blkdev]\n",
		" b simp_blkdev_data\t[simp_blkdev]\n",
	} {
		if !strings.Contains(syms, want) {
			t.Errorf("/proc/kallsyms with the module loaded lacks %q:\n%s", want, syms)
		}
	}
	mustRun(t, s, &out, "rmmod simp_blkdev")
	if withMod() {
		t.Error("module symbols listed after rmmod")
	}
}
