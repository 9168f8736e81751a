package exercise_test

import (
	"fmt"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/fault"
	"simpblkdev/exercises/exercise"
	"simpblkdev/step01_array"
)

// A check loads the driver and opens its disk; each step that fails says
// so in the words the student reads.
func Example() {
	k, b, err := exercise.LoadOpen(step01array.Module)
	fmt.Println("load and open:", err)
	fmt.Println("rmmod while open:", exercise.Rmmod(k))
	b.Close()
	fmt.Println("rmmod:", exercise.Rmmod(k))
	fmt.Println("rmmod again:", exercise.Rmmod(k))
	_, err = exercise.OpenDisk(k)
	fmt.Println("open with no driver:", err)

	k, _ = blockdev.Boot(blockdev.Config{Seed: 1})
	k.Fault.FailNth(fault.Queue, 1)
	err = exercise.Insmod(k, step01array.Module)
	first, log, _ := strings.Cut(err.Error(), "\n")
	fmt.Println("insmod with blk_init_queue failing:", first)
	fmt.Println("then the kernel log:", log == k.Dmesg())
	// Output:
	// load and open: <nil>
	// rmmod while open: rmmod: Resource temporarily unavailable
	// rmmod: <nil>
	// rmmod again: rmmod: No such file or directory
	// open with no driver: open /dev/simp_blkdev: No such file or directory
	// insmod with blk_init_queue failing: insmod: Cannot allocate memory
	// then the kernel log: true
}
