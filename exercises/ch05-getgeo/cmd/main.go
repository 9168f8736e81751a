// Command cmd is blksim with exercise ch05-getgeo's driver as simp_blkdev.ko,
// from chapter 5's directory: go run ./exercises/ch05-getgeo/cmd (README.md).
package main

import (
	"simpblkdev/blksim"
	ex "simpblkdev/exercises/ch05-getgeo"
)

func main() { blksim.Main(blksim.Driver{Step: 5, Module: ex.Module}) }
