package shell

import "fmt"

// chapterDirs are the directories the tutorial's chapters ran `make` in, on
// the author's RHEL5 box, taken from each chapter's `# make` transcript
// (SUBDIRS=…). One row per chapter of the tutorial, whether or not a step
// package exists for it yet, so that a new step only adds itself to
// internal/chapters.
//
// Chapters 1–3 name their directories simp_blkdev_stepN, chapters 4–9
// simp_blkdev_step0N. Two rows are not copied from a transcript:
//   - chapter 5 ran on a 2.6.27.4 box, in
//     /mnt/host_test/simp_blkdev/simp_blkdev_step05; the simulated box is
//     the RHEL5 one of the other chapters, so its directory is under
//     /root/test like theirs, and make prints that box's kbuild lines;
//   - chapter 8 shows no make at all; its directory follows chapters 7
//     and 9 (simp_blkdev_step07, simp_blkdev_step09).
var chapterDirs = map[int]string{
	1: "/root/test/simp_blkdev/simp_blkdev_step1",
	2: "/root/test/simp_blkdev/simp_blkdev_step2",
	3: "/root/test/simp_blkdev/simp_blkdev_step3",
	4: "/root/test/simp_blkdev/simp_blkdev_step04",
	5: "/root/test/simp_blkdev/simp_blkdev_step05",
	6: "/root/test/simp_blkdev/simp_blkdev_step06",
	7: "/root/test/simp_blkdev/simp_blkdev_step07",
	8: "/root/test/simp_blkdev/simp_blkdev_step08",
	9: "/root/test/simp_blkdev/simp_blkdev_step09",
}

// ChapterDir is the directory chapter step's session runs in, the one the
// shell starts in (see Options.Step).
func ChapterDir(step int) (string, error) {
	dir, ok := chapterDirs[step]
	if !ok {
		return "", fmt.Errorf("the tutorial has no chapter %d: its chapters are 1 to %d", step, len(chapterDirs))
	}
	return dir, nil
}
