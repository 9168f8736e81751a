package step08params

import _ "embed" // the chapter's session

// Title is how blksim tour announces the chapter.
const Title = "Chapter 8: the size parameter — insmod simp_blkdev.ko size=20M"

// Session is the chapter's shell session as blksim prints it (the golden
// file testdata/ch08-params.txt): commands after "# ", their output
// below.
//
//go:embed testdata/ch08-params.txt
var Session string
