// Command cmd is blksim with exercise ch04-minors's driver as simp_blkdev.ko,
// from chapter 4's directory: go run ./exercises/ch04-minors/cmd (README.md).
package main

import (
	"simpblkdev/blksim"
	ex "simpblkdev/exercises/ch04-minors"
)

func main() { blksim.Main(blksim.Driver{Step: 4, Module: ex.Module}) }
