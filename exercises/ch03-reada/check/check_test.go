package check_test

import (
	"slices"
	"strings"
	"testing"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/blkdevtest"
	skeleton "simpblkdev/exercises/ch03-reada"
	"simpblkdev/exercises/ch03-reada/check"
	"simpblkdev/exercises/ch03-reada/solution"
	"simpblkdev/exercises/exercise"
	_ "simpblkdev/internal/golden"
)

func TestChecker(t *testing.T) {
	exercise.Prove(t, check.Exercise, skeleton.Module, solution.Module,
		[]string{"reada is read", "unknown bio_rw fails"})
}

// noReturn is the reference answer with its default arm as a student may
// write it, ending the bio but without the "return 0" after it: the loop
// goes on to the next segment, and the bio is ended again after the loop.
// endio is the default arm's way of ending the bio.
func noReturn(endio func(bio *blockdev.Bio)) *blockdev.ModuleInfo {
	info := *solution.Module
	info.New = func(k *blockdev.Kernel, this *blockdev.Module) blockdev.ModuleCode {
		return &withoutReturn{solution.Module.New(k, this), k, endio}
	}
	return &info
}

type withoutReturn struct {
	blockdev.ModuleCode
	k     *blockdev.Kernel
	endio func(bio *blockdev.Bio)
}

func (c *withoutReturn) Init() blockdev.Errno {
	if ret := c.ModuleCode.Init(); ret != 0 {
		return ret
	}
	for _, d := range c.k.Disks() {
		served := d.Queue.MakeRequestFn
		blockdev.BlkQueueMakeRequest(d.Queue, func(q *blockdev.RequestQueue, bio *blockdev.Bio) int {
			if blockdev.BioRw(bio) != blockdev.WRITE|blockdev.READA {
				return served(q, bio)
			}
			for range blockdev.BioSegments(bio) {
				c.k.Printk(blockdev.KERN_ERR+"simp_blkdev: unknown value of bio_rw: %d\n", blockdev.BioRw(bio))
				c.endio(bio)
			}
			blockdev.BioEndioPre2624(bio, bio.BiSize, 0)
			return 0
		})
	}
	return 0
}

// TestDefaultArmMustReturn: an answer whose default arm ends the bio but
// does not return fails "unknown bio_rw fails", saying what happened and
// naming TODO 2, on either branch of the chapter's version test.
func TestDefaultArmMustReturn(t *testing.T) {
	for _, tt := range []struct {
		name  string
		endio func(bio *blockdev.Bio)
		want  string
	}{
		{"2.6.18 branch", func(bio *blockdev.Bio) { blockdev.BioEndioPre2624(bio, 0, -blockdev.EIO) },
			`logged "simp_blkdev: unknown value of bio_rw: 3" 2 times, and bi_end_io ran with error -EIO: the bio failed: the switch runs once for each segment, so after ending the bio in the default arm, return 0 (TODO 2)`},
		{"2.6.24 branch", func(bio *blockdev.Bio) { blockdev.BioEndio(bio, -blockdev.EIO) },
			`logged "simp_blkdev: unknown value of bio_rw: 3" 2 times, and bi_end_io ran 3 times, last with error -EIO: a bio ends once`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			i := slices.IndexFunc(check.Exercise.Checks, func(c blkdevtest.Test) bool { return c.Name == "unknown bio_rw fails" })
			err := blkdevtest.CheckTests(noReturn(tt.endio), check.Exercise.Checks[i:i+1])
			if err == nil || !strings.HasPrefix(err.Error(), "unknown bio_rw fails: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got:\n%v\nwant unknown bio_rw fails, with %q", err, tt.want)
			}
		})
	}
}
