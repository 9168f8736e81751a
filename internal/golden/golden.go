// Package golden owns the -update flag of the module's tests. `go test
// ./... -update` (the README's command) passes -update to every test binary
// of the module, and a binary that does not define it fails, so the flag
// must be linked into all of them: the chapter tests get it through ktest,
// whose golden-file helpers read it, and a package whose tests keep no
// golden file imports this package, blank, in its main test file. The flag
// is defined here once, so that every binary describes it the same way and
// new packages have one line to copy, not a definition.
package golden

import "flag"

// Update reports whether golden files are to be rewritten instead of
// compared (the convention of go/printer's tests). Read the diff before
// committing a rewrite: a golden file is a claim.
var Update = flag.Bool("update", false, "rewrite golden files in testdata/ instead of comparing (packages without golden files accept and ignore it)")
