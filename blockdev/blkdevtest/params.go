package blkdevtest

import (
	"fmt"

	"simpblkdev/blockdev"
)

// checkSizeParameter (chapter 8 on): the size parameter, a charp readable
// by all: size=20M and size=20480k give a disk of 40960 sectors, and
// parameters/size reads what insmod was given with mode 0444; a size
// getparam refuses ("16", "16MB", "0", "2T") fails insmod with EINVAL, and
// one the machine cannot back ("4G" on the 1 GiB i386 box) with ENOMEM,
// leaving nothing behind (allBack).
func checkSizeParameter(module *blockdev.ModuleInfo, _ *chapter) error {
	k, err := blockdev.Boot(countingMachine(1))
	if err != nil {
		return err
	}
	for _, size := range []string{"20M", "20480k"} {
		if _, err := k.InitModule(module, "size="+size); err != nil {
			return fmt.Errorf("insmod size=%s: %v\n%s", size, err, k.Dmesg())
		}
		if got, err := show(k, sysDisk+"/size"); err != nil || got != "40960\n" {
			return fmt.Errorf("size=%s: %s/size = %q (%v), want 40960", size, sysDisk, got, err)
		}
		n, err := k.Lstat(sysMod + "/parameters/size")
		if err != nil {
			return fmt.Errorf("size=%s: %v", size, err)
		}
		if got, _ := n.Show(); got != size+"\n" || n.Mode.Perm() != 0o444 || n.Store != nil {
			return fmt.Errorf("size=%s: parameters/size reads %q, mode %v, writable %v; want %q, 0444, read-only", size, got, n.Mode, n.Store != nil, size+"\n")
		}
		if err := k.DeleteModule(diskName); err != nil {
			return fmt.Errorf("rmmod: %v", err)
		}
	}
	for _, bad := range []struct {
		size string
		err  error
	}{{"16", blockdev.EINVAL}, {"16MB", blockdev.EINVAL}, {"0", blockdev.EINVAL}, {"2T", blockdev.EINVAL}, {"4G", blockdev.ENOMEM}} {
		free, vm := k.Mem.NrFreePages(), k.Mem.VmallocUsed()
		if _, err := k.InitModule(module, "size="+bad.size); err != bad.err {
			return fmt.Errorf("insmod size=%s = %v, want %v", bad.size, err, bad.err)
		}
		if err := allBack(k, free, vm); err != nil {
			return fmt.Errorf("size=%s: %v", bad.size, err)
		}
	}
	return nil
}
