package step01array

import _ "embed" // the chapter's session

// Title is how blksim tour announces the chapter.
const Title = "Chapter 1: a block device in under 100 lines — a static array behind a request queue"

// Session is the chapter's shell session as blksim prints it (the golden
// file testdata/ch01-array.txt): commands after "# ", their output below.
//
//go:embed testdata/ch01-array.txt
var Session string
