// Command cmd is blksim with the exercise's driver as simp_blkdev.ko:
// go run ./exercises/ch07-order/cmd opens the simulated shell (README.md).
package main

import (
	"simpblkdev/blksim"
	ex "simpblkdev/exercises/ch07-order"
)

func main() { blksim.Main(blksim.Driver{Step: 7, Module: ex.Module}) }
