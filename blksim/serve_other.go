//go:build !linux

package blksim

// serveDisk refuses on a system other than Linux: serve's FUSE mount and
// the loop devices its files are for are Linux's (go-fuse does not build
// for Windows), and one command that works only in part would be a trap.
func (c *cli) serveDisk(args []string) int {
	return c.failf("serve", "needs Linux (FUSE and loop devices)")
}
