package step06radix

import _ "embed" // the chapter's session

// Title is how blksim tour announces the chapter.
const Title = "Chapter 6: a radix tree of pages — the 16 MiB array leaves the module core"

// Session is the chapter's shell session as blksim prints it (the golden
// file testdata/ch06-radix.txt): commands after "# ", their output
// below.
//
//go:embed testdata/ch06-radix.txt
var Session string
