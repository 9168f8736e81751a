package blkdevtest

import (
	"fmt"
	"strings"

	"simpblkdev/blockdev"
)

// What every chapter's driver is called and where its disk appears.
const (
	diskName = "simp_blkdev"
	devPath  = "/dev/" + diskName
	sysDisk  = "/sys/block/" + diskName
	sysMod   = "/sys/module/" + diskName
)

// load boots a fresh i386 machine and loads module on it.
func load(seed int64, module *blockdev.ModuleInfo) (*blockdev.Kernel, *blockdev.Module, error) {
	k, err := blockdev.Boot(blockdev.Config{Seed: seed})
	if err != nil {
		return nil, nil, err
	}
	m, err := k.InitModule(module, "")
	if err != nil {
		return nil, nil, fmt.Errorf("insmod: %v\n%s", err, k.Dmesg())
	}
	return k, m, nil
}

// loadOpen loads module and opens its disk; close releases the disk.
func loadOpen(seed int64, module *blockdev.ModuleInfo) (k *blockdev.Kernel, b *blockdev.BlockDevice, close func(), err error) {
	k, _, err = load(seed, module)
	if err != nil {
		return nil, nil, nil, err
	}
	b, err = k.Open(devPath)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("open %s: %v", devPath, err)
	}
	return k, b, func() { b.Close() }, nil
}

// show reads a /sys, /proc or /dev file of the simulated kernel.
func show(k *blockdev.Kernel, path string) (string, error) {
	n, err := k.Lstat(path)
	if err != nil {
		return "", fmt.Errorf("%s: %v", path, err)
	}
	s, err := n.Show()
	if err != nil {
		return "", fmt.Errorf("%s: %v", path, err)
	}
	return s, nil
}

// names lists the entries of a kernfs directory.
func names(k *blockdev.Kernel, path string) ([]string, error) {
	n, err := k.Lstat(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if !n.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", path)
	}
	var ns []string
	for _, c := range n.Children() {
		ns = append(ns, c.Name)
	}
	return ns, nil
}

// diskStat is /sys/block/simp_blkdev/stat: reads, read merges, sectors
// read, ticks, writes, write merges, sectors written, ...
func diskStat(k *blockdev.Kernel) ([11]uint64, error) {
	var st [11]uint64
	s, err := show(k, sysDisk+"/stat")
	if err != nil {
		return st, err
	}
	if _, err := fmt.Sscan(s, &st[0], &st[1], &st[2], &st[3], &st[4], &st[5], &st[6], &st[7], &st[8], &st[9], &st[10]); err != nil {
		return st, fmt.Errorf("%s/stat %q: %v", sysDisk, s, err)
	}
	return st, nil
}

// logged reports a line of the kernel log that is missing.
func logged(k *blockdev.Kernel, lines ...string) error {
	for _, line := range lines {
		if !strings.Contains(k.Dmesg(), line+"\n") {
			return fmt.Errorf("dmesg lacks %q:\n%s", line, k.Dmesg())
		}
	}
	return nil
}
