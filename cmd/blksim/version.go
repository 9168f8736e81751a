package main

import (
	"fmt"
	"io"
	"runtime/debug"

	"simpblkdev/blockdev"
)

var versionCmd = subcommand{
	name:    "version",
	what:    "version prints blksim's module and version as Go recorded them at build time (with the commit, when built from a checkout), then the release of the kernel it simulates.",
	example: "blksim version",
}

// version prints what the binary is and what kernel it simulates.
func version(args []string, stdout, stderr io.Writer) int {
	fs := bareFlagSet(versionCmd)
	if done, status := parseFlags(fs, versionCmd, args, stdout, stderr); done {
		return status
	}
	if fs.NArg() != 0 {
		return failf(stderr, versionCmd.name, "takes no arguments")
	}
	fmt.Fprintf(stdout, "blksim %s\nsimulated kernel: Linux %s\n", buildVersion(), blockdev.UtsRelease)
	return 0
}

// buildVersion is the main module's path and version from the build
// information, with the commit and whether the tree was modified when the
// build recorded them.
func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(no build information)"
	}
	mod, v := bi.Main.Path, bi.Main.Version
	if mod == "" {
		mod = bi.Path
	}
	if v == "" {
		v = "(devel)"
	}
	s := mod + " " + v
	var rev, modified string
	for _, kv := range bi.Settings {
		switch kv.Key {
		case "vcs.revision":
			rev = kv.Value
		case "vcs.modified":
			modified = kv.Value
		}
	}
	if rev != "" {
		s += " (" + rev
		if modified == "true" {
			s += ", modified"
		}
		s += ")"
	}
	return s + ", " + bi.GoVersion
}
