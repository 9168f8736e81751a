package blksim

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"strconv"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/mm"
	"simpblkdev/blockdev/shell"
	"simpblkdev/internal/chapters"
)

// machineFlags are the flags tour, run, check and shell take.
type machineFlags struct {
	step    int
	preset  string
	ram     string
	seed    int64
	host    string
	cmdline string
}

// subcommand is what PROGRAM COMMAND -h says about a command.
type subcommand struct {
	name    string
	args    string // what follows the flags, for the usage line
	what    string // a sentence: what the command does
	example string // command lines, one a line
}

// newFlagSet is the flags of a command that boots a machine with a shell.
func (c *cli) newFlagSet(sc subcommand, mf *machineFlags) *flag.FlagSet {
	fs := bareFlagSet(sc)
	c.addMachineFlags(fs, mf)
	fs.StringVar(&mf.host, "host", ".", "the host directory shown as /host: . is the directory "+c.name+" was started in, none means no /host")
	return fs
}

// addMachineFlags adds the flags that choose the machine and, for blksim,
// the chapter: a student's command runs its driver's chapter, with no
// --step.
func (c *cli) addMachineFlags(fs *flag.FlagSet, mf *machineFlags) {
	if c.own != nil {
		mf.step = c.step
	} else {
		fs.IntVar(&mf.step, "step", chapters.Latest().Step, "the chapter: the shell starts in its directory, where make builds its simp_blkdev.ko")
	}
	fs.StringVar(&mf.preset, "preset", "i386", "the machine: i386 or x86_64")
	fs.StringVar(&mf.ram, "ram", "", fmt.Sprintf("memory size, e.g. 512M or 2G: %s to %s on i386, to %s on x86_64 (default: the preset's)",
		sizeText(mm.I386.MinRAM), sizeText(mm.I386.MaxRAM), sizeText(mm.X86_64.MaxRAM)))
	fs.Int64Var(&mf.seed, "seed", 1, "boot-time state: free-list fragmentation and memory garbage")
	fs.StringVar(&mf.cmdline, "cmdline", "", "the kernel command line, e.g. 'elevator=deadline' (default: '"+blockdev.DefaultCmdline+"')")
}

// bareFlagSet is a command's flag set without flags; parseFlags reports
// its errors.
func bareFlagSet(sc subcommand) *flag.FlagSet {
	fs := flag.NewFlagSet(sc.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseFlags parses a command's arguments. When it returns done, the
// command is over with status: -h printed the command's help on stdout
// (0), or a bad flag was reported in one line on stderr (2).
func (c *cli) parseFlags(fs *flag.FlagSet, sc subcommand, args []string) (done bool, status int) {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return false, 0
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprintf(c.stdout, "usage: %s %s [flags]%s\n\n%s\n\nExample:\n", c.invoke, sc.name, sc.args, sc.what)
		for _, line := range strings.Split(sc.example, "\n") {
			fmt.Fprintf(c.stdout, "  %s\n", line)
		}
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprintln(c.stdout, "\nFlags:")
			fs.SetOutput(c.stdout)
			fs.PrintDefaults()
		}
		return true, 0
	default:
		return true, c.failf(sc.name, "%v", err)
	}
}

// stepFlagSet reports whether --step was given.
func stepFlagSet(fs *flag.FlagSet) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == "step" })
	return set
}

// noStep is the error for a chapter that has no step package (yet).
func noStep(n int) error {
	return fmt.Errorf("no step %d: the chapters so far are 1 to %d", n, chapters.Latest().Step)
}

// boot starts the machine the flags describe, with the shell in chapter
// mf.step's directory and the driver built there as simp_blkdev.ko: the
// chapter's, or the student's. A bad flag is an error naming the flag and
// what it wants, before anything boots.
func (c *cli) boot(mf *machineFlags) (*shell.Shell, chapters.Chapter, error) {
	cfg, ch, err := c.config(mf)
	if err != nil {
		return nil, ch, err
	}
	host, err := hostRoot(mf.host)
	if err != nil {
		return nil, ch, err
	}
	sh, err := bootShell(cfg, ch, host, c.stdout)
	return sh, ch, err
}

// bootShell boots cfg's machine and gives it a shell in ch's directory,
// with ch.Module built there, host shown as /host ("" for none) and its
// output on stdout.
func bootShell(cfg blockdev.Config, ch chapters.Chapter, host string, stdout io.Writer) (*shell.Shell, error) {
	k, err := blockdev.Boot(cfg)
	if err != nil {
		return nil, err
	}
	return shell.New(k, shell.Options{
		Module:   ch.Module,
		Step:     ch.Step,
		HostRoot: host,
		Stdout:   stdout,
	}), nil
}

// config is the machine and the chapter the flags other than --host
// describe, or an error naming the bad flag.
func (c *cli) config(mf *machineFlags) (blockdev.Config, chapters.Chapter, error) {
	ch, ok := c.chapter(mf.step)
	if !ok {
		return blockdev.Config{}, ch, noStep(mf.step)
	}
	preset, ok := mm.PresetByName(cmp.Or(mf.preset, "i386"))
	if !ok {
		return blockdev.Config{}, ch, fmt.Errorf("--preset %s: unknown preset (want i386 or x86_64)", mf.preset)
	}
	ram, err := ramSize(mf.ram, preset)
	if err != nil {
		return blockdev.Config{}, ch, err
	}
	return blockdev.Config{Preset: preset.Name, RAM: ram, Seed: mf.seed, Cmdline: mf.cmdline}, ch, nil
}

// ramSize reads --ram: 512M, 2G, 1048576 ("" is the preset's default,
// 0 for blockdev.Config). A size that is not one, or lies outside the
// memory the preset's kernel can have, is an error stating that range.
func ramSize(s string, p mm.Preset) (int64, error) {
	if s == "" {
		return 0, nil
	}
	n, ok := parseSize(s)
	if !ok || n < p.MinRAM || n > p.MaxRAM {
		return 0, fmt.Errorf("--ram %s: want a size from %s to %s for --preset %s (e.g. 512M, 2G, or a number of bytes)",
			s, sizeText(p.MinRAM), sizeText(p.MaxRAM), p.Name)
	}
	return n, nil
}

// parseSize reads a positive number of bytes, K, M or G; ok is false for
// anything else, an overflow of int64 included.
func parseSize(s string) (n int64, ok bool) {
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
	if err != nil || n <= 0 || n > math.MaxInt64/mult {
		return 0, false
	}
	return n * mult, true
}

// sizeText writes a size as --ram takes it, in the largest unit that
// divides it.
func sizeText(n int64) string {
	for _, u := range []struct {
		suffix string
		size   int64
	}{{"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}} {
		if n%u.size == 0 {
			return strconv.FormatInt(n/u.size, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10)
}

// hostRoot is the directory --host names, for shell.Options: "none" is no
// /host at all. The default, ".", is the directory blksim was started in (a
// VM's shared folder, say), not the whole host: a session script, or a
// cp -r /etc /host/ typed as root, can then overwrite nothing outside it.
// The whole host is there only when asked for, with --host /. A name that
// is not a directory the shell can open is an error, not a machine
// without the /host asked for.
func hostRoot(dir string) (string, error) {
	if dir == "none" {
		return "", nil
	}
	fi, err := os.Stat(dir)
	if err == nil && !fi.IsDir() {
		return "", fmt.Errorf("--host %s: not a directory", dir)
	}
	if err == nil {
		var r *os.Root
		if r, err = os.OpenRoot(dir); err == nil {
			r.Close()
			return dir, nil
		}
	}
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("--host %s: no such directory", dir)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return "", fmt.Errorf("--host %s: %v", dir, err)
}
