package blksim

import (
	"fmt"
	"runtime/debug"

	"simpblkdev/blockdev"
)

func (c *cli) versionCmd() subcommand {
	return subcommand{
		name:    "version",
		what:    "version prints " + c.name + "'s module and version as Go recorded them at build time (with the commit, when built from a checkout), then the release of the kernel it simulates.",
		example: c.invoke + " version",
	}
}

// version prints what the binary is and what kernel it simulates.
func (c *cli) version(args []string) int {
	sc := c.versionCmd()
	fs := bareFlagSet(sc)
	if done, status := c.parseFlags(fs, sc, args); done {
		return status
	}
	if fs.NArg() != 0 {
		return c.failf(sc.name, "takes no arguments")
	}
	fmt.Fprintf(c.stdout, "%s %s\nsimulated kernel: Linux %s\n", c.name, buildVersion(), blockdev.UtsRelease)
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
