// Package serve lets the real Linux kernel use a chapter's simulated disk:
// blksim serve boots the simulated kernel, loads the chapter's module, and
// exposes /dev/simp_blkdev and its partitions as regular files in a FUSE
// mount (which losetup attaches as a real block device) and as NBD exports.
//
// Serve is user space of the simulated kernel, as a FUSE daemon or an NBD
// server is user space of the real one: it opens the device through the
// system calls of blockdev/syscalls.go and moves every byte with O_DIRECT
// reads and writes (ReadDirect, WriteDirect). Each request therefore becomes
// bios submitted through generic_make_request (and __make_request and the
// elevator for a request-based driver), and the request waits for their
// bio_endio and returns the driver's result. O_DIRECT keeps the simulated
// page cache out of the way: nothing is cached in it, so nothing in it can
// disagree with the driver's data, and the one cache left is the real
// kernel's, which fsync, umount and losetup -d write back through here.
//
// The files: device.go turns byte ranges into sector-aligned direct I/O;
// machine.go boots the machine and opens its devices; fuse*.go is the FUSE
// file system; nbd.go serves the devices with go-nbd's NBD server through
// the backend of nbd_backend.go; mountpoint.go and loop.go look at the
// real kernel's mounts and loop devices; fallocate.go is what the loop
// driver's discards become; busy.go is the error for a mount point or
// port in use; report.go prints dmesg and the counters; stats.go counts
// what was served.
//
// The FUSE file system and the files that serve it (fuse*.go,
// fallocate.go, loop.go, mountpoint.go) build on Linux only: go-fuse does
// not build for Windows, and loop devices and /proc/self/mountinfo are
// Linux's. The rest (the machine, the devices, NBD) builds everywhere.
package serve
