package shell

import (
	"errors"
	"path"

	"simpblkdev/blockdev/errno"
)

func init() {
	commands["rm"] = command{run: rm, synopsis: "rm [-rRf] FILE...  remove files and directories"}
}

// rm models coreutils 5.97's rm with -r/-R (recursive) and -f (no complaint
// about missing files, no prompts).
func rm(p *proc) int {
	opts, files, err := getopt(p.args, "rRfvi")
	if err != nil {
		p.errorf("%v", err)
		p.tryHelp()
		return 1
	}
	recursive, force := false, false
	for _, o := range opts {
		switch o.c {
		case 'r', 'R':
			recursive = true
		case 'f':
			force = true
		}
	}
	if len(files) == 0 {
		if force {
			return 0
		}
		p.errorf("missing operand")
		p.tryHelp()
		return 1
	}
	status := 0
	for _, f := range files {
		if base := path.Base(f); base == "." || base == ".." {
			p.errorf("cannot remove `.' or `..'")
			status = 1
			continue
		}
		abs := p.s.abs(f)
		fi, err := p.s.ns.stat(abs)
		if err != nil {
			if !(force && errors.Is(err, errno.ENOENT)) {
				p.errorf("cannot remove `%s': %s", f, errText(err))
				status = 1
			}
			continue
		}
		if fi.isDir() && !recursive {
			p.errorf("cannot remove directory `%s': %s", f, strerror(errno.EISDIR))
			status = 1
			continue
		}
		if !rmTree(p, f, abs, fi.isDir()) {
			status = 1
		}
	}
	return status
}

// rmTree removes a file, or a directory after everything in it; it
// reports each failure and returns whether all went.
func rmTree(p *proc, typed, abs string, dir bool) bool {
	ok := true
	if dir {
		fis, err := p.s.ns.readDir(abs)
		if err != nil {
			p.errorf("cannot remove `%s': %s", typed, errText(err))
			return false
		}
		for _, fi := range fis {
			ok = rmTree(p, path.Join(typed, fi.name), path.Join(abs, fi.name), fi.isDir()) && ok
		}
	}
	if err := p.s.ns.remove(abs); err != nil {
		if dir {
			// A directory that could not be emptied has said why already.
			if ok || !errors.Is(err, errno.ENOTEMPTY) {
				p.errorf("cannot remove directory `%s': %s", typed, errText(err))
			}
		} else {
			p.errorf("cannot remove `%s': %s", typed, errText(err))
		}
		return false
	}
	return ok
}
