package blksim

// blksim's machines have the kernel's four I/O schedulers, as the tutorial's
// kernel has (blockdev.Boot finds what is linked).
import _ "simpblkdev/blockdev/iosched"
