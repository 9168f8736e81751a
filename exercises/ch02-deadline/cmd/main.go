package main

import (
	"simpblkdev/blksim"
	ex "simpblkdev/exercises/ch02-deadline"
)

func main() { blksim.Main(blksim.Driver{Step: 2, Module: ex.Module}) }
