package main

import (
	"simpblkdev/blksim"
	ex "simpblkdev/exercises/ch01-cleanup"
)

func main() { blksim.Main(blksim.Driver{Step: 1, Module: ex.Module}) }
