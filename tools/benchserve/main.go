//go:build linux

// Command benchserve times what the real kernel does on a chapter's disk
// served by blksim serve, against the same on a plain image file and on
// the kernel's brd RAM disk, in one run, and prints the ratios:
//
//	sudo go run ./tools/benchserve [--step N]
//
// The operations are a real mkfs.ext3 and a sequential dd, written and
// read back with O_DIRECT, of the whole device, whose size is the
// chapter's disk (the image and brd are made the same size). The routes:
// the image attached with losetup; brd's /dev/ram0 where modprobe brd
// works; blksim serve --fuse attached with losetup; and blksim serve
// --nbd, which needs an NBD block device to mkfs (there is no nbd module
// here), so only its dd is timed, with nbdcopy. It needs root, losetup,
// mkfs.ext3 and dd, and nbdcopy for the NBD route. It is not part of go
// test: it takes tens of seconds and changes the machine's loop devices.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"simpblkdev/blockdev"
	"simpblkdev/internal/chapters"
	"simpblkdev/internal/serve"
)

// result is the times of one route, 0 where it cannot run.
type result struct {
	route             string
	mkfs, write, read time.Duration
	note              string
}

func main() {
	step := flag.Int("step", chapters.Latest().Step, "the chapter whose driver serves the disk")
	rounds := flag.Int("rounds", 3, "runs of each operation; the best is kept")
	flag.Parse()
	if err := bench(*step, *rounds); err != nil {
		fmt.Fprintln(os.Stderr, "benchserve:", err)
		os.Exit(1)
	}
}

func bench(step, rounds int) error {
	ch, ok := chapters.Find(step)
	if !ok {
		return fmt.Errorf("no step %d", step)
	}
	m, err := serve.Start(blockdev.Config{Seed: 1}, ch.Module, nil)
	if err != nil {
		return err
	}
	defer m.Close()
	size := m.Whole().Size()
	tmp, err := os.MkdirTemp("", "benchserve")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	fmt.Printf("benchserve: step %d (%s), devices of %d MiB, best of %d\n\n", step, ch.Package, size>>20, rounds)

	var results []result
	img := filepath.Join(tmp, "plain.img")
	if err := os.WriteFile(img, nil, 0o644); err != nil {
		return err
	}
	os.Truncate(img, size)
	results = append(results, loopRoute("image+loop", img, size, rounds))
	results = append(results, brdRoute(size, rounds))

	dir := filepath.Join(tmp, "fuse")
	os.Mkdir(dir, 0o755)
	mnt, err := serve.MountFUSE(dir, m)
	if err != nil {
		return err
	}
	results = append(results, loopRoute("serve --fuse+loop", filepath.Join(dir, m.Disk.DiskName), size, rounds))
	if err := mnt.Unmount(); err != nil {
		return err
	}
	results = append(results, nbdRoute(m, tmp, size, rounds))
	printResults(results)
	return nil
}

// loopRoute times the operations on a loop device over file.
func loopRoute(name, file string, size int64, rounds int) result {
	out, err := tool("losetup", "-f", "--show", file)
	if err != nil {
		return result{route: name, note: "losetup: " + out}
	}
	dev := strings.TrimSpace(out)
	defer tool("losetup", "-d", dev)
	return blockRoute(name, dev, size, rounds)
}

// brdRoute times the operations on brd's /dev/ram0, made as large as the
// chapter's disk.
func brdRoute(size int64, rounds int) result {
	name := "brd"
	if _, err := os.Stat("/dev/ram0"); err == nil {
		return result{route: name, note: "/dev/ram0 exists already; not reloading brd"}
	}
	if out, err := tool("modprobe", "brd", "rd_nr=1", fmt.Sprintf("rd_size=%d", size>>10)); err != nil {
		return result{route: name, note: fmt.Sprintf("modprobe brd: %v %s", err, strings.TrimSpace(out))}
	}
	defer tool("rmmod", "brd")
	return blockRoute(name, "/dev/ram0", size, rounds)
}

// blockRoute times mkfs.ext3 and dd on a block device.
func blockRoute(name, dev string, size int64, rounds int) result {
	r := result{route: name}
	count := fmt.Sprint(size >> 20)
	r.mkfs = best(rounds, "mkfs.ext3", "-q", "-F", dev)
	r.write = best(rounds, "dd", "if=/dev/zero", "of="+dev, "bs=1M", "count="+count, "oflag=direct", "status=none")
	r.read = best(rounds, "dd", "if="+dev, "of=/dev/null", "bs=1M", "count="+count, "iflag=direct", "status=none")
	return r
}

// nbdRoute times the dd of the NBD export with nbdcopy.
func nbdRoute(m *serve.Machine, tmp string, size int64, rounds int) result {
	r := result{route: "serve --nbd (nbdcopy)", note: "no mkfs: no /dev/nbd* here"}
	if _, err := exec.LookPath("nbdcopy"); err != nil {
		r.note = "nbdcopy missing (Debian: libnbd-bin)"
		return r
	}
	s, err := serve.ListenNBD("127.0.0.1:0", false, m)
	if err != nil {
		r.note = err.Error()
		return r
	}
	defer s.Close()
	url := "nbd://" + s.Addr().String()
	zeros := filepath.Join(tmp, "zeros.img")
	os.WriteFile(zeros, make([]byte, size), 0o644)
	r.write = best(rounds, "nbdcopy", zeros, url)
	r.read = best(rounds, "nbdcopy", url, "null:")
	return r
}

// best runs a tool rounds times and returns its fastest run, or 0 if it
// failed.
func best(rounds int, name string, args ...string) time.Duration {
	var min time.Duration
	for range rounds {
		start := time.Now()
		if out, err := tool(name, args...); err != nil {
			fmt.Fprintf(os.Stderr, "benchserve: %s %s: %v\n%s", name, strings.Join(args, " "), err, out)
			return 0
		}
		if d := time.Since(start); min == 0 || d < min {
			min = d
		}
	}
	return min
}

// tool runs a tool for at most two minutes.
func tool(name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	return string(out), err
}

// printResults prints the times and each route's ratio to the image's and
// to brd's.
func printResults(results []result) {
	base := map[string]result{}
	for _, r := range results {
		base[r.route] = r
	}
	fmt.Printf("%-22s %12s %12s %12s\n", "route", "mkfs.ext3", "dd write", "dd read")
	for _, r := range results {
		fmt.Printf("%-22s %12s %12s %12s  %s\n", r.route, ms(r.mkfs), ms(r.write), ms(r.read), r.note)
	}
	for _, against := range []string{"image+loop", "brd"} {
		b := base[against]
		if b.write == 0 {
			continue
		}
		fmt.Printf("\nratio to %s:\n", against)
		for _, r := range results {
			if r.route == against {
				continue
			}
			fmt.Printf("%-22s %12s %12s %12s\n", r.route, ratio(r.mkfs, b.mkfs), ratio(r.write, b.write), ratio(r.read, b.read))
		}
	}
}

func ms(d time.Duration) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
}

func ratio(d, base time.Duration) string {
	if d == 0 || base == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1fx", float64(d)/float64(base))
}
