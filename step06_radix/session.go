package step06radix

import "embed" // the chapter's sessions

// Title is how blksim tour announces the chapter.
const Title = "Chapter 6: a radix tree of pages — the 16 MiB array leaves the module core"

// Session is the chapter's shell session as blksim prints it (the golden
// file testdata/ch06-radix.txt): commands after "# ", their output
// below.
//
//go:embed testdata/ch06-radix.txt
var Session string

// Sessions holds the chapter's transcripts of the shared sessions
// (../testdata/sessions) that apply to it, as TestCorpus checks them:
// testdata/sessions/NAME.txt. A transcript replays as its own script, so
// a student's command replays them on its driver and shows where it
// differs from the chapter's (blksim corpus).
//
//go:embed testdata/sessions/*.txt
var Sessions embed.FS
