// Package check is ch01-questions' checker.
package check

import (
	"fmt"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/blkdevtest"
	"simpblkdev/exercises/exercise"
)

// Exercise is ch01-questions' checker: chapter 1's checks, and one that
// looks at the four fields the question marks fill.
var Exercise = exercise.Exercise{Name: "ch01-questions", Chapter: 1,
	Checks: []blkdevtest.Test{{Name: "question marks", Run: checkQuestionMarks}}}

// checkQuestionMarks loads the driver and reads back what add_disk was
// given, naming the TODO of each field that is not what the tutorial puts
// there, by the skeleton's Go name and the chapter's C one.
func checkQuestionMarks(module *blockdev.ModuleInfo) error {
	k, err := blockdev.Boot(blockdev.Config{Seed: 1})
	if err != nil {
		return err
	}
	m, err := k.InitModule(module, "")
	if err != nil {
		return fmt.Errorf("insmod: %v", err)
	}
	var disk *blockdev.Gendisk
	for _, d := range k.Disks() {
		if d.DiskName == "simp_blkdev" {
			disk = d
		}
	}
	if disk == nil {
		return fmt.Errorf("insmod added no disk called simp_blkdev")
	}
	var wrong []string
	if disk.Major != blockdev.COMPAQ_SMART2_MAJOR {
		wrong = append(wrong, fmt.Sprintf("TODO 1/4: the major is %d, want simpBlkdevDevicemajor (SIMP_BLKDEV_DEVICEMAJOR, COMPAQ_SMART2_MAJOR: %d)", disk.Major, blockdev.COMPAQ_SMART2_MAJOR))
	}
	if disk.Fops == nil || disk.Fops.Owner != m {
		wrong = append(wrong, "TODO 2/4: the disk's Fops is not &d.simpBlkdevFops (&simp_blkdev_fops, the block_device_operations whose Owner is THIS_MODULE)")
	}
	if disk.Queue == nil {
		wrong = append(wrong, "TODO 3/4: the disk has no queue, want d.simpBlkdevQueue (simp_blkdev_queue), the one blk_init_queue made")
	}
	if got := blockdev.GetCapacity(disk); got != 16*1024*1024>>9 {
		wrong = append(wrong, fmt.Sprintf("TODO 4/4: the capacity is %d sectors, want simpBlkdevBytes>>9 (SIMP_BLKDEV_BYTES>>9, %d)", got, 16*1024*1024>>9))
	}
	if len(wrong) > 0 {
		return fmt.Errorf("%s", strings.Join(wrong, "\n"))
	}
	return nil
}
