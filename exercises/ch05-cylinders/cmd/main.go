// Command cmd is blksim with exercise ch05-cylinders's driver as simp_blkdev.ko,
// from chapter 5's directory: go run ./exercises/ch05-cylinders/cmd (README.md).
package main

import (
	"simpblkdev/blksim"
	ex "simpblkdev/exercises/ch05-cylinders"
)

func main() { blksim.Main(blksim.Driver{Step: 5, Module: ex.Module}) }
