package iosched

import (
	"fmt"
	"sort"

	"simpblkdev/blockdev"
)

// elvSortList stands in for the rbtree of requests sorted by start sector
// that deadline, anticipatory and cfq keep (struct rb_root with the
// elv_rb_add/elv_rb_del/elv_rb_find helpers of block/elevator.c, and
// rb_first/rb_next/rb_prev). A scheduler holds at most nr_requests (128)
// requests per direction, so a sorted slice with binary search does the job
// of the tree; the names of the methods say which kernel helper each one
// models.
//
// Like the rbtree, it holds at most one request per start sector: Add hands
// back the request already there (the "alias") instead of inserting a second
// one, and the scheduler must move the alias out of the way (to the dispatch
// queue) and try again, as the kernel's schedulers do.
type elvSortList struct {
	ents []elvSortEnt
}

// elvSortEnt is one node: the key the request was sorted under (rq->sector
// when it was added; the request's sector moves on once the driver starts
// it, and a front merge changes it before the scheduler re-sorts it).
type elvSortEnt struct {
	key uint64
	rq  *blockdev.Request
}

// search returns the index of the first entry whose key is >= sector.
func (s *elvSortList) search(sector uint64) int {
	return sort.Search(len(s.ents), func(i int) bool { return s.ents[i].key >= sector })
}

// index returns where rq is, or -1.
func (s *elvSortList) index(rq *blockdev.Request) int {
	if rq == nil {
		return -1
	}
	// The key it was added under is usually its sector still.
	for i := s.search(rq.Sector); i < len(s.ents) && s.ents[i].key == rq.Sector; i++ {
		if s.ents[i].rq == rq {
			return i
		}
	}
	for i, e := range s.ents {
		if e.rq == rq {
			return i
		}
	}
	return -1
}

// Add models elv_rb_add(): insert rq under its start sector. When a request
// with the same start sector is already there, nothing is inserted and that
// request (the alias) is returned.
func (s *elvSortList) Add(rq *blockdev.Request) *blockdev.Request {
	i := s.search(rq.Sector)
	if i < len(s.ents) && s.ents[i].key == rq.Sector {
		if s.ents[i].rq == rq {
			return nil
		}
		return s.ents[i].rq
	}
	s.ents = append(s.ents, elvSortEnt{})
	copy(s.ents[i+1:], s.ents[i:])
	s.ents[i] = elvSortEnt{key: rq.Sector, rq: rq}
	return nil
}

// Del models elv_rb_del(): take rq out. It reports whether rq was there.
func (s *elvSortList) Del(rq *blockdev.Request) bool {
	i := s.index(rq)
	if i < 0 {
		return false
	}
	s.ents = append(s.ents[:i], s.ents[i+1:]...)
	return true
}

// Contains reports whether rq is in the list (!RB_EMPTY_NODE).
func (s *elvSortList) Contains(rq *blockdev.Request) bool { return s.index(rq) >= 0 }

// Find models elv_rb_find(): the request that starts at sector, or nil.
func (s *elvSortList) Find(sector uint64) *blockdev.Request {
	i := s.search(sector)
	if i < len(s.ents) && s.ents[i].key == sector {
		return s.ents[i].rq
	}
	return nil
}

// First models rb_first(): the lowest-sector request, or nil.
func (s *elvSortList) First() *blockdev.Request {
	if len(s.ents) == 0 {
		return nil
	}
	return s.ents[0].rq
}

// Former models rb_prev() (elv_rb_former_request): the request sorted just
// before rq, or nil.
func (s *elvSortList) Former(rq *blockdev.Request) *blockdev.Request {
	if i := s.index(rq); i > 0 {
		return s.ents[i-1].rq
	}
	return nil
}

// Latter models rb_next() (elv_rb_latter_request): the request sorted just
// after rq, or nil.
func (s *elvSortList) Latter(rq *blockdev.Request) *blockdev.Request {
	if i := s.index(rq); i >= 0 && i+1 < len(s.ents) {
		return s.ents[i+1].rq
	}
	return nil
}

// Len returns how many requests the list holds.
func (s *elvSortList) Len() int { return len(s.ents) }

// Empty models RB_EMPTY_ROOT().
func (s *elvSortList) Empty() bool { return len(s.ents) == 0 }

// elvFifo is a scheduler's FIFO list of requests (the queuelist threaded
// through rq_fifo_time order): oldest first.
type elvFifo []*blockdev.Request

func (f elvFifo) index(rq *blockdev.Request) int {
	for i, r := range f {
		if r == rq {
			return i
		}
	}
	return -1
}

// head returns the oldest request, or nil (rq_entry_fifo(list.next)).
func (f elvFifo) head() *blockdev.Request {
	if len(f) == 0 {
		return nil
	}
	return f[0]
}

// del removes rq (rq_fifo_clear) and reports whether it was there.
func (f *elvFifo) del(rq *blockdev.Request) bool {
	i := f.index(rq)
	if i < 0 {
		return false
	}
	*f = append((*f)[:i], (*f)[i+1:]...)
	return true
}

// replace puts rq where old is and removes old: list_move(&rq, &old) followed
// by old's removal, as the merged_requests hooks do when the request that is
// going away was older.
func (f *elvFifo) replace(rq, old *blockdev.Request) {
	i := f.index(old)
	if i < 0 {
		return
	}
	f.del(rq)
	if i = f.index(old); i >= 0 {
		(*f)[i] = rq
	}
}

// timeAfter models time_after(a, b) on the jiffies clock.
func timeAfter(a, b uint64) bool { return int64(b-a) < 0 }

// timeBefore models time_before(a, b).
func timeBefore(a, b uint64) bool { return timeAfter(b, a) }

// parseElvInt models simple_strtol(page, &p, 10) as the deadline store
// functions use it: an optional '-', then as many decimal digits as there are;
// anything else ends the number (no digits gives 0), and the write still
// succeeds, as it does in the kernel ("100\n" from echo reads as 100).
func parseElvInt(s string) int64 {
	if len(s) > 0 && s[0] == '-' {
		return -parseElvUint(s[1:])
	}
	return parseElvUint(s)
}

// parseElvUint models simple_strtoul(page, &p, 10), which the anticipatory
// and cfq store functions use: no sign, so "-5" reads as 0.
func parseElvUint(s string) int64 {
	var v int64
	for i := 0; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		if v < 1<<40 {
			v = v*10 + int64(s[i]-'0')
		}
	}
	return v
}

// clampElv bounds v to [lo, hi] as the STORE_FUNCTION macros do.
func clampElv(v, lo, hi int64) int64 {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// elvIntMax is INT_MAX, the upper bound of most iosched tunables.
const elvIntMax = 1<<31 - 1

// elvMsecAttr models the SHOW_FUNCTION/STORE_FUNCTION pair the schedulers
// generate for a tunable kept in jiffies and shown in milliseconds: parse
// reads the number as the scheduler's store does (simple_strtol or
// simple_strtoul), and the value is clamped to 0..INT_MAX.
func elvMsecAttr(name string, v *uint64, parse func(string) int64) blockdev.ElvAttr {
	return blockdev.ElvAttr{
		Name: name,
		Show: func() string { return fmt.Sprintf("%d\n", blockdev.JiffiesToMsecs(*v)) },
		Store: func(s string) error {
			*v = blockdev.MsecsToJiffies(uint64(clampElv(parse(s), 0, elvIntMax)))
			return nil
		},
	}
}
