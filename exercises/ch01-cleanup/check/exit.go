package check

import (
	"fmt"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/exercises/exercise"
)

// exitSpy is the queue's scheduler with its elevator_exit_fn watched:
// blk_cleanup_queue frees the scheduler (elevator_exit), so the spy runs
// at the moment the driver cleans up its queue.
type exitSpy struct {
	blockdev.ElevatorOps
	atExit func()
}

func (s exitSpy) Exit() {
	s.atExit()
	s.ElevatorOps.Exit()
}

// atCleanup is what the disk looked like when blk_cleanup_queue ran.
type atCleanup struct {
	devNode   bool   // /dev/simp_blkdev was still there
	scheduler string // queue/scheduler, read then
}

// checkExitOrder loads the driver, watches its queue's scheduler and
// unloads it: when blk_cleanup_queue runs, del_gendisk must already have
// taken the disk out of the system. In 2.6.18 the other order gets away
// with it only because sysfs still holds the queue; until del_gendisk the
// disk is in /dev and /sys with a dead queue and a freed scheduler.
func checkExitOrder(module *blockdev.ModuleInfo) error {
	k, err := exercise.Load(module)
	if err != nil {
		return err
	}
	var disk *blockdev.Gendisk
	for _, d := range k.Disks() {
		if d.DiskName == "simp_blkdev" {
			disk = d
		}
	}
	if disk == nil || disk.Queue == nil {
		return fmt.Errorf("insmod added no disk simp_blkdev with a request queue")
	}
	q := disk.Queue
	var seen *atCleanup
	q.Lock()
	e := q.Elevator
	if e != nil {
		q.Elevator = &blockdev.ElevatorQueue{Type: e.Type, Ops: exitSpy{e.Ops, func() {
			seen = &atCleanup{}
			if _, err := k.Lstat("/dev/simp_blkdev"); err == nil {
				seen.devNode = true
				if n, err := k.Lstat("/sys/block/simp_blkdev/queue/scheduler"); err == nil {
					seen.scheduler, _ = n.Show()
				}
			}
		}}}
	}
	q.Unlock()
	if e == nil {
		return fmt.Errorf("the queue has no scheduler after insmod")
	}
	if err := k.DeleteModule("simp_blkdev"); err != nil {
		return fmt.Errorf("rmmod: %v\n%s", err, k.Dmesg())
	}
	switch {
	case seen == nil:
		return fmt.Errorf("rmmod never called blk_cleanup_queue: the request queue and its scheduler (cfq) stay allocated for good (TODO 2)")
	case seen.devNode:
		return fmt.Errorf("blk_cleanup_queue ran while the disk was still in the system: /dev/simp_blkdev was there, and its queue/scheduler read %q, a dead queue whose scheduler is freed. Undo init newest first: del_gendisk takes the disk away, put_disk drops it, then blk_cleanup_queue frees the queue the disk used (TODO 2)", strings.TrimSuffix(seen.scheduler, "\n"))
	}
	return nil
}
