package step04partitions

import _ "embed" // the chapter's session

// Title is how blksim tour announces the chapter.
const Title = "Chapter 4: partitions — alloc_disk(64), and fdisk on a disk of 2 cylinders"

// Session is the chapter's shell session as blksim prints it (the golden
// file testdata/ch04-partitions.txt): commands after "# ", their output
// below.
//
//go:embed testdata/ch04-partitions.txt
var Session string
