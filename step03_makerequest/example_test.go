package step03makerequest

import (
	"fmt"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/shell"
)

// The chapter's driver loaded on the simulated machine: chapter 1's disk,
// now without a request queue's scheduler, so sysfs has no queue/ for it,
// and the disk statistics, which the request path keeps, stay zero after
// an O_DIRECT write and read.
// (Trailing spaces, which lsmod prints, are trimmed here because go doc
// would lose them.)
func Example() {
	k, _ := blockdev.Boot(blockdev.Config{Seed: 1})
	sh := shell.New(k, shell.Options{Module: Module, Step: 3})
	defer sh.Close()
	out := sh.RunTranscript(`# insmod simp_blkdev.ko
# lsmod
# ls /sys/block/simp_blkdev
# dd if=/etc/passwd of=/dev/simp_blkdev bs=512 count=2 oflag=direct
# dd if=/dev/simp_blkdev of=/dev/null bs=512 count=2 iflag=direct
# cat /sys/block/simp_blkdev/stat
`)
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		fmt.Println(strings.TrimRight(line, " "))
	}
	// Output:
	// # insmod simp_blkdev.ko
	// # lsmod
	// Module                  Size  Used by
	// simp_blkdev         16784008  0
	// # ls /sys/block/simp_blkdev
	// dev  holders  range  removable  size  slaves  stat  subsystem  uevent
	// # dd if=/etc/passwd of=/dev/simp_blkdev bs=512 count=2 oflag=direct
	// 2+0 records in
	// 2+0 records out
	// 1024 bytes (1.0 kB) copied, 8.7024e-05 seconds, 12 MB/s
	// # dd if=/dev/simp_blkdev of=/dev/null bs=512 count=2 iflag=direct
	// 2+0 records in
	// 2+0 records out
	// 1024 bytes (1.0 kB) copied, 8.7024e-05 seconds, 12 MB/s
	// # cat /sys/block/simp_blkdev/stat
	//        0        0        0        0        0        0        0        0        0        0        0
}
