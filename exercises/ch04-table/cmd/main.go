// Command cmd is blksim with exercise ch04-table's driver as simp_blkdev.ko,
// from chapter 4's directory: go run ./exercises/ch04-table/cmd (README.md).
package main

import (
	"simpblkdev/blksim"
	ex "simpblkdev/exercises/ch04-table"
)

func main() { blksim.Main(blksim.Driver{Step: 4, Module: ex.Module}) }
