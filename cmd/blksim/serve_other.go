//go:build !linux

package main

import "io"

// serveDisk refuses on a system other than Linux: serve's FUSE mount and
// the loop devices its files are for are Linux's (go-fuse does not build
// for Windows), and one command that works only in part would be a trap.
func serveDisk(args []string, stdout, stderr io.Writer) int {
	return failf(stderr, "serve", "needs Linux (FUSE and loop devices)")
}
