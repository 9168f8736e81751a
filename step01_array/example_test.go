package step01array

import (
	"fmt"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/shell"
)

// The chapter's driver loaded on the simulated machine: a 16 MiB disk whose
// array makes the module 16 MiB big, served through the default scheduler.
// (Trailing spaces, which lsmod and the scheduler file print, are trimmed
// here because go doc would lose them.)
func Example() {
	k, _ := blockdev.Boot(blockdev.Config{Seed: 1})
	sh := shell.New(k, shell.Options{Module: Module, Step: 1})
	defer sh.Close()
	out := sh.RunTranscript(`# insmod simp_blkdev.ko
# lsmod
# cat /sys/block/simp_blkdev/size
# cat /sys/block/simp_blkdev/queue/scheduler
`)
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		fmt.Println(strings.TrimRight(line, " "))
	}
	// Output:
	// # insmod simp_blkdev.ko
	// # lsmod
	// Module                  Size  Used by
	// simp_blkdev         16784008  0
	// # cat /sys/block/simp_blkdev/size
	// 32768
	// # cat /sys/block/simp_blkdev/queue/scheduler
	// noop anticipatory deadline [cfq]
}
