package shell

import (
	"fmt"

	"simpblkdev/blockdev"
)

// hdparm 6.6 (RHEL5) -g: the kernel's geometry as HDIO_GETGEO returns it,
// cylinders included. It is the one tool of the box that prints
// hd_geometry.cylinders, so chapter 5's precedence bug shows here and
// nowhere else (fdisk and sfdisk divide the size themselves). hdparm first
// tries HDIO_GETGEO_BIG, which 2.6.18 block devices do not implement, and
// falls back to HDIO_GETGEO; the sectors come from BLKGETSIZE64.

func init() {
	commands["hdparm"] = command{run: hdparmCmd, synopsis: "hdparm -g DEVICE...  print the kernel's geometry of a disk (hdparm 6.6)"}
}

func hdparmCmd(p *proc) int {
	opts, devs, err := getopt(p.args, "gV")
	if err != nil || len(opts) == 0 {
		if err != nil {
			fmt.Fprintf(p.err, "hdparm: %v\n", err)
		}
		fmt.Fprint(p.err, "\nhdparm - get/set hard disk parameters - version v6.6\n\n"+
			"Usage:  hdparm  [options] [device] ..\n\n"+
			"Options:\n"+
			" -g   display drive geometry\n"+
			" -V   display program version and exit immediately\n"+
			"(the simulator models -g only)\n")
		return 1
	}
	for _, o := range opts {
		if o.c == 'V' {
			fmt.Fprintln(p.out, "hdparm v6.6")
			return 0
		}
	}
	status := 0
	for _, dev := range devs {
		b, err := p.s.ns.openDev(p.files, p.s.abs(dev))
		if err != nil {
			fmt.Fprintf(p.err, "%s: %s\n", dev, errText(err))
			status = 1
			continue
		}
		fmt.Fprintf(p.out, "\n%s:\n", dev)
		var bytes uint64
		serr := b.Ioctl(blockdev.BLKGETSIZE64, &bytes)
		var gerr error
		var g blockdev.HdGeometry
		if serr == nil {
			g, gerr = kernelGeometry(b.BlockDevice)
		}
		b.Close()
		switch {
		case serr != nil:
			fmt.Fprintf(p.err, " BLKGETSIZE failed: %s\n", errText(serr))
			status = 1
		case gerr != nil:
			fmt.Fprintf(p.err, " HDIO_GETGEO failed: %s\n", errText(gerr))
			status = 1
		default:
			fmt.Fprintf(p.out, " geometry      = %d/%d/%d, sectors = %d, start = %d\n",
				g.Cylinders, g.Heads, g.Sectors, bytes>>9, int32(g.Start))
		}
	}
	return status
}
