package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/shell"
	"simpblkdev/internal/chapters"
)

// machineFlags are the flags every subcommand takes.
type machineFlags struct {
	step   int
	preset string
	ram    string
	seed   int64
	host   string
}

func newFlagSet(name string, stderr io.Writer, mf *machineFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("blksim "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&mf.step, "step", chapters.Latest().Step, "the chapter whose module is /root/simp_blkdev.ko")
	fs.StringVar(&mf.preset, "preset", "i386", "the machine: i386 or x86_64")
	fs.StringVar(&mf.ram, "ram", "", "memory size, e.g. 512M or 2G (default: the preset's)")
	fs.Int64Var(&mf.seed, "seed", 1, "boot-time state: free-list fragmentation and memory garbage")
	fs.StringVar(&mf.host, "host", ".", "the host directory shown as /host: . is the directory blksim was started in, none means no /host")
	return fs
}

// parseSize reads 512M, 2G, 1048576.
func parseSize(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	mult := int64(1)
	switch strings.ToUpper(s[len(s)-1:]) {
	case "K":
		mult = 1 << 10
	case "M":
		mult = 1 << 20
	case "G":
		mult = 1 << 30
	}
	if mult != 1 {
		s = s[:len(s)-1]
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return n * mult, nil
}

// boot starts the machine the flags describe, with chapter mf.step's module
// in /root as simp_blkdev.ko.
func (mf *machineFlags) boot(stdout io.Writer) (*shell.Shell, chapters.Chapter, error) {
	ch, ok := chapters.Find(mf.step)
	if !ok {
		return nil, ch, fmt.Errorf("no step %d: the chapters so far are 1 to %d", mf.step, chapters.Latest().Step)
	}
	ram, err := parseSize(mf.ram)
	if err != nil {
		return nil, ch, err
	}
	k, err := blockdev.Boot(blockdev.Config{Preset: mf.preset, RAM: ram, Seed: mf.seed})
	if err != nil {
		return nil, ch, err
	}
	sh := shell.New(k, shell.Options{
		Module:   ch.Module,
		Step:     ch.Step,
		HostRoot: hostRoot(mf.host),
		Stdout:   stdout,
	})
	return sh, ch, nil
}

// hostRoot is the directory --host names, for shell.Options: "none" is no
// /host at all. The default, ".", is the directory blksim was started in (a
// VM's shared folder, say), not the whole host: a session script, or a
// cp -r /etc /host/ typed as root, can then overwrite nothing outside it.
// The whole host is there only when asked for, with --host /.
func hostRoot(flag string) string {
	if flag == "none" {
		return ""
	}
	return flag
}
