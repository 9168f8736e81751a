package blksim

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
)

// programName is what a student's command calls itself: name in usage
// and error lines, invoke in usage lines and examples. A command built in
// this module (go run ./exercises/ch03-reada/cmd) is its main package's
// directory in the module, "exercises/ch03-reada/cmd", run as "go run
// ./exercises/ch03-reada/cmd": os.Args[0] would be go run's temporary
// binary, named "cmd" for every exercise. A program built otherwise (a
// test binary, a main package outside the module) is the base of
// os.Args[0], run as that.
func programName() (name, invoke string) {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Path != "" && !strings.HasSuffix(bi.Path, ".test") {
		if rel, ok := strings.CutPrefix(bi.Path, bi.Main.Path+"/"); ok {
			return rel, "go run ./" + rel
		}
	}
	base := filepath.Base(os.Args[0])
	return base, base
}
