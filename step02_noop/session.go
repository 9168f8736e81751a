package step02noop

import _ "embed" // the chapter's session

// Title is how blksim tour announces the chapter.
const Title = "Chapter 2: a lighter I/O scheduler — switching the queue to noop"

// Session is the chapter's shell session as blksim prints it (the golden
// file testdata/ch02-noop.txt): commands after "# ", their output below.
//
//go:embed testdata/ch02-noop.txt
var Session string
