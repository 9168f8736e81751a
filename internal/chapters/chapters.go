// Package chapters lists the tutorial's chapters that exist as step
// packages, in order, for blksim.
package chapters

import (
	"io/fs"

	"simpblkdev/blockdev"
	step01 "simpblkdev/step01_array"
	step02 "simpblkdev/step02_noop"
	step03 "simpblkdev/step03_makerequest"
	step04 "simpblkdev/step04_partitions"
	step05 "simpblkdev/step05_getgeo"
	step06 "simpblkdev/step06_radix"
	step07 "simpblkdev/step07_order"
	step08 "simpblkdev/step08_params"
	step09 "simpblkdev/step09_zero"
)

// Chapter is one step package: its driver and its session.
type Chapter struct {
	Step    int
	Package string // the directory, e.g. "step01_array"
	Title   string
	Module  *blockdev.ModuleInfo
	Session string // the golden transcript of the chapter's session
	// Sessions holds the chapter's golden transcripts of the shared
	// sessions, as testdata/sessions/NAME.txt.
	Sessions fs.FS
}

// All lists the chapters in order.
var All = []Chapter{
	{1, "step01_array", step01.Title, step01.Module, step01.Session, step01.Sessions},
	{2, "step02_noop", step02.Title, step02.Module, step02.Session, step02.Sessions},
	{3, "step03_makerequest", step03.Title, step03.Module, step03.Session, step03.Sessions},
	{4, "step04_partitions", step04.Title, step04.Module, step04.Session, step04.Sessions},
	{5, "step05_getgeo", step05.Title, step05.Module, step05.Session, step05.Sessions},
	{6, "step06_radix", step06.Title, step06.Module, step06.Session, step06.Sessions},
	{7, "step07_order", step07.Title, step07.Module, step07.Session, step07.Sessions},
	{8, "step08_params", step08.Title, step08.Module, step08.Session, step08.Sessions},
	{9, "step09_zero", step09.Title, step09.Module, step09.Session, step09.Sessions},
}

// Find returns chapter n.
func Find(n int) (Chapter, bool) {
	for _, c := range All {
		if c.Step == n {
			return c, true
		}
	}
	return Chapter{}, false
}

// Latest returns the last chapter.
func Latest() Chapter { return All[len(All)-1] }
