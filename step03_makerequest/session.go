package step03makerequest

import _ "embed" // the chapter's session

// Title is how blksim tour announces the chapter.
const Title = "Chapter 3: no I/O scheduler — the driver's own make_request, bio by bio"

// Session is the chapter's shell session as blksim prints it (the golden
// file testdata/ch03-makerequest.txt): commands after "# ", their output
// below.
//
//go:embed testdata/ch03-makerequest.txt
var Session string
