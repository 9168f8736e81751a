package shell

// A shell drives a machine built as the tutorial's kernel is, with its four
// I/O schedulers: linking them here gives every program and test that uses
// the shell kernels that have them (blockdev.Boot finds what is linked).
import _ "simpblkdev/blockdev/iosched"
