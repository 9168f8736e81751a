//go:build linux

package blksim

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"simpblkdev/internal/serve"
)

func (c *cli) serveCmd() subcommand {
	example := "blksim serve --step 1 --fuse /tmp/sb &\nlosetup -f --show /tmp/sb/simp_blkdev\nblksim serve --step 3 --nbd 127.0.0.1:10809"
	if c.own != nil {
		example = c.invoke + " serve --fuse /tmp/sb &\nlosetup -f --show /tmp/sb/simp_blkdev\n" + c.invoke + " serve --nbd 127.0.0.1:10809"
	}
	return subcommand{
		name: "serve",
		args: " [name=value...]",
		what: "serve boots the machine, loads the chapter's simp_blkdev.ko with the given parameters, and lets the real kernel use its disk: " +
			"with --fuse DIR as the file DIR/simp_blkdev (and DIR/simp_blkdev1... for its partitions, following re-reads), for losetup, mkfs.ext3 and mount; " +
			"with --nbd ADDR as NBD exports (the default one is the whole disk, each partition is also an export of its name). " +
			"Every read and write is direct I/O through the simulated block layer to the chapter's driver. " +
			"SIGUSR1 prints the simulated dmesg and the I/O counters, as the exit does; SIGINT or SIGTERM stops, " +
			"but not while a loop device still holds a file in DIR.",
		example: example,
	}
}

// serveFlags are serve's own flags.
type serveFlags struct {
	fuseDir   string
	nbdAddr   string
	listenAny bool
}

// serveDisk runs blksim serve: it returns when the mount is gone and the
// listener closed, with 0, or at once with 2 for bad input or a busy
// mount point or port.
func (c *cli) serveDisk(args []string) int {
	stdout, stderr := c.stdout, c.stderr
	sc := c.serveCmd()
	var mf machineFlags
	var sf serveFlags
	fs := bareFlagSet(sc)
	c.addMachineFlags(fs, &mf)
	fs.StringVar(&sf.fuseDir, "fuse", "", "mount the disk's files in `DIR` (FUSE)")
	fs.StringVar(&sf.nbdAddr, "nbd", "", "serve the disk over NBD on `ADDR`, e.g. 127.0.0.1:10809")
	fs.BoolVar(&sf.listenAny, "listen-any", false, "let --nbd listen on an address that is not loopback")
	if done, status := c.parseFlags(fs, sc, args); done {
		return status
	}
	fail := func(err error) int { return c.failf("serve", "%v", err) }
	if sf.fuseDir == "" && sf.nbdAddr == "" {
		return fail(errors.New("nothing to serve on: want --fuse DIR, --nbd ADDR or both"))
	}
	params := fs.Args()
	for _, p := range params {
		if !strings.Contains(p, "=") || strings.HasPrefix(p, "=") {
			return fail(fmt.Errorf("%q is not a module parameter: want name=value", p))
		}
	}
	cfg, ch, err := c.config(&mf)
	if err != nil {
		return fail(err)
	}
	status := newStatusLine(stderr)
	m, err := serve.Start(cfg, ch.Module, params)
	if err != nil {
		return fail(err)
	}
	say := func(format string, args ...any) { status.say(c.name+" serve: "+format, args...) }
	m.Logf = say
	status.stats = m.Stats
	var nbd *serve.NBDServer
	if sf.nbdAddr != "" {
		if nbd, err = serve.ListenNBD(sf.nbdAddr, sf.listenAny, m); err != nil {
			m.Close()
			return fail(err)
		}
	}
	var mnt *serve.FUSEMount
	unmounted := make(chan struct{})
	if sf.fuseDir != "" {
		if mnt, err = serve.MountFUSE(sf.fuseDir, m); err != nil {
			if nbd != nil {
				nbd.Close()
			}
			m.Close()
			return fail(err)
		}
		go func() { mnt.Wait(); close(unmounted) }()
	}
	announce(say, ch.Step, c.source(ch), m, mnt, nbd)
	status.start()

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGUSR1)
	defer signal.Stop(sigs)
wait:
	for {
		select {
		case <-unmounted:
			say("%s was unmounted", mnt.Dir)
			break wait
		case sig := <-sigs:
			if sig == syscall.SIGUSR1 {
				status.report(stdout, m)
				continue
			}
			if mnt == nil {
				break wait
			}
			if err := mnt.Unmount(); err != nil {
				say("not stopping: %v", err)
				continue
			}
			<-unmounted
			break wait
		}
	}
	if nbd != nil {
		nbd.Close()
	}
	if err := m.Close(); err != nil {
		say("close /dev/%s: %v", m.Disk.DiskName, err)
	}
	status.stop()
	m.WriteReport(stdout)
	return 0
}

// announce says, on stderr, what is served where.
func announce(say func(format string, args ...any), step int, pkg string, m *serve.Machine, mnt *serve.FUSEMount, nbd *serve.NBDServer) {
	nodes := m.Nodes()
	say("step %d (%s): /dev/%s, %d bytes", step, pkg, nodes[0].Name, nodes[0].Size)
	if mnt != nil {
		say("FUSE: %s/%s", mnt.Dir, nodes[0].Name)
	}
	if nbd != nil {
		say("NBD: nbd://%s (the default export is /dev/%s)", nbd.Addr(), nodes[0].Name)
	}
	say("SIGUSR1 prints dmesg and the counters; SIGINT or SIGTERM stops")
}
