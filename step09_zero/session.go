package step09zero

import "embed" // the chapter's sessions

// Title is how blksim tour announces the chapter.
const Title = "Chapter 9: __GFP_ZERO — a new disk no longer shows what the last user left"

// Session is the chapter's shell session as blksim prints it (the golden
// file testdata/ch09-zero.txt): commands after "# ", their output
// below.
//
//go:embed testdata/ch09-zero.txt
var Session string

// Sessions holds the chapter's transcripts of the shared sessions
// (../testdata/sessions) that apply to it, as TestCorpus checks them:
// testdata/sessions/NAME.txt. A transcript replays as its own script, so
// a student's command replays them on its driver and shows where it
// differs from the chapter's (blksim corpus).
//
//go:embed testdata/sessions/*.txt
var Sessions embed.FS
