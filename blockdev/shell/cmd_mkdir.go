package shell

import (
	"errors"
	"fmt"
	iofs "io/fs"
	"path"
	"strconv"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/errno"
)

func init() {
	commands["mkdir"] = command{run: mkdir, synopsis: "mkdir [-p] DIR...  make directories"}
	commands["mknod"] = command{run: mknod, synopsis: "mknod [-m MODE] NAME b MAJOR MINOR  make a block device node"}
}

// mkdir models coreutils 5.97's mkdir with -p (make parents, no error when
// the directory exists).
func mkdir(p *proc) int {
	opts, dirs, err := getopt(p.args, "pv")
	if err == nil && len(dirs) == 0 {
		err = errors.New("missing operand")
	}
	if err != nil {
		p.errorf("%v", err)
		p.tryHelp()
		return 1
	}
	parents := false
	for _, o := range opts {
		if o.c == 'p' {
			parents = true
		}
	}
	status := 0
	for _, d := range dirs {
		abs := p.s.abs(d)
		if !parents {
			if err := p.s.ns.mkdir(abs, false); err != nil {
				p.errorf("cannot create directory `%s': %s", d, errText(err))
				status = 1
			}
			continue
		}
		if err := mkdirParents(p, d, abs); err != nil {
			status = 1
		}
	}
	return status
}

// mkdirParents makes abs and the directories above it that are missing.
func mkdirParents(p *proc, typed, abs string) error {
	if fi, err := p.s.ns.stat(abs); err == nil {
		if fi.isDir() {
			return nil
		}
		p.errorf("`%s' exists but is not a directory", typed)
		return errno.EEXIST
	}
	if parent := path.Dir(abs); parent != abs {
		if err := mkdirParents(p, path.Dir(typed), parent); err != nil {
			return err
		}
	}
	if err := p.s.ns.mkdir(abs, false); err != nil {
		p.errorf("cannot create directory `%s': %s", typed, errText(err))
		return err
	}
	return nil
}

// mknod models coreutils 5.97's mknod for block devices (type b); the
// simulated kernel has no character devices or FIFOs. The node's mode is
// 0666 less root's umask 022 unless -m says otherwise.
func mknod(p *proc) int {
	opts, args, err := getopt(p.args, "m:")
	if err != nil {
		p.errorf("%v", err)
		p.tryHelp()
		return 1
	}
	perm := iofs.FileMode(0644)
	for _, o := range opts {
		m, err := strconv.ParseUint(o.arg, 8, 12)
		if err != nil {
			p.errorf("invalid mode")
			return 1
		}
		perm = iofs.FileMode(m)
	}
	switch {
	case len(args) == 0:
		p.errorf("missing operand")
		p.tryHelp()
		return 1
	case len(args) == 1:
		p.errorf("missing operand after `%s'", args[0])
		p.tryHelp()
		return 1
	case args[1] != "b" && args[1] != "c" && args[1] != "u" && args[1] != "p":
		p.errorf("invalid device type `%s'", args[1])
		p.tryHelp()
		return 1
	case args[1] == "p" && len(args) > 2:
		p.errorf("extra operand `%s'", args[2])
		fmt.Fprintf(p.err, "Fifos do not have major and minor device numbers.\n")
		p.tryHelp()
		return 1
	case args[1] != "p" && len(args) < 4:
		p.errorf("missing operand after `%s'", args[len(args)-1])
		fmt.Fprintf(p.err, "Special files require major and minor device numbers.\n")
		p.tryHelp()
		return 1
	case len(args) > 4:
		p.errorf("extra operand `%s'", args[4])
		p.tryHelp()
		return 1
	}
	if args[1] != "b" {
		p.errorf("`%s': %s", args[0], strerror(errno.EOPNOTSUPP))
		return 1
	}
	major, err1 := strconv.ParseUint(strings.TrimSpace(args[2]), 0, 12)
	if err1 != nil {
		p.errorf("invalid major device number `%s'", args[2])
		return 1
	}
	minor, err2 := strconv.ParseUint(strings.TrimSpace(args[3]), 0, 20)
	if err2 != nil {
		p.errorf("invalid minor device number `%s'", args[3])
		return 1
	}
	if err := p.s.ns.mknod(p.s.abs(args[0]), perm, blockdev.MKDEV(int(major), int(minor)), false); err != nil {
		p.errorf("`%s': %s", args[0], errText(err))
		return 1
	}
	return 0
}
