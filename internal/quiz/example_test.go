package quiz_test

import (
	"fmt"

	"simpblkdev/internal/quiz"
)

// A getparam problem's questions and the answers the simulator computed
// for them: blksim quiz --step 8 --seed 3 -c prints them after the
// chapter's getparam.
func ExampleNew() {
	q, err := quiz.New(8, 3, "getparam")
	if err != nil {
		panic(err)
	}
	for _, qu := range q.Questions {
		fmt.Println(qu.Ask)
		for _, b := range qu.Blanks {
			fmt.Printf("  %s: %s\n", b.Label, b.Answer)
		}
	}
	// Output:
	// # insmod simp_blkdev.ko size=6m
	//   getparam returns: 0: simp_blkdev_bytes = 6291456, a disk of 12288 sectors
	// # insmod simp_blkdev.ko size=25775b
	//   getparam returns: 0: simp_blkdev_bytes = 26112, a disk of 51 sectors
	// # insmod simp_blkdev.ko size=11
	//   getparam returns: -EINVAL (insmod: error inserting 'simp_blkdev.ko': -1 Invalid parameters)
	// # insmod simp_blkdev.ko size=31MB
	//   getparam returns: -EINVAL (insmod: error inserting 'simp_blkdev.ko': -1 Invalid parameters)
}
