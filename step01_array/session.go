package step01array

import "embed" // the chapter's sessions

// Title is how blksim tour announces the chapter.
const Title = "Chapter 1: a block device in under 100 lines — a static array behind a request queue"

// Session is the chapter's shell session as blksim prints it (the golden
// file testdata/ch01-array.txt): commands after "# ", their output below.
//
//go:embed testdata/ch01-array.txt
var Session string

// Sessions holds the chapter's transcripts of the shared sessions
// (../testdata/sessions) that apply to it, as TestCorpus checks them:
// testdata/sessions/NAME.txt. A transcript replays as its own script, so
// a student's command replays them on its driver and shows where it
// differs from the chapter's (blksim corpus).
//
//go:embed testdata/sessions/*.txt
var Sessions embed.FS
