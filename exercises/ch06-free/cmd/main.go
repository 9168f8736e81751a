// Command cmd is blksim with the exercise's driver as simp_blkdev.ko:
// go run ./exercises/ch06-free/cmd opens the simulated shell (README.md).
package main

import (
	"simpblkdev/blksim"
	ex "simpblkdev/exercises/ch06-free"
)

func main() { blksim.Main(blksim.Driver{Step: 6, Module: ex.Module}) }
