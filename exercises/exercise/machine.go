package exercise

import (
	"fmt"

	"simpblkdev/blockdev"
)

// What every chapter's driver is called and where its disk appears.
const (
	moduleName = "simp_blkdev"
	devPath    = "/dev/" + moduleName
)

// The helpers below are the steps an exercise's own checks share, as the
// kit's checks share theirs (blockdev/blkdevtest/machine.go): each returns
// an error worded for the student, which the check returns as it is.

// Load boots a fresh machine as the kit's checks boot theirs (seed 1) and
// loads module on it with no parameters (Insmod).
func Load(module *blockdev.ModuleInfo) (*blockdev.Kernel, error) {
	k, err := blockdev.Boot(blockdev.Config{Seed: 1})
	if err != nil {
		return nil, err
	}
	if err := Insmod(k, module); err != nil {
		return nil, err
	}
	return k, nil
}

// LoadOpen loads module on a fresh machine (Load) and opens its disk
// (OpenDisk); the caller closes it.
func LoadOpen(module *blockdev.ModuleInfo) (*blockdev.Kernel, *blockdev.BlockDevice, error) {
	k, err := Load(module)
	if err != nil {
		return nil, nil, err
	}
	b, err := OpenDisk(k)
	if err != nil {
		return nil, nil, err
	}
	return k, b, nil
}

// Insmod loads module on k with no parameters; when init_module fails,
// the error carries the kernel log, where the driver says why.
func Insmod(k *blockdev.Kernel, module *blockdev.ModuleInfo) error {
	if _, err := k.InitModule(module, ""); err != nil {
		return fmt.Errorf("insmod: %v\n%s", err, k.Dmesg())
	}
	return nil
}

// OpenDisk opens /dev/simp_blkdev on k; the caller closes it.
func OpenDisk(k *blockdev.Kernel) (*blockdev.BlockDevice, error) {
	b, err := k.Open(devPath)
	if err != nil {
		return nil, fmt.Errorf("open %s: %v", devPath, err)
	}
	return b, nil
}

// Rmmod unloads simp_blkdev from k.
func Rmmod(k *blockdev.Kernel) error {
	if err := k.DeleteModule(moduleName); err != nil {
		return fmt.Errorf("rmmod: %v", err)
	}
	return nil
}
