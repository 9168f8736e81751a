package blockdev

import (
	"io/fs"
	"math/rand/v2"
	"sync"
)

// MEM_MAJOR is the character major of drivers/char/mem.c (include/linux/major.h).
const MEM_MAJOR = 1

// memDev models one entry of devlist[] in drivers/char/mem.c (2.6.18): a
// minor of the mem major, its /dev name and its file operations. Of the
// eleven minors a real kernel has, the simulator has the four a session
// uses; mem, kmem, port, random and kmsg are left out.
type memDev struct {
	minor int
	name  string
	// read fills p as the device's read() does: n bytes, or 0 at the
	// end of the file.
	read func(k *Kernel, p []byte) int
	// write models the device's write(): n bytes taken, or a negative
	// errno.
	write func(k *Kernel, p []byte) (int, Errno)
}

var memDevs = []memDev{
	{3, "null", readNull, writeNull},
	{5, "zero", readZero, writeNull},
	{7, "full", readZero, writeFull},
	{9, "urandom", readURandom, writeNull},
}

// readNull models read_null(): always at the end of the file.
func readNull(*Kernel, []byte) int { return 0 }

// writeNull models write_null() (also /dev/zero's and, as far as the
// simulator cares, /dev/urandom's, whose writes only stir the pool):
// everything is taken and dropped.
func writeNull(_ *Kernel, p []byte) (int, Errno) { return len(p), 0 }

// readZero models read_zero(): as many zero bytes as asked for.
func readZero(_ *Kernel, p []byte) int {
	clear(p)
	return len(p)
}

// writeFull models write_full(): the device is always full.
func writeFull(*Kernel, []byte) (int, Errno) { return 0, -ENOSPC }

// readURandom models urandom_read() (drivers/char/random.c): bytes that
// never run out. Here they come from a ChaCha8 stream seeded by the boot
// seed, so the same seed gives the same bytes in the same order.
func readURandom(k *Kernel, p []byte) int {
	k.urandom.mu.Lock()
	defer k.urandom.mu.Unlock()
	k.urandom.r.Read(p)
	return len(p)
}

// urandomPool is the nonblocking pool urandom reads from.
type urandomPool struct {
	mu sync.Mutex
	r  *rand.ChaCha8
}

// chrdevEntry models a registration in chrdevs[] (fs/char_dev.c): a major
// and the name /proc/devices prints for it.
type chrdevEntry struct {
	major int
	name  string
}

// registerChrdev models register_chrdev(major, name, fops) (fs/char_dev.c,
// 2.6.18) for the simulator's own drivers: the major appears in
// /proc/devices under "Character devices:". The file operations are found
// by major and minor at open (OpenChr).
func (k *Kernel) registerChrdev(major int, name string) {
	k.chrdevMu.Lock()
	defer k.chrdevMu.Unlock()
	k.chrdevs = append(k.chrdevs, chrdevEntry{major, name})
}

// chrDevInit models chr_dev_init() (drivers/char/mem.c, 2.6.18): register
// the mem major, and let udev make the nodes (crw-rw-rw- root root, as
// RHEL 5's udev rules give them). It seeds urandom's pool from the boot
// seed.
func (k *Kernel) chrDevInit(seed int64) {
	var key [32]byte
	for i := range 4 {
		v := uint64(seed) ^ uint64(i)*0x9e3779b97f4a7c15
		for j := range 8 {
			key[i*8+j] = byte(v >> (8 * j))
		}
	}
	k.urandom.r = rand.NewChaCha8(key)
	k.registerChrdev(MEM_MAJOR, "mem")
	for _, d := range memDevs {
		k.devAddNode(d.name, fs.ModeDevice|fs.ModeCharDevice|0666, 0, MKDEV(MEM_MAJOR, d.minor))
	}
}

// memOpen models memory_open() (drivers/char/mem.c): the minor chooses the
// device; a minor the simulator does not have is -ENXIO.
func memOpen(dev DevT) (*memDev, Errno) {
	for i := range memDevs {
		if MKDEV(MEM_MAJOR, memDevs[i].minor) == dev {
			return &memDevs[i], 0
		}
	}
	return nil, -ENXIO
}
