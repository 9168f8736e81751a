// Command cmd is blksim with the exercise's driver as simp_blkdev.ko:
// go run ./exercises/ch07-segments/cmd opens the simulated shell (README.md).
package main

import (
	"simpblkdev/blksim"
	ex "simpblkdev/exercises/ch07-segments"
)

func main() { blksim.Main(blksim.Driver{Step: 7, Module: ex.Module}) }
