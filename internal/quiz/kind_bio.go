package quiz

import "fmt"

func makeBio(step int, seed int64) (*Quiz, error) {
	bios := genBios(newRand(seed, "bio"))
	q := &Quiz{
		Title: "make_request: the driver takes the bios itself",
		Givens: append([]string{
			fmt.Sprintf("simp_blkdev is chapter %d's bio-based disk: blk_alloc_queue and", step),
			"blk_queue_make_request(q, simp_blkdev_make_request), which serves and ends",
			"each bio it is given.",
			"",
		}, biosGivens(bios, "Chapter 2's queue (Q3)")...),
	}
	res, err := runBioBased(bios)
	if err != nil {
		return nil, err
	}
	noop, err := runRequestBased(true, "", bios)
	if err != nil {
		return nil, fmt.Errorf("chapter 2: %v", err)
	}
	q.Questions = []Question{
		{
			Ask:    "In what order do bios reach simp_blkdev_make_request (rw sector+sectors,\nthe bio, the jiffy)?",
			Blanks: []Blank{{"calls in order", seenList(res.log)}},
			Why:    "generic_make_request hands each bio to the driver as it is submitted: no plug, no scheduler, no merging",
		},
		{
			Ask:    "What does cat /sys/block/simp_blkdev/stat print afterwards?",
			Blanks: []Blank{{"stat", res.raw}},
			Why:    "the disk's counters are kept on the request path (drive_stat_acct, end_that_request_last), which a make_request driver bypasses",
		},
		{
			Ask: "Chapter 2's request-based driver (noop) gets the same bios: how many\nrequests reach its request function, with how many merges (stat)?",
			Blanks: []Blank{
				{"requests (reads + writes)", statCounts(noop.stat.reads, noop.stat.writes)},
				{"merges (reads merged + writes merged)", statCounts(noop.stat.readMerges, noop.stat.writeMerges)},
			},
			Why: "__make_request merges a bio into a queued request while the queue is plugged; noop's requests arrive in FIFO order",
		},
	}
	return q, nil
}
