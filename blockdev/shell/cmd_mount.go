package shell

import (
	"errors"
	"fmt"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/errno"
	bfs "simpblkdev/blockdev/fs"
)

// mount, umount and sync as util-linux 2.13 (RHEL5's 2.13-pre7) and
// coreutils 5.97 have them. mount lists and makes only the mounts of block
// devices; the machine's own root, /dev, /proc, /sys and /host are not in
// its table.

// mount's exit codes (mount/sundries.h).
const (
	exUsage = 1
	exFail  = 32
)

func init() {
	commands["mount"] = command{run: mountCmd, synopsis: "mount [-t TYPE] [-o OPTS] DEVICE DIR  mount a file system (no arguments: list)"}
	commands["umount"] = command{run: umount, synopsis: "umount DIR|DEVICE...  unmount file systems"}
	commands["sync"] = command{run: syncCmd, synopsis: "sync  write everything cached back to the devices"}
}

// mountCmd models util-linux 2.13's mount: with no device, list the mount
// table as /etc/mtab has it; with a device and a directory, mount it, with
// -t TYPE (ext2, ext3 and ext4 being one family here, vfat and msdos
// another) and -o with the generic options of mountopts.go (remount among
// them); the file systems know no options of their own.
func mountCmd(p *proc) int {
	opts, args, err := getopt(p.args, "t:o:rwvnfVhl")
	if err != nil {
		p.errorf("%v", err)
		mountUsage(p)
		return exUsage
	}
	fstype := ""
	var lists []string
	for _, o := range opts {
		switch o.c {
		case 't':
			fstype = o.arg
		case 'o':
			lists = append(lists, o.arg)
		case 'r':
			lists = append(lists, "ro")
		case 'w':
			lists = append(lists, "rw")
		case 'V':
			fmt.Fprintln(p.out, "mount (util-linux 2.13-pre7)")
			return 0
		case 'h':
			mountUsage(p)
			return 0
		}
	}
	mf := parseMountOpts(lists)
	switch len(args) {
	case 0:
		for _, m := range p.s.ns.userMounts() {
			if fstype == "" || fstype == m.typ {
				fmt.Fprintf(p.out, "%s on %s type %s (%s)\n", m.spec, m.dir, m.typ, m.opts)
			}
		}
		return 0
	case 1:
		// mount DIR or mount DEVICE: only a remount of something in
		// the mount table can go on (there is no /etc/fstab to look in).
		if m := p.s.ns.findMount(p.s.abs(args[0])); m != nil && mf.remount() {
			return remount(p, m, args[0], mf)
		}
		p.errorf("can't find %s in /etc/fstab or /etc/mtab", args[0])
		return exUsage
	case 2:
	default:
		mountUsage(p)
		return exUsage
	}
	if mf.remount() {
		m := p.s.ns.findMount(p.s.abs(args[1]))
		if m == nil || m.dir != p.s.abs(args[1]) {
			// mount(2) with MS_REMOUNT on a directory that is no
			// mount's root fails with EINVAL (do_remount).
			p.errorf("%s not mounted already, or bad option", args[1])
			return exFail
		}
		return remount(p, m, args[1], mf)
	}
	return doMount(p, args[0], args[1], fstype, mf)
}

// findMount returns the user mount whose directory or device is abs, or nil.
func (ns *namespace) findMount(abs string) *mount {
	var found *mount
	for _, m := range ns.userMounts() {
		if m.dir == abs || m.spec == abs {
			found = m
		}
	}
	return found
}

// remount models mount -o remount: the file system parses the new options
// (do_remount_sb → remount_fs), and the mount takes the new flags. An
// option it does not know fails the remount with EINVAL and a log line.
func remount(p *proc, m *mount, node string, mf mountFlags) int {
	if line, bad := mf.fsOptionError(m.typ); bad {
		p.s.k.Printk(blockdev.KERN_ERR+"%s", line)
		p.errorf("%s not mounted already, or bad option", node)
		return exFail
	}
	m.ro, m.opts = mf.ro(), mf.table()
	p.s.k.Remount(m.dir, mf.msFlags())
	return 0
}

// doMount mounts the device node spec on dir: open the device (which takes
// the driver's module reference), let blockdev/fs recognise what is on it,
// register the mount with the kernel (mount(2): its log lines, the
// kernel's /proc/mounts) and enter it in the mount table (/etc/mtab, which
// mount without arguments lists).
func doMount(p *proc, spec, dir, fstype string, mf mountFlags) int {
	s, ns := p.s, p.s.ns
	fail := func(format string, a ...any) int {
		p.errorf(format, a...)
		return exFail
	}
	dirAbs, specAbs := s.abs(dir), s.abs(spec)
	switch fi, err := ns.stat(dirAbs); {
	case err != nil:
		return fail("mount point %s does not exist", dir)
	case !fi.isDir():
		return fail("mount point %s is not a directory", dir)
	}
	fi, err := ns.stat(specAbs)
	switch {
	case err != nil:
		return fail("special device %s does not exist", spec)
	case fi.isDir():
		return fail("%s is not a block device", spec)
	case !fi.isBlk():
		return fail("%s is not a block device (maybe try `-o loop'?)", spec)
	}
	// The root is always busy; another mount's device or directory is too.
	for _, m := range append(ns.userMounts(), &mount{dir: "/"}) {
		if (m.bdev != nil && m.bdev.BdDev == fi.rdev) || m.dir == dirAbs {
			p.errorf("%s already mounted or %s busy", spec, dir)
			if m.bdev != nil && m.bdev.BdDev == fi.rdev {
				p.errorf("according to mtab, %s is already mounted on %s", m.spec, m.dir)
			}
			return exFail
		}
	}
	switch fstype {
	case "", "auto", "ext2", "ext3", "ext4", "vfat", "msdos":
	default:
		return fail("unknown filesystem type '%s'", fstype)
	}
	b, err := ns.openDev(p.files, specAbs)
	if err != nil {
		return fail("%s is not a valid block device", spec)
	}
	vol, err := bfs.MountWithClock(b, s.now)
	if err == nil && (fstype == "ext2" || fstype == "ext3") && vol.Type() == bfs.Ext4 {
		if line := extUnsupported(b.BlockDevice, fstype); line != "" {
			vol.Unmount()
			b.Close()
			s.k.Printk(blockdev.KERN_ERR+"%s", line)
			return fail("%s", wrongFSType(spec))
		}
	}
	if err == nil && !typeFits(fstype, vol.Type()) {
		vol.Unmount()
		err = bfs.ErrWrongFSType
	}
	var st bfs.Statfs
	if err == nil {
		if st, err = vol.Statfs(); err != nil {
			vol.Unmount()
		}
	}
	if err != nil {
		b.Close()
		switch e := errnoOf(err); {
		case errors.Is(err, bfs.ErrWrongFSType) && (fstype == "" || fstype == "auto"):
			return fail("you must specify the filesystem type")
		case errors.Is(err, bfs.ErrWrongFSType):
		case e == errno.EIO:
			return fail("%s: can't read superblock", spec)
		case e != errno.EINVAL:
			return fail("%s", strerror(e)) // mount(2) failed otherwise
		}
		return fail("%s", wrongFSType(spec))
	}
	typ := string(vol.Type())
	if fstype != "" && fstype != "auto" {
		typ = fstype
	}
	if line, bad := mf.fsOptionError(typ); bad {
		// The file system's fill_super refuses the option: mount(2)
		// fails with EINVAL, as for a bad superblock.
		vol.Unmount()
		b.Close()
		s.k.Printk(blockdev.KERN_ERR+"%s", line)
		return fail("%s", wrongFSType(spec))
	}
	if err := s.k.Mount(b.BlockDevice, specAbs, dirAbs, typ, mf.msFlags()); err != nil {
		vol.Unmount()
		b.Close()
		return fail("%s", strerror(errnoOf(err)))
	}
	// The mount holds the device open until umount, past mount(8)'s
	// exit: the open leaves the command's table.
	b.f.handOver()
	ns.mounts = append(ns.mounts, &mount{
		dir: dirAbs, fs: &mountfs{vol: vol, bsize: st.Bsize}, ro: mf.ro(),
		spec: specAbs, typ: typ, opts: mf.table(), vol: vol, bdev: b,
	})
	return 0
}

// wrongFSType is mount(8)'s message for a mount(2) that failed with EINVAL.
func wrongFSType(spec string) string {
	return "wrong fs type, bad option, bad superblock on " + spec + ",\n" +
		"       missing codepage or other error\n" +
		"       In some cases useful info is found in syslog - try\n" +
		"       dmesg | tail  or so\n"
}

// typeFits says whether mount -t want may mount what blockdev/fs found. The
// ext types are one family here, but 2.6.18's ext2 and ext3 refuse the
// features of go-diskfs's ext4 first (extUnsupported), as they would refuse
// any ext4; the box mounts ext4, which 2.6.18-53.el5 lacks, because
// go-diskfs makes nothing else (docs/architecture.md).
func typeFits(want string, got bfs.Type) bool {
	switch want {
	case "", "auto":
		return true
	case "ext2", "ext3", "ext4":
		return got == bfs.Ext4
	case "vfat", "msdos":
		return got == bfs.Vfat
	}
	return false
}

func mountUsage(p *proc) {
	fmt.Fprint(p.err, `Usage: mount -V                 : print version
       mount -h                 : print this help
       mount                    : list mounted filesystems
       mount -l                 : idem, including volume labels
So far the informational part. Next the mounting.
The command is `+"`mount [-t fstype] something somewhere'"+`.
Details found in /etc/fstab may be omitted.
       mount -a [-t|-O] ...     : mount all stuff from /etc/fstab
       mount device             : mount device at the known place
       mount directory          : mount known device here
       mount -t type dev dir    : ordinary mount command
Note that one does not really mount a device, one mounts
a filesystem (of the given type) found on the device.
One can also mount an already visible directory tree elsewhere:
       mount --bind olddir newdir
or move a subtree:
       mount --move olddir newdir
A device can be given by name, say /dev/hda1 or /dev/cdrom,
or by label, using  -L label  or by uuid, using  -U uuid .
Other options: [-nfFrsvw] [-o options] [-p passwdfd].
For many more details, say  man 8 mount .
`)
}

// umount models util-linux 2.13's umount of a mount point or a device.
func umount(p *proc) int {
	_, args, err := getopt(p.args, "adfhlnrt:vO:V")
	if err != nil {
		p.errorf("%v", err)
	}
	if err != nil || len(args) == 0 {
		fmt.Fprint(p.err, "Usage: umount [-hV]\n"+
			"       umount -a [-f] [-r] [-n] [-v] [-t vfstypes] [-O opts]\n"+
			"       umount [-f] [-r] [-n] [-v] special | node...\n")
		return exUsage
	}
	status := 0
	for _, arg := range args {
		abs := p.s.abs(arg)
		m := p.s.ns.findMount(abs)
		switch {
		case m == nil:
			if _, err := p.s.ns.stat(abs); err != nil {
				p.errorf("%s: not found", arg)
			} else {
				p.errorf("%s: not mounted", arg)
			}
			status = 1
		case p.s.busy(m):
			p.errorf("%s: device is busy", arg)
			status = 1
		default:
			if err := p.s.ns.unmount(m); err != nil {
				p.errorf("%s: %s", arg, errText(err))
				status = 1
			}
		}
	}
	return status
}

// busy reports whether m cannot be unmounted: the shell's working
// directory is in it, or another file system is mounted inside it.
func (s *Shell) busy(m *mount) bool {
	if within(s.cwd, m.dir) {
		return true
	}
	for _, x := range s.ns.userMounts() {
		if x != m && within(x.dir, m.dir) {
			return true
		}
	}
	return false
}

// syncCmd models sync(1): every mounted file system writes back what it
// has pending (package fs keeps that in user space), then sync(2) writes
// back the page cache of every block device, open or not, down to the
// driver.
func syncCmd(p *proc) int {
	status := 0
	for _, m := range p.s.ns.userMounts() {
		if err := m.vol.Sync(); err != nil {
			p.errorf("%s: %s", m.dir, errText(err))
			status = 1
		}
	}
	// sync(2) fails in no way a process sees; an oops on the way kills
	// the process before it returns.
	p.s.k.Sync()
	return status
}
