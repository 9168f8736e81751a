package shell

import (
	"fmt"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/errno"
	bfs "simpblkdev/blockdev/fs"
)

// The mkfs family: mke2fs 1.39 as mkfs.ext2/3/4, mkdosfs 2.11 as
// mkfs.vfat/msdos, and util-linux 2.13's mkfs front end. The file systems
// themselves come from package blockdev/fs, which makes only what go-diskfs
// can make: its error says so for the others (mkfs.ext2, mkfs.ext3).

const (
	mke2fsBanner = "mke2fs 1.39 (29-May-2006)"
	mkdosfsDate  = " 2.11 (12 Mar 2005)"
)

func init() {
	for _, t := range []bfs.Type{bfs.Ext2, bfs.Ext3, bfs.Ext4, bfs.Vfat, bfs.Msdos} {
		synopsis := "mkfs." + string(t) + " [-q] [-L LABEL] DEVICE  make an " + string(t) + " file system"
		switch t {
		case bfs.Vfat, bfs.Msdos:
			synopsis = "mkfs." + string(t) + " [-v] [-n LABEL] DEVICE  make a FAT file system"
		case bfs.Ext2, bfs.Ext3:
			synopsis = "mkfs." + string(t) + " DEVICE  not available here: says why (use mkfs.ext4)"
		}
		commands["mkfs."+string(t)] = command{run: func(p *proc) int { return mkfsType(p, t) }, synopsis: synopsis}
	}
	commands["mkfs"] = command{run: mkfs, synopsis: "mkfs [-t TYPE] [OPTIONS] DEVICE  run mkfs.TYPE (default ext2, as util-linux)"}
}

// mkfs models util-linux 2.13's mkfs: it runs mkfs.TYPE with the rest of
// its arguments.
func mkfs(p *proc) int {
	typ, args := "ext2", p.args
	for len(args) > 0 && strings.HasPrefix(args[0], "-t") {
		if args[0] != "-t" {
			typ, args = args[0][2:], args[1:]
		} else if len(args) > 1 {
			typ, args = args[1], args[2:]
		} else {
			fmt.Fprintf(p.err, "Usage: mkfs [-V] [-t fstype] [fs-options] device [size]\n")
			return 1
		}
	}
	name := "mkfs." + typ
	if _, ok := commands[name]; !ok {
		fmt.Fprintf(p.err, "%s: %s\n", name, strerror(errno.ENOENT))
		return 1
	}
	p.name, p.args = name, args
	return commands[name].run(p)
}

// mkfsType runs mke2fs or mkdosfs on a device node: it must be a block
// device, and not a mounted one.
func mkfsType(p *proc, t bfs.Type) int {
	ext := strings.HasPrefix(string(t), "ext")
	spec := "b:cE:f:g:i:I:jJ:l:L:m:M:nN:o:O:qr:R:sST:vV"
	if !ext {
		spec = "A:b:cCf:F:Ii:l:m:n:r:R:s:S:h:v"
	}
	opts, args, err := getopt(p.args, spec)
	if err != nil {
		p.errorf("%v", err)
	}
	if err != nil || len(args) == 0 {
		mkfsUsage(p, ext)
		return 1
	}
	o := bfs.MkfsOptions{Seed: p.s.seed + p.s.mkfsN, Now: p.s.now()}
	quiet := false
	for _, op := range opts {
		switch op.c {
		case 'L', 'n':
			if ext == (op.c == 'L') {
				o.Label = op.arg
			}
		case 'q':
			quiet = ext
		case 'v':
			o.Verbose = !ext
		}
	}
	// A blocks-count operand after the device is accepted and ignored: the
	// file system always fills the device.
	dev := args[0]
	banner := mke2fsBanner
	if !ext {
		banner = p.name + mkdosfsDate
	}
	fail := func(format string, a ...any) int {
		if !quiet {
			fmt.Fprintln(p.err, banner)
		}
		fmt.Fprintf(p.err, format+"\n", a...)
		return 1
	}
	abs := p.s.abs(dev)
	fi, err := p.s.ns.stat(abs)
	switch {
	case err != nil && ext:
		return fail("Could not stat %s --- %s\n\nThe device apparently does not exist; did you specify it correctly?", dev, errText(err))
	case err != nil:
		return fail("%s: unable to open %s", p.name, dev)
	case !fi.isBlk() && ext:
		return fail("%s is not a block special device.\nProceed anyway? (y,n) ", dev)
	case !fi.isBlk():
		return fail("%s: %s is not a block device", p.name, dev)
	}
	for _, m := range p.s.ns.userMounts() {
		if m.bdev.BdDev == fi.rdev {
			if ext {
				return fail("%s is mounted; will not make a filesystem here!", dev)
			}
			return fail("%s: %s contains a mounted file system.", p.name, dev)
		}
	}
	b, err := p.s.ns.openDev(p.files, abs)
	if err != nil {
		if ext {
			return fail("%s: %s while trying to determine filesystem size", p.name, errText(err))
		}
		return fail("%s: unable to open %s", p.name, dev)
	}
	defer b.Close()
	o.Device = dev
	o.Geometry = getgeo(b.BlockDevice)
	p.s.mkfsN++
	out, err := bfs.Mkfs(b, t, o)
	if err != nil {
		fmt.Fprintln(p.err, err)
		return 1
	}
	if !quiet {
		fmt.Fprint(p.out, out)
	}
	return 0
}

// getgeo asks the driver for the disk's geometry with the HDIO_GETGEO
// ioctl, as mkdosfs does; nil when that fails (ENOTTY: the driver has no
// getgeo).
func getgeo(b *blockdev.BlockDevice) *bfs.Geometry {
	var geo blockdev.HdGeometry
	if b.Ioctl(blockdev.HDIO_GETGEO, &geo) != nil {
		return nil
	}
	return &bfs.Geometry{Heads: geo.Heads, Sectors: geo.Sectors}
}

func mkfsUsage(p *proc, ext bool) {
	if ext {
		fmt.Fprintf(p.err, "Usage: %s [-c|-t|-l filename] [-b block-size] [-f fragment-size]\n"+
			"\t[-i bytes-per-inode] [-I inode-size] [-j] [-J journal-options]\n"+
			"\t[-N number-of-inodes] [-m reserved-blocks-percentage] [-o creator-os]\n"+
			"\t[-g blocks-per-group] [-L volume-label] [-M last-mounted-directory]\n"+
			"\t[-O feature[,...]] [-r fs-revision] [-E extended-option[,...]]\n"+
			"\t[-qvSV] device [blocks-count]\n", p.name)
		return
	}
	fmt.Fprintf(p.err, "%s%s\nUsage: mkdosfs [-A] [-c] [-C] [-v] [-I] [-l bad-block-file] [-b backup-boot-sector]\n"+
		"       [-m boot-msg-file] [-n volume-name] [-i volume-id]\n"+
		"       [-s sectors-per-cluster] [-S logical-sector-size] [-f number-of-FATs]\n"+
		"       [-h hidden-sectors] [-F fat-size] [-r root-dir-entries] [-R reserved-sectors]\n"+
		"       /dev/name [blocks]\n", p.name, mkdosfsDate)
}
