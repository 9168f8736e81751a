package blockdev

import (
	"strings"
)

// The mount flags of mount(2) that /proc/mounts shows (include/linux/fs.h).
const (
	MS_RDONLY      = 1
	MS_NOSUID      = 2
	MS_NODEV       = 4
	MS_NOEXEC      = 8
	MS_SYNCHRONOUS = 16
	MS_MANDLOCK    = 64
	MS_DIRSYNC     = 128
	MS_NOATIME     = 1024
	MS_NODIRATIME  = 2048
)

// VfsMount models a struct vfsmount of the init namespace (fs/namespace.c)
// as far as /proc/mounts shows it: the device name mount(2) was given, the
// mount point, the file system type and the MS_* flags.
type VfsMount struct {
	DevName string
	Dir     string
	Type    string
	Flags   uint64
}

// bootMounts is what the kernel and rc.sysinit mount before a shell runs,
// the head of a RHEL 5 box's /proc/mounts: the initial rootfs, the real
// root on /dev/root (ext3 on the tutorial's box), udev's tmpfs on /dev,
// /proc and /sys. A real box also has devpts on /dev/pts, tmpfs on /dev/shm,
// usbfs, binfmt_misc and rpc_pipefs, which the simulated machine does not.
var bootMounts = []VfsMount{
	{"rootfs", "/", "rootfs", 0},
	{"/dev/root", "/", "ext3", 0},
	{"/dev", "/dev", "tmpfs", 0},
	{"/proc", "/proc", "proc", 0},
	{"/sys", "/sys", "sysfs", 0},
}

// doMount models the kernel's half of mount(2) for a file system on a
// block device, once the file system has read its superblock (blockdev/fs
// does that for the shell): the file system's own boot-log lines of its
// fill_super (mountMessages), then do_add_mount() puts the mount in the
// namespace's list, which /proc/mounts prints. dir is the absolute mount
// point, devName the device as the caller named it (mount(8) passes
// "/dev/simp_blkdev").
func (k *Kernel) doMount(b *BlockDevice, devName, dir, fstype string, flags uint64) Errno {
	if b == nil || !strings.HasPrefix(dir, "/") || fstype == "" {
		return -EINVAL
	}
	k.mountMessages(b, fstype)
	k.nsMu.Lock()
	defer k.nsMu.Unlock()
	k.vfsmounts = append(k.vfsmounts, &VfsMount{DevName: devName, Dir: dir, Type: fstype, Flags: flags})
	return 0
}

// doRemount models do_remount() (fs/namespace.c): the mount on dir takes
// new flags; -EINVAL if nothing the caller mounted is there.
func (k *Kernel) doRemount(dir string, flags uint64) Errno {
	k.nsMu.Lock()
	defer k.nsMu.Unlock()
	if m := k.findVfsmount(dir); m != nil {
		m.Flags = flags
		return 0
	}
	return -EINVAL
}

// doUmount models do_umount() (fs/namespace.c): the latest mount on dir
// leaves the list; -EINVAL if dir is no mount point the caller made.
// Neither ext3 nor vfat print anything at umount in 2.6.18 (nor ext4dev in
// 2.6.27), so nothing is logged.
func (k *Kernel) doUmount(dir string) Errno {
	k.nsMu.Lock()
	defer k.nsMu.Unlock()
	for i := len(k.vfsmounts) - 1; i >= 0; i-- {
		if k.vfsmounts[i].Dir == dir {
			k.vfsmounts = append(k.vfsmounts[:i], k.vfsmounts[i+1:]...)
			return 0
		}
	}
	return -EINVAL
}

// findVfsmount is the latest mount on dir. Call it with nsMu held.
func (k *Kernel) findVfsmount(dir string) *VfsMount {
	for i := len(k.vfsmounts) - 1; i >= 0; i-- {
		if k.vfsmounts[i].Dir == dir {
			return k.vfsmounts[i]
		}
	}
	return nil
}

// mountMessages are the lines a file system's fill_super prints on a clean
// mount, with the device's name (sb->s_id). The ext family follows the
// type the caller mounts as: ext3 as 2.6.18's ext3 and jbd print it
// (fs/ext3/super.c, fs/jbd/journal.c), ext4 as 2.6.27's ext4dev and jbd2
// (the image the simulator makes is ext4, which 2.6.18 could not mount at
// all), ext2 nothing; vfat and msdos print nothing either.
func (k *Kernel) mountMessages(b *BlockDevice, fstype string) {
	id := b.Name()
	switch fstype {
	case "ext3":
		k.Printk(KERN_INFO + "kjournald starting.  Commit interval 5 seconds\n")
		k.Printk(KERN_INFO+"EXT3 FS on %s, internal journal\n", id)
		k.Printk(KERN_INFO + "EXT3-fs: mounted filesystem with ordered data mode.\n")
	case "ext4":
		k.Printk(KERN_INFO + "kjournald2 starting.  Commit interval 5 seconds\n")
		k.Printk(KERN_INFO+"EXT4 FS on %s, internal journal\n", id)
		k.Printk(KERN_INFO + "EXT4-fs: mounted filesystem with ordered data mode.\n")
	}
}

// procMounts models /proc/mounts (show_vfsmnt, fs/namespace.c, 2.6.18):
// per mount "devname dir type" then ro or rw, the superblock flags
// (sync, dirsync, mand), the mount flags (nosuid, nodev, noexec, noatime,
// nodiratime), the file system's own options, and " 0 0".
func (k *Kernel) procMounts() string {
	var b strings.Builder
	show := func(m VfsMount) {
		b.WriteString(m.DevName + " " + m.Dir + " " + m.Type + " ")
		if m.Flags&MS_RDONLY != 0 {
			b.WriteString("ro")
		} else {
			b.WriteString("rw")
		}
		for _, f := range []struct {
			flag uint64
			name string
		}{
			{MS_SYNCHRONOUS, ",sync"}, {MS_DIRSYNC, ",dirsync"}, {MS_MANDLOCK, ",mand"},
			{MS_NOSUID, ",nosuid"}, {MS_NODEV, ",nodev"}, {MS_NOEXEC, ",noexec"},
			{MS_NOATIME, ",noatime"}, {MS_NODIRATIME, ",nodiratime"},
		} {
			if m.Flags&f.flag != 0 {
				b.WriteString(f.name)
			}
		}
		b.WriteString(fsShowOptions(m.Type))
		b.WriteString(" 0 0\n")
	}
	for _, m := range bootMounts {
		show(m)
	}
	k.nsMu.Lock()
	defer k.nsMu.Unlock()
	for _, m := range k.vfsmounts {
		show(*m)
	}
	return b.String()
}

// fsShowOptions models the file systems' show_options: ext3 (2.6.18) and
// ext4 (2.6.27) show their data mode; fat shows its masks and code page
// (fat_show_options, fs/fat/inode.c, 2.6.18), after which a real vfat mount
// also shows its iocharset and shortname options, whose defaults depend on
// the kernel's configuration and are left out.
func fsShowOptions(fstype string) string {
	switch fstype {
	case "ext3", "ext4":
		return ",data=ordered"
	case "vfat", "msdos":
		return ",fmask=0022,dmask=0022,codepage=cp437"
	}
	return ""
}
