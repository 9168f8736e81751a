package ktest

import "simpblkdev/internal/diff"

// UnifiedDiff returns the line differences between a and b in unified
// format with one line of context, or "" when they are equal (diff.Unified,
// which blksim check shares). Step-to-step golden diffs use it: the diff
// between a session on two neighbouring steps is the chapter's lesson.
func UnifiedDiff(aName, bName, a, b string) string {
	return diff.Unified(aName, bName, a, b)
}
