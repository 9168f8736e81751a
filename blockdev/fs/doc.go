// Package fs puts real file systems on the simulated block devices, so that
// the tutorial's shell sessions can run: `mkfs.ext3 /dev/simp_blkdev`,
// `mount`, `cp /etc/init.d/* /mnt/temp1`, `ls`, `df`, `rm -rf`, `umount`.
//
// # What comes from go-diskfs, and what is ours
//
// Nothing here writes a file system by hand. The file systems are made, read
// and written by github.com/diskfs/go-diskfs (v1.9.4): its ext4 package and
// its fat12, fat16 and fat32 packages lay out the superblocks, bitmaps, inode
// tables, FATs and directories, allocate blocks and clusters and write the
// file data. The images it makes pass e2fsck and fsck.fat, and debugfs and
// mtools read them; the tests check this with those very tools.
//
// This package is the glue a kernel and a few user-space tools would be:
//
//   - Device and the storage adapter (device.go): go-diskfs was written for
//     image files and real disks; here every byte it reads or writes goes
//     through the simulated device's ReadAt and WriteAt, that is through the
//     page cache, the block layer and the chapter's driver.
//   - Mkfs (mkfs.go, ext.go, fat.go) plays mke2fs 1.39 and mkdosfs 2.11:
//     it chooses the layout those tools would choose for the device size
//     (block size, inode count, FAT12/16/32, ...) as far as go-diskfs lets
//     it, asks go-diskfs to make it, and prints the tools' reports with the
//     figures read back from the device.
//   - Mount and FS (fs.go, volume.go) play the VFS: they find out what is on
//     the device, walk paths one directory at a time, and answer with the
//     errno values a shell prints ("No such file or directory", "No space
//     left on device", "Directory not empty", ...): positive errno.Errno
//     values, as a system call returns them. This package reaches the
//     device only through blockdev's system calls (ReadAt, WriteAt, Sync
//     on a device opened with Open), as a user-space file system tool
//     would, so its API is user-facing like theirs. Statfs computes f_blocks,
//     f_bfree and f_bavail as the 2.6 kernel's ext3_statfs and fat_statfs
//     do, and Statfs.DF turns them into df's columns.
//
// # Where go-diskfs falls short, and what we do about it
//
// ext2 and ext3 cannot be made. go-diskfs v1.9.4 writes every inode (even
// the root directory's and the journal's) with an extent tree, so the
// "extent" feature cannot be turned off, and with 64bit turned off its group
// descriptor code panics. What it makes is ext4, and `mount` says so. Mkfs
// still turns off what it can (flex_bg, huge_file, metadata_csum, gdt_csum,
// dir_index, resize_inode) to stay close to the tutorial's ext3, and follows
// mke2fs 1.39's choices: 1 KiB blocks and one inode per 4 KiB below 512 MiB,
// 8192 blocks per group, 5% reserved, sparse superblock backups. What
// remains different from the tutorial's output: 256-byte inodes (so the
// inode tables are twice as big), a journal of at least 4 MiB (4096 blocks
// on 16 MiB, where mke2fs made 1024), and no reserved GDT blocks (so no
// "Maximum filesystem blocks" line). So df shows more space used than the
// tutorial's 1440 KiB.
//
// A few superblock fields are set after go-diskfs, in every copy, the way
// tune2fs would (extTune): go-diskfs computes the reserved blocks as
// percent/100*blocks in integer arithmetic (always 0), writes 100 and 0 for
// the maximum mount count and the check interval, and takes the time stamps
// and the directory hash seed from the host's clock and random numbers. We
// write mke2fs 1.39's values: 5% reserved, 20 + (sum of the UUID's bytes) %
// 20 mounts, 180 days, and the times and seeds from MkfsOptions. On FAT we
// write the geometry and the volume ID into the boot sector (mkdosfs takes
// them from HDIO_GETGEO and the clock), clear the reserved sectors first (as
// mkdosfs does) and free cluster 2, which go-diskfs's FAT12/16 Create marks
// used for no reason.
//
// go-diskfs's Remove is not safe, so it is never called. On ext4 it clears
// the inode bitmap bit of the next inode (the next file created then takes
// over a live file's inode), clears the wrong block bitmap bits with 1 KiB
// blocks, counts the freed blocks twice and leaves the inode's link count;
// on FAT it never frees the file's clusters. Instead a removal is recorded
// and hidden from every lookup, and before anything that needs the space or
// the name back (a write, statfs, sync, umount) the volume compacts: it reads
// all remaining files, makes the same file system again (same size, UUID,
// label, times) and writes them back in their old order with their modes and
// time stamps (volume.flush). `rm -rf /mnt/temp1/*` followed by `df` costs
// one compaction. The price: every remaining file is held in memory for a
// moment, and inode numbers and block positions change (nothing in the
// tutorial shows them).
//
// Other go-diskfs limits the simulator lives with:
//   - the ext4 inode change time (i_ctime) of every inode, and all the times
//     of the journal inode, come from the host's clock: go-diskfs has no way
//     to set them. Everything else is deterministic, so two runs with the
//     same inputs differ only there (and in the inode checksums go-diskfs
//     computes over them). FAT images are byte-identical.
//   - an empty FAT file still gets a cluster (fsck.fat would truncate it).
//   - on FAT32 (devices above 520 MiB) a subdirectory's ".." points at
//     cluster 2 instead of 0, and the FSInfo free count is left unknown.
//   - go-diskfs's FAT allocator would hand out clusters past the end of the
//     data area once it is full, so the volume checks the free space first
//     and never asks it for more (fatDriver.fit).
//   - go-diskfs's ext4 allocator refuses, unchanged, a write that needs
//     more blocks than are free or than one extent holds (65535), rather
//     than writing what fits; the volume then finds what fits by writing
//     smaller pieces (volume.grow). It gives every write an extent of its
//     own and an ext4 file can have a few hundred, so writers should hand
//     over big pieces (the shell keeps up to 4 MiB).
//   - go-diskfs's ext4 File.Read and File.Write panic when they start in the
//     middle of a block that follows the end of an extent (a file of several
//     extents, read in pieces or appended to); files are read in one call
//     and appended to from a block boundary (volume.readFile, volume.append).
//     A panic inside go-diskfs, should another one turn up, becomes EIO.
//   - go-diskfs writes no directory time stamps when entries are added, and
//     no symbolic links, hard links or device nodes are offered here.
//   - go-diskfs cannot read the ext2 and ext3 a real mke2fs makes (it insists
//     on checksum type 1 in the superblock, which only file systems with
//     metadata_csum have), so Mount of such an image fails like an unknown
//     file system.
package fs
