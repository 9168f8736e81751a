package blockdev

// llBackMergeFn models ll_back_merge_fn() (block/blk-merge.c): may bio be
// appended to req without passing max_sectors or the segment limit?
func (q *RequestQueue) llBackMergeFn(req *Request, bio *Bio) bool {
	if req.NrSectors+BioSectors(bio) > q.MaxSectors {
		req.CmdFlags |= REQ_NOMERGE
		if req == q.lastMerge {
			q.lastMerge = nil
		}
		return false
	}
	return q.llNewHwSegment(req, bio)
}

// llFrontMergeFn models ll_front_merge_fn(): the same test for a bio put in
// front of req.
func (q *RequestQueue) llFrontMergeFn(req *Request, bio *Bio) bool {
	return q.llBackMergeFn(req, bio)
}

// llNewHwSegment models ll_new_hw_segment(): each bio_vec is a segment, and
// a request holds at most max_phys_segments of them.
func (q *RequestQueue) llNewHwSegment(req *Request, bio *Bio) bool {
	n := int(bio.BiVcnt - bio.BiIdx)
	if req.NrPhysSegments+n > q.MaxPhysSegments {
		req.CmdFlags |= REQ_NOMERGE
		if req == q.lastMerge {
			q.lastMerge = nil
		}
		return false
	}
	req.NrPhysSegments += n
	return true
}

// llMergeRequestsFn models ll_merge_requests_fn(): may next join req?
func (q *RequestQueue) llMergeRequestsFn(req, next *Request) bool {
	if req.NrSectors+next.NrSectors > q.MaxSectors {
		return false
	}
	if req.NrPhysSegments+next.NrPhysSegments > q.MaxPhysSegments {
		return false
	}
	req.NrPhysSegments += next.NrPhysSegments
	return true
}

// attemptMerge models attempt_merge(): after a bio merge closed the gap
// between req and next, join the two requests into req.
func (q *RequestQueue) attemptMerge(req, next *Request) bool {
	if !RqMergeable(req) || !RqMergeable(next) {
		return false
	}
	if RqEndSector(req) != next.Sector {
		return false
	}
	if RqDataDir(req) != RqDataDir(next) || req.RqDisk != next.RqDisk {
		return false
	}
	if !q.llMergeRequestsFn(req, next) {
		return false
	}
	// The merged request starts when the older of the two did.
	if next.StartTime < req.StartTime {
		req.StartTime = next.StartTime
	}
	req.Biotail.BiNext = next.Bio
	req.Biotail = next.Biotail
	req.NrSectors += next.NrSectors
	req.HardNrSectors += next.HardNrSectors
	q.elvMergeRequests(req, next)
	if d := req.RqDisk; d != nil {
		d.stats.inFlight--
	}
	next.Bio, next.Biotail = nil, nil
	q.freedRequest(next)
	return true
}

// attemptBackMerge models attempt_back_merge(): join req with the request
// after it in the scheduler's order.
func (q *RequestQueue) attemptBackMerge(req *Request) bool {
	if next := q.Elevator.Ops.Latter(req); next != nil {
		return q.attemptMerge(req, next)
	}
	return false
}

// attemptFrontMerge models attempt_front_merge(): join req with the request
// before it.
func (q *RequestQueue) attemptFrontMerge(req *Request) bool {
	if prev := q.Elevator.Ops.Former(req); prev != nil {
		return q.attemptMerge(prev, req)
	}
	return false
}
