// Command cmd is blksim with exercise ch03-reada's driver as simp_blkdev.ko,
// from chapter 3's directory: go run ./exercises/ch03-reada/cmd (README.md).
package main

import (
	"simpblkdev/blksim"
	ex "simpblkdev/exercises/ch03-reada"
)

func main() { blksim.Main(blksim.Driver{Step: 3, Module: ex.Module}) }
