package serve

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"simpblkdev/blockdev"
	_ "simpblkdev/internal/golden" // accepts go test ./... -update
)

// toolTimeout bounds every real tool a test runs: none may hang the suite.
const toolTimeout = 60 * time.Second

// needTools skips t unless every tool is on PATH.
func needTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("needs %s, which is not on PATH (Debian: %s)", tool, debianPackage(tool))
		}
	}
}

// debianPackage is where a tool comes from, for a skip message.
func debianPackage(tool string) string {
	switch tool {
	case "qemu-io", "qemu-img":
		return "qemu-utils"
	case "nbdcopy", "nbdinfo":
		return "libnbd-bin"
	case "mkfs.ext3", "e2fsck":
		return "e2fsprogs"
	default:
		return "util-linux or mount"
	}
}

// run runs a tool, bounded in time, and returns its combined output.
func run(name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), toolTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	return string(out), err
}

// runStdin is run with stdin.
func runStdin(stdin, name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), toolTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// mustRun is run, failing t if the tool fails.
func mustRun(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := run(name, args...)
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return out
}

// startMachine boots a machine with module loaded; it is closed when t ends.
func startMachine(t *testing.T, module *blockdev.ModuleInfo, params ...string) *Machine {
	t.Helper()
	m, err := Start(blockdev.Config{Seed: 1}, module, params)
	if err != nil {
		t.Fatal(err)
	}
	m.Logf = t.Logf
	t.Cleanup(func() { m.Close() })
	return m
}
