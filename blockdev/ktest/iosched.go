package ktest

// The machines ktest boots have the kernel's four I/O schedulers, as the
// tutorial's kernel has: linking them here is what gives every chapter test
// a normal boot (blockdev.Boot finds what is linked).
import _ "simpblkdev/blockdev/iosched"
