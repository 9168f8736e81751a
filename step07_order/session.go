package step07order

import _ "embed" // the chapter's session

// Title is how blksim tour announces the chapter.
const Title = "Chapter 7: order-2 segments — and what /proc/buddyinfo says about them"

// Session is the chapter's shell session as blksim prints it (the golden
// file testdata/ch07-order.txt): commands after "# ", their output
// below.
//
//go:embed testdata/ch07-order.txt
var Session string
