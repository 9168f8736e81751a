package quiz

import (
	"fmt"
	"strconv"
	"strings"

	"simpblkdev/blockdev"
	_ "simpblkdev/blockdev/iosched" // the kernel's four schedulers, as blksim's machines have them
	"simpblkdev/blockdev/mm"
)

// quizSeed is the machine every scheduler and bio problem runs on: the
// bios, not the boot state, are what such a problem varies.
const quizSeed = 1

// diskStat is /sys/block/simp_blkdev/stat's first six fields: reads,
// reads merged, sectors read, ms reading, writes, writes merged.
type diskStat struct {
	reads, readMerges, writes, writeMerges int
}

func (s diskStat) requests() int { return s.reads + s.writes }
func (s diskStat) merges() int   { return s.readMerges + s.writeMerges }

// runResult is what one run of a bio list left: what the driver saw, and
// what the stat file says.
type runResult struct {
	log  []seen
	stat diskStat
	raw  string // the stat line as cat shows it
}

// runBios loads module (one of the recording drivers, which keeps its log
// in rec) on a fresh machine, writes scheduler (if not "") to
// /sys/block/simp_blkdev/queue/scheduler as a user would, and submits the
// bios at their jiffies, each by its process. Nobody waits for a bio until
// the last is submitted, as with read-ahead and write-back; then every
// process waits for its I/O, which unplugs the queue, and time passes until
// the last bio has ended.
func runBios(module *blockdev.ModuleInfo, rec *recorder, scheduler string, bios []bioSpec) (runResult, error) {
	k, err := blockdev.Boot(blockdev.Config{Seed: quizSeed})
	if err != nil {
		return runResult{}, err
	}
	if _, err := k.InitModule(module, ""); err != nil {
		return runResult{}, fmt.Errorf("insmod: %v", err)
	}
	if scheduler != "" {
		n, err := k.Lstat("/sys/block/" + recDiskname + "/queue/scheduler")
		if err == nil {
			err = n.Write(scheduler)
		}
		if err != nil {
			return runResult{}, fmt.Errorf("echo %s > /sys/block/%s/queue/scheduler: %v", scheduler, recDiskname, err)
		}
	}
	bdev, err := k.Open("/dev/" + recDiskname)
	if err != nil {
		return runResult{}, err
	}
	defer bdev.Close()

	tasks := map[int]*blockdev.Task{}
	for _, p := range procs {
		tasks[p.pid] = &blockdev.Task{Pid: p.pid, Comm: p.comm}
	}
	ended := 0
	start := k.Jiffies()
	rec.t0 = start
	for i, b := range bios {
		if now := k.Jiffies() - start; b.At > now {
			k.Sleep(b.At - now)
		}
		bio := blockdev.BioAlloc(int(b.Count / 8))
		for p := uint32(0); p < b.Count/8; p++ {
			pg := k.Mem.AllocPages(mm.GFP_KERNEL, 0)
			if pg == nil {
				return runResult{}, fmt.Errorf("out of pages for bio %d", i+1)
			}
			defer k.Mem.FreePages(pg, 0)
			blockdev.BioAddPage(bio, pg, mm.PAGE_SIZE, 0)
		}
		bio.BiSector = b.Sector
		bio.BiBdev = bdev
		bio.BiPrivate = i + 1
		bio.BiEndIo = func(*blockdev.Bio, blockdev.Errno) { ended++ }
		rw := uint64(blockdev.READ)
		if b.Write {
			rw = blockdev.WRITE
		}
		k.SubmitBio(tasks[b.Pid], rw, bio)
	}
	q := bdev.BdDisk.Queue
	for tick := 0; ended < len(bios); tick++ {
		if tick == 1000 {
			return runResult{}, fmt.Errorf("%d of %d bios never ended", len(bios)-ended, len(bios))
		}
		blockdev.GenericUnplugDevice(q)
		if ended < len(bios) {
			k.Sleep(1)
		}
	}
	n, err := k.Lstat("/sys/block/" + recDiskname + "/stat")
	if err != nil {
		return runResult{}, err
	}
	raw, err := n.Show()
	if err != nil {
		return runResult{}, err
	}
	st, err := parseStat(raw)
	if err != nil {
		return runResult{}, err
	}
	return runResult{log: rec.log, stat: st, raw: strings.TrimRight(raw, "\n")}, nil
}

// parseStat reads the stat file's fields.
func parseStat(s string) (diskStat, error) {
	f := strings.Fields(s)
	if len(f) < 6 {
		return diskStat{}, fmt.Errorf("stat %q: want 11 fields", s)
	}
	var v [6]int
	for i := range v {
		n, err := strconv.Atoi(f[i])
		if err != nil {
			return diskStat{}, fmt.Errorf("stat %q: %v", s, err)
		}
		v[i] = n
	}
	return diskStat{reads: v[0], readMerges: v[1], writes: v[4], writeMerges: v[5]}, nil
}

// runRequestBased runs bios on chapter 1's driver (chapter 2's when noop)
// with scheduler written to queue/scheduler first ("" keeps the chapter's).
func runRequestBased(noop bool, scheduler string, bios []bioSpec) (runResult, error) {
	rec := &recorder{}
	return runBios(requestModule(noop, rec), rec, scheduler, bios)
}

// runBioBased runs bios on chapter 3's make_request driver.
func runBioBased(bios []bioSpec) (runResult, error) {
	rec := &recorder{}
	return runBios(bioModule(rec), rec, "", bios)
}
