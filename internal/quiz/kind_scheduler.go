package quiz

import "fmt"

// schedulers are the four of the tutorial's kernel, in the order
// queue/scheduler lists them, with one line of why for each.
var schedulers = []struct{ name, why string }{
	{"noop", "one FIFO; a bio merges only into the request last_merge remembers (the last one merged into, else the first queued) or, at a request's back, one the end-sector hash finds"},
	{"anticipatory", "batches of reads and of writes, each in sector order; after a read it waits a little (antic_expire) for the same process's next read"},
	{"deadline", "batches in sector order from where the last request ended, reads preferred to writes (writes_starved); a bio may also merge at the front of any queued request"},
	{"cfq", "a queue of its own for each process's reads (sync) and one for the async writes, served in turn, each in sector order, idling a little after a sync queue empties"},
}

// biosGivens describes the bios and, for a request-based queue, when it
// runs.
func biosGivens(bios []bioSpec, requestBased string) []string {
	g := []string{"Two processes submit these bios (a page is 8 sectors; HZ is 250, a jiffy 4 ms):", ""}
	g = append(g, biosTable(bios)...)
	g = append(g, "",
		"Nobody waits for a bio until the last is submitted, as with read-ahead and",
		"write-back; then both wait for their I/O.")
	if requestBased != "" {
		g = append(g, "", requestBased+" plugs when a request enters it empty. It unplugs after",
			"unplug_delay (3 ms: the next jiffy), when a fourth request waits",
			"(unplug_thresh), or when a process waits. Its driver ends each request as",
			"soon as elv_next_request hands it out.")
	}
	return g
}

func makeScheduler(step int, seed int64) (*Quiz, error) {
	bios := genBios(newRand(seed, "scheduler"))
	setup := "blk_init_queue, whose default scheduler is cfq"
	if step == 2 {
		setup = "blk_init_queue, then elevator_init(q, \"noop\")"
	}
	setup = fmt.Sprintf("simp_blkdev is chapter %d's request-based disk:\n%s.", step, setup)
	q := &Quiz{
		Title: "the I/O schedulers: what reaches the request function, and when",
		Givens: append([]string{
			setup,
			"Before the bios, each scheduler in turn is written to",
			"/sys/block/simp_blkdev/queue/scheduler.",
			"",
		}, biosGivens(bios, "The queue")...),
	}
	q.Givens = append(q.Givens, "",
		"For each scheduler: in what order do requests reach simp_blkdev_do_request",
		"(rw sector+sectors, the bios in each, the jiffy it sees them), and what do",
		"the fields of /sys/block/simp_blkdev/stat count?")
	for _, s := range schedulers {
		res, err := runRequestBased(step == 2, s.name, bios)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", s.name, err)
		}
		q.Questions = append(q.Questions, Question{
			Ask: s.name,
			Blanks: []Blank{
				{"requests in order", seenList(res.log)},
				{"requests (reads + writes)", statCounts(res.stat.reads, res.stat.writes)},
				{"merges (reads merged + writes merged)", statCounts(res.stat.readMerges, res.stat.writeMerges)},
			},
			Why: s.why,
		})
	}
	return q, nil
}

// statCounts writes a sum of stat fields: "5 (3 + 2)".
func statCounts(r, w int) string { return fmt.Sprintf("%d (%d + %d)", r+w, r, w) }
