package step05getgeo

import _ "embed" // the chapter's session

// Title is how blksim tour announces the chapter.
const Title = "Chapter 5: getgeo — 1 head, 32 sectors, 1024 cylinders (and a precedence bug)"

// Session is the chapter's shell session as blksim prints it (the golden
// file testdata/ch05-getgeo.txt): commands after "# ", their output
// below.
//
//go:embed testdata/ch05-getgeo.txt
var Session string
