package shell

import (
	"io"
	iofs "io/fs"
	"path"

	"simpblkdev/blockdev/errno"
)

// cpChunk is cp's buffer: a read and a write of this much at a time, so
// that copying a device or an endless /dev/zero costs no more memory.
const cpChunk = 64 << 10

func init() {
	commands["cp"] = command{run: cp, synopsis: "cp [-rRf] SOURCE... DEST  copy files (DEST may be under /host)"}
}

// cp models coreutils 5.97's cp with -r/-R (recursive; device nodes are
// copied as nodes) and -f. Copying into /host is how files leave the
// simulated machine, so a destination under /host is writable for cp.
func cp(p *proc) int {
	opts, args, err := getopt(p.args, "rRfpv")
	if err != nil {
		p.errorf("%v", err)
		p.tryHelp()
		return 1
	}
	recursive := false
	for _, o := range opts {
		if o.c == 'r' || o.c == 'R' {
			recursive = true
		}
	}
	switch len(args) {
	case 0:
		p.errorf("missing file operand")
		p.tryHelp()
		return 1
	case 1:
		p.errorf("missing destination file operand after `%s'", args[0])
		p.tryHelp()
		return 1
	}
	dest, srcs := args[len(args)-1], args[:len(args)-1]
	destAbs := p.s.abs(dest)
	fi, err := p.s.ns.stat(destAbs)
	if err != nil && errnoOf(err) != errno.ENOENT {
		// target_directory_operand: only a missing target may be made.
		p.errorf("accessing `%s': %s", dest, errText(err))
		return 1
	}
	destIsDir := err == nil && fi.isDir()
	if len(srcs) > 1 && !destIsDir {
		p.errorf("target `%s' is not a directory", dest)
		return 1
	}
	c := &copier{p: p, recursive: recursive, allowHost: within(destAbs, "/host")}
	status := 0
	for _, src := range srcs {
		target := dest
		if destIsDir {
			target = path.Join(dest, path.Base(src))
		}
		if !c.copy(src, p.s.abs(src), target, p.s.abs(target)) {
			status = 1
		}
	}
	return status
}

type copier struct {
	p         *proc
	recursive bool
	allowHost bool
}

// copy copies src to dst (typed names for messages, absolute ones to act
// on) and reports whether it all went.
func (c *copier) copy(src, srcAbs, dst, dstAbs string) bool {
	p, ns := c.p, c.p.s.ns
	sfi, err := ns.stat(srcAbs)
	if err != nil {
		p.errorf("cannot stat `%s': %s", src, errText(err))
		return false
	}
	dfi, derr := ns.stat(dstAbs)
	exists := derr == nil
	switch {
	case sfi.isDir() && !c.recursive:
		p.errorf("omitting directory `%s'", src)
		return false
	case sfi.isDir() && within(dstAbs, srcAbs):
		p.errorf("cannot copy a directory, `%s', into itself, `%s'", src, dst)
		return false
	case sfi.isDir():
		if exists && !dfi.isDir() {
			p.errorf("cannot overwrite non-directory `%s' with directory `%s'", dst, src)
			return false
		}
		if !exists {
			if err := ns.mkdir(dstAbs, c.allowHost); err != nil {
				p.errorf("cannot create directory `%s': %s", dst, errText(err))
				return false
			}
		}
		fis, err := ns.readDir(srcAbs)
		if err != nil {
			p.errorf("cannot access `%s': %s", src, errText(err))
			return false
		}
		names := make([]string, len(fis))
		for i, fi := range fis {
			names[i] = fi.name
		}
		sortNames(names, localeEnUS) // the order ls shows: the same layout whatever $LANG
		ok := true
		for _, n := range names {
			ok = c.copy(path.Join(src, n), path.Join(srcAbs, n), path.Join(dst, n), path.Join(dstAbs, n)) && ok
		}
		return ok
	case exists && dfi.isDir():
		p.errorf("cannot overwrite directory `%s' with non-directory", dst)
		return false
	case dstAbs == srcAbs:
		p.errorf("`%s' and `%s' are the same file", src, dst)
		return false
	case (sfi.isBlk() || sfi.isChr()) && c.recursive:
		if err := ns.mknod(dstAbs, sfi.mode&(iofs.ModeCharDevice|iofs.ModePerm), sfi.rdev, c.allowHost); err != nil {
			p.errorf("cannot create special file `%s': %s", dst, errText(err))
			return false
		}
		return true
	}
	r, rf, err := ns.openRead(p.files, srcAbs, false)
	if err != nil {
		p.errorf("cannot open `%s' for reading: %s", src, errText(err))
		return false
	}
	defer rf.Close()
	sk, err := ns.create(p.files, dstAbs, wTrunc, c.allowHost, sfi.mode.Perm()&^umask)
	if err != nil {
		p.errorf("cannot create regular file `%s': %s", dst, errText(err))
		return false
	}
	// copy_reg: read a buffer, write it, until the source ends.
	buf := make([]byte, cpChunk)
	for off := int64(0); off < r.Size(); {
		n, err := r.ReadAt(buf, off)
		if n > 0 {
			if werr := sk.write(buf[:n]); werr != nil {
				p.errorf("writing `%s': %s", dst, errText(werr))
				sk.close()
				return false
			}
		}
		off += int64(n)
		if err == io.EOF || n == 0 && err == nil {
			break
		}
		if err != nil {
			p.errorf("reading `%s': %s", src, errText(err))
			sk.close()
			return false
		}
	}
	if err := sk.close(); err != nil {
		p.errorf("closing `%s': %s", dst, errText(err))
		return false
	}
	return true
}
