package step09zero

import _ "embed" // the chapter's session

// Title is how blksim tour announces the chapter.
const Title = "Chapter 9: __GFP_ZERO — a new disk no longer shows what the last user left"

// Session is the chapter's shell session as blksim prints it (the golden
// file testdata/ch09-zero.txt): commands after "# ", their output
// below.
//
//go:embed testdata/ch09-zero.txt
var Session string
