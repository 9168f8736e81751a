package blksim_test

import (
	"fmt"
	"os"
	"strings"

	"simpblkdev/blksim"
	step01array "simpblkdev/step01_array"
)

// A student's command is blksim.Main of its Driver; Run is the same
// without the process. With no command and commands on standard input it
// is the root shell reading a pipe: the session's transcript, with the
// student's driver (here chapter 1's own) as simp_blkdev.ko.
func ExampleRun() {
	d := blksim.Driver{Step: 1, Module: step01array.Module}
	in := strings.NewReader("insmod simp_blkdev.ko\ncat /sys/block/simp_blkdev/dev\n")
	blksim.Run(d, []string{"--host", "none"}, in, os.Stdout, os.Stderr)
	// Output:
	// # insmod simp_blkdev.ko
	// # cat /sys/block/simp_blkdev/dev
	// 72:0
}

// blksim check of a transcript handed out as the specification: the zero
// Driver is blksim itself, the chapters' own drivers, --step choosing.
func ExampleRun_check() {
	handout := strings.NewReader("# insmod simp_blkdev.ko\n# cat /sys/block/simp_blkdev/dev\n72:1\n")
	status := blksim.Run(blksim.Driver{}, []string{"check", "--step", "1", "--host", "none", "-"}, handout, os.Stdout, os.Stderr)
	fmt.Println("exit status", status)
	// Output:
	// --- standard input
	// +++ replayed on step01_array
	// @@ -2,2 +2,2 @@
	//  # cat /sys/block/simp_blkdev/dev
	// -72:1
	// +72:0
	// exit status 1
}
