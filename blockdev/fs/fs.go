package fs

import (
	"encoding/binary"
	iofs "io/fs"
	"time"
)

// Type names a file system type the way mkfs.TYPE and mount(8) spell it.
type Type string

// The types Mkfs knows. Only Ext4, Vfat and Msdos can be created: go-diskfs
// v1.9.4 writes every inode with an extent tree and cannot turn the 64bit
// feature off, so what it makes is always ext4 (see doc.go); Mkfs returns an
// error wrapping ErrUnsupportedType for Ext2 and Ext3. Msdos makes the same
// FAT file system as Vfat (mkfs.msdos and mkfs.vfat are one program); Mount
// reports it as vfat.
const (
	Ext2  Type = "ext2"
	Ext3  Type = "ext3"
	Ext4  Type = "ext4"
	Vfat  Type = "vfat"
	Msdos Type = "msdos"
)

// MkfsOptions are the inputs of Mkfs besides the device. The same options on
// the same device give the same bytes (see doc.go for the one exception).
type MkfsOptions struct {
	// Seed derives the random-looking identity mke2fs would draw from
	// /dev/urandom: the ext file system UUID and directory hash seed (and so
	// the "checked every N mounts" figure, which mke2fs 1.39 derived from
	// the UUID).
	Seed int64
	// Now is the time mkfs runs: ext's creation, write and check times, the
	// FAT volume ID (mkdosfs 2.11 used the creation time as volume ID) and
	// the time stamps of the root and lost+found directories. The zero value
	// means DefaultTime.
	Now time.Time
	// Label is the volume label (mke2fs -L, mkfs.vfat -n); empty for none.
	Label string
	// Verbose asks mkfs.vfat for its -v report; mke2fs always reports.
	Verbose bool
	// Geometry is what HDIO_GETGEO returned for the device; nil when the
	// driver has no getgeo (mkfs.vfat then says so and assumes 255/63).
	Geometry *Geometry
	// Device is the device name the tools print (mkfs.vfat -v); default
	// "/dev/simp_blkdev".
	Device string
}

// Geometry is the drive geometry of struct hd_geometry, as mkfs.vfat stores it
// in the boot sector.
type Geometry struct {
	Heads   uint8
	Sectors uint8
}

// DefaultTime is the clock of a file system made with a zero MkfsOptions.Now:
// the time of the tutorial's `ls -l /dev/simp_blkdev` (chapter 1).
var DefaultTime = time.Date(2008, time.November, 10, 18, 13, 0, 0, time.UTC)

// Entry describes one file or directory, as stat(2) would.
type Entry struct {
	Name    string
	IsDir   bool
	Size    int64
	Mode    iofs.FileMode // permission bits, plus fs.ModeDir for directories
	ModTime time.Time
	Nlink   int // 1 for a file; 2 + subdirectories for a directory
}

// Statfs is what statfs(2) returns for a mounted file system, computed the
// way the 2.6 kernel computes it (ext3_statfs / ext4_statfs, fat_statfs).
type Statfs struct {
	Type    Type
	Bsize   int64  // f_bsize: block size (ext) or cluster size (FAT) in bytes
	Blocks  uint64 // f_blocks: data blocks; ext subtracts the metadata overhead
	Bfree   uint64 // f_bfree: free blocks
	Bavail  uint64 // f_bavail: free blocks an ordinary user may use (ext: minus reserved)
	Files   uint64 // f_files: inodes (0 on FAT)
	Ffree   uint64 // f_ffree: free inodes (0 on FAT)
	Namelen int    // f_namelen
}

// DF returns the figures df(1) prints from a Statfs: the size, used and
// available space in 1K-blocks, and Use% rounded up as coreutils does
// (used*100/(used+avail), rounded up). usePct is -1 when df would print "-".
func (s Statfs) DF() (kblocks, used, avail uint64, usePct int) {
	k := func(n uint64) uint64 { return n * uint64(s.Bsize) / 1024 }
	kblocks, used, avail = k(s.Blocks), k(s.Blocks-s.Bfree), k(s.Bavail)
	u, a := s.Blocks-s.Bfree, s.Bavail
	if u+a == 0 {
		return kblocks, used, avail, -1
	}
	usePct = int((u*100 + (u + a) - 1) / (u + a))
	return kblocks, used, avail, usePct
}

// Headroom is how many more bytes a file can surely still be given: the
// free blocks, less what the file system may need for the bookkeeping of a
// growing file (on ext4, blocks of the extent tree: a few, and one more per
// 4096 blocks of the file system; on FAT, a cluster for a directory to grow
// into). A writer may take writes up to it before handing them to the file
// system; past it only the file system can tell what fits (AppendFile does).
func (s Statfs) Headroom() int64 {
	margin := uint64(1)
	if s.Type == Ext4 {
		margin = 8 + s.Blocks/4096
	}
	if s.Bfree <= margin {
		return 0
	}
	return int64(s.Bfree-margin) * s.Bsize
}

// FS is a mounted file system. Paths are absolute inside the file system
// ("/", "/lost+found", "/init.d/sshd"). Errors are *io/fs.PathError values
// whose Err is a positive errno.Errno, as a system call returns it (ENOENT,
// ENOSPC, ENOTEMPTY, EEXIST, ENOTDIR, ...).
// An FS is safe for concurrent use.
type FS interface {
	// Type is what mount(8) prints: ext4 or vfat.
	Type() Type
	// ReadDir lists a directory in the order the file system stores it
	// (sorting is the caller's job, as it is ls's); "." and ".." are left out.
	ReadDir(path string) ([]Entry, error)
	// ReadFile returns the contents of a file.
	ReadFile(path string) ([]byte, error)
	// WriteFile creates the file with the given permission bits, or
	// replaces the contents of an existing one (which keeps its mode), as
	// cp does. When the file system fills up it returns ENOSPC; the file is
	// then left with as much of data as fitted (possibly nothing) and
	// nothing written before is lost. New data that only adds to the end of the old
	// contents is appended; any other change to an existing file costs a
	// compaction (see doc.go), so write a file in one call if you can.
	WriteFile(path string, data []byte, mode iofs.FileMode) error
	// AppendFile adds data at the end of a file, creating it with the
	// given permission bits if it does not exist, as write(2) on a file
	// opened with O_APPEND does, and returns how many bytes were written.
	// It does not read what the file holds (but for its last block), so a
	// file written in many pieces costs each piece once. When not all of
	// data fits, the file keeps what did and the error is ENOSPC.
	AppendFile(path string, data []byte, mode iofs.FileMode) (int, error)
	// Mkdir makes one directory (mode 0755); the parent must exist.
	Mkdir(path string) error
	// Remove removes a file or an empty directory.
	Remove(path string) error
	// RemoveAll removes a file or a directory tree, as rm -rf does; a path
	// that does not exist is not an error.
	RemoveAll(path string) error
	// Stat describes one file or directory; Stat("/") names the root "/".
	Stat(path string) (Entry, error)
	// Statfs reports the space figures df prints.
	Statfs() (Statfs, error)
	// Sync writes everything pending to the device and syncs it.
	Sync() error
	// Unmount syncs and detaches; the FS returns EINVAL afterwards.
	Unmount() error
}

// Mount reads the file system on dev, whatever it is (the ext superblock magic
// or a FAT boot sector decide), and returns a handle. New files get the time
// the file system was made (the simulated machine's clock stands still); use
// MountWithClock to let it run. A device without a file system this package
// knows gives an error that errors.Is ErrWrongFSType (and errno.EINVAL).
func Mount(dev Device) (FS, error) { return MountWithClock(dev, nil) }

// MountWithClock is Mount with a clock for the time stamps of files and
// directories created or changed through the FS; nil means Mount's default.
func MountWithClock(dev Device, clock func() time.Time) (FS, error) {
	st := newStorage(dev)
	var (
		drv driver
		err error
	)
	switch detect(st.dev) {
	case Ext4:
		drv, err = openExt(st)
	case Vfat:
		drv, err = openFAT(st)
	default:
		err = ErrWrongFSType
	}
	if _, derr := st.take(); derr != nil {
		// A read of the device failed, and what could not be read
		// looked like no file system or a broken one: the device's
		// error is the answer (mount(2) returns it).
		return nil, pathErr("mount", "/", derr)
	}
	if err != nil {
		return nil, err
	}
	v := &volume{dev: dev, st: st, drv: drv, now: clock, gone: map[string]bool{}}
	if v.now == nil {
		t := drv.created()
		v.now = func() time.Time { return t }
	}
	return v, nil
}

// detect tells which kind of file system dev holds: Ext4 for the ext2/3/4
// superblock magic 0xEF53 at byte 1024+56, Vfat for a boot sector ending in
// 0x55 0xAA whose BIOS parameter block makes sense, "" otherwise.
func detect(dev Device) Type {
	if dev.Size() >= 2048 {
		var magic [2]byte
		if _, err := dev.ReadAt(magic[:], 1024+0x38); err == nil && binary.LittleEndian.Uint16(magic[:]) == 0xEF53 {
			return Ext4
		}
	}
	if dev.Size() >= 512 {
		if _, err := readBPB(dev); err == nil {
			return Vfat
		}
	}
	return ""
}
