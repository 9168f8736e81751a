// Command cmd is blksim with the exercise's driver as simp_blkdev.ko:
// go run ./exercises/ch09-lazy/cmd opens the simulated shell (README.md).
package main

import (
	"simpblkdev/blksim"
	ex "simpblkdev/exercises/ch09-lazy"
)

func main() { blksim.Main(blksim.Driver{Step: 9, Module: ex.Module}) }
