package golden

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestEveryTestBinaryHasTheFlag: every test binary of the module links this
// package, so that `go test ./... -update` works from the root. A new
// package whose tests keep no golden file needs the blank import.
func TestEveryTestBinaryHasTheFlag(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH: cannot list the module's test binaries")
	}
	// go test caches a passing result by the files the test opened; what
	// go list reads is not among them, so open the module's test files
	// here, and a new or edited one runs this test again.
	filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, "_test.go") {
			os.Stat(path)
		}
		return nil
	})
	cmd := exec.Command(goTool, "list", "-test", "-f", "{{.ImportPath}} {{join .Deps \" \"}}", "simpblkdev/...")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const self = "simpblkdev/internal/golden"
	binaries := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		if !strings.HasSuffix(fields[0], ".test") {
			continue
		}
		binaries++
		if !slices.Contains(fields[1:], self) {
			t.Errorf("%s does not link %s, so go test ./... -update fails in it: add\n\t_ %q // accepts go test ./... -update\nto the imports of its main test file", fields[0], self, self)
		}
	}
	if binaries == 0 {
		t.Fatalf("go list found no test binaries:\n%s", out)
	}
}
