package shell

import (
	"slices"
	"strings"

	"simpblkdev/blockdev"
)

// mountOpt is one of the generic options util-linux 2.13's mount turns into
// a mount(2) flag (opt_map in mount/mount.c). The simulated file systems
// take the flags and do nothing more with them than show them, except ro.
// shown says whether the option appears in the mount table: mount writes
// "ro" or "rw", then the options that set a flag (fix_opts_string), never
// the ones that clear one.
type mountOpt struct {
	name  string
	flag  string // the flag it sets or clears; "" for defaults
	set   bool
	shown bool
}

// mountOpts are in opt_map's order, which is the order the table shows.
var mountOpts = []mountOpt{
	{"defaults", "", false, false},
	{"ro", "rdonly", true, false},
	{"rw", "rdonly", false, false},
	{"exec", "noexec", false, false},
	{"noexec", "noexec", true, true},
	{"suid", "nosuid", false, false},
	{"nosuid", "nosuid", true, true},
	{"dev", "nodev", false, false},
	{"nodev", "nodev", true, true},
	{"sync", "sync", true, true},
	{"async", "sync", false, false},
	{"dirsync", "dirsync", true, true},
	{"remount", "remount", true, false},
	{"auto", "noauto", false, false},
	{"noauto", "noauto", true, true},
	{"mand", "mand", true, true},
	{"nomand", "mand", false, false},
	{"atime", "noatime", false, false},
	{"noatime", "noatime", true, true},
	{"diratime", "nodiratime", false, false},
	{"nodiratime", "nodiratime", true, true},
}

// mountFlags are the options of one mount command line: the flags mount(8)
// makes of the generic ones, and the rest, which go to the file system as
// its data string.
type mountFlags struct {
	flags map[string]bool
	data  []string
}

// parseMountOpts parses -o's comma lists (and -r, -w) in order, as
// parse_opts does: a later option overrides an earlier one.
func parseMountOpts(lists []string) mountFlags {
	mf := mountFlags{flags: map[string]bool{}}
	for _, list := range lists {
		for _, o := range strings.Split(list, ",") {
			if o == "" {
				continue
			}
			i := slices.IndexFunc(mountOpts, func(m mountOpt) bool { return m.name == o })
			if i < 0 {
				mf.data = append(mf.data, o)
				continue
			}
			if m := mountOpts[i]; m.flag != "" {
				mf.flags[m.flag] = m.set
			}
		}
	}
	return mf
}

func (mf mountFlags) ro() bool      { return mf.flags["rdonly"] }
func (mf mountFlags) remount() bool { return mf.flags["remount"] }

// msFlags are the MS_* flags mount(8) passes mount(2) for the options.
func (mf mountFlags) msFlags() uint64 {
	var fl uint64
	for name, bit := range map[string]uint64{
		"rdonly": blockdev.MS_RDONLY, "nosuid": blockdev.MS_NOSUID, "nodev": blockdev.MS_NODEV,
		"noexec": blockdev.MS_NOEXEC, "sync": blockdev.MS_SYNCHRONOUS, "mand": blockdev.MS_MANDLOCK,
		"dirsync": blockdev.MS_DIRSYNC, "noatime": blockdev.MS_NOATIME, "nodiratime": blockdev.MS_NODIRATIME,
	} {
		if mf.flags[name] {
			fl |= bit
		}
	}
	return fl
}

// table is what /etc/mtab records for the mount (fix_opts_string).
func (mf mountFlags) table() string {
	opts := []string{"rw"}
	if mf.ro() {
		opts[0] = "ro"
	}
	for _, m := range mountOpts {
		if m.shown && mf.flags[m.flag] {
			opts = append(opts, m.name)
		}
	}
	return strings.Join(append(opts, mf.data...), ",")
}

// fsOptionError is the line the file system prints when its parse_options
// meets an option it does not know, and which option that is: every data
// option is unknown to the simulated file systems (ext3's parse_options in
// fs/ext3/super.c, fat's in fs/fat/inode.c, 2.6.18). typ is the type
// mounted as: ext2, ext3, ext4, vfat or msdos.
func (mf mountFlags) fsOptionError(typ string) (string, bool) {
	if len(mf.data) == 0 {
		return "", false
	}
	prefix := "FAT"
	switch typ {
	case "ext2":
		prefix = "EXT2-fs"
	case "ext3":
		prefix = "EXT3-fs"
	case "ext4":
		prefix = "EXT4-fs"
	}
	return prefix + ": Unrecognized mount option \"" + mf.data[0] + "\" or missing value\n", true
}
