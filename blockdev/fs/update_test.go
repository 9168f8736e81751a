package fs

import (
	"flag"
)

// This package has no golden files, but `go test ./... -update` passes
// -update to every test binary, so it must accept the flag.
var _ = flag.Bool("update", false, "rewrite golden files (none in this package)")
