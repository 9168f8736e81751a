// Command cmd is blksim with the exercise's driver as simp_blkdev.ko:
// go run ./exercises/ch08-tunit/cmd opens the simulated shell (README.md).
package main

import (
	"simpblkdev/blksim"
	ex "simpblkdev/exercises/ch08-tunit"
)

func main() { blksim.Main(blksim.Driver{Step: 8, Module: ex.Module}) }
