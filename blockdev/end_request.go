package blockdev

// EndRequest models end_request(req, uptodate) (block/blk-core.c, 2.6.27):
// it completes the current segment of req (hard_cur_sectors), successfully
// if uptodate > 0, else with -EIO (0) or the negative error given. When the
// request has more segments, Sector, CurrentNrSectors and Buffer move to the
// next one and ElvNextRequest returns the same request again; after the last
// one the request leaves the queue and is freed. Call it with the queue lock
// held, from the request function.
func EndRequest(req *Request, uptodate int) {
	var err Errno
	if uptodate <= 0 {
		err = -EIO
		if uptodate < 0 {
			err = Errno(uptodate)
		}
	}
	if req.Bio != nil && endThatRequestFirst(req, err, req.HardCurSectors<<9) {
		return
	}
	endThatRequestLast(req, err)
}

// endThatRequestFirst models __end_that_request_first(): complete nrBytes of
// req, ending every bio that is now done. It reports whether req has more.
func endThatRequestFirst(req *Request, err Errno, nrBytes uint32) bool {
	q := req.Q
	q.blkAddTraceRq(req, BLK_TA_COMPLETE)
	if err != 0 {
		name := "?"
		if req.RqDisk != nil {
			name = req.RqDisk.DiskName
		}
		q.k.Printk(KERN_ERR+"end_request: I/O error, dev %s, sector %d\n", name, req.Sector)
	}
	if d := req.RqDisk; d != nil {
		d.stats.sectors[RqDataDir(req)] += uint64(nrBytes >> 9)
	}
	var totalBytes, bioNbytes uint32
	nextIdx := 0
	for req.Bio != nil {
		bio := req.Bio
		var nbytes uint32
		if nrBytes >= bio.BiSize {
			req.Bio = bio.BiNext
			nbytes = bio.BiSize
			reqBioEndio(bio, nbytes, err)
			nextIdx, bioNbytes = 0, 0
		} else {
			idx := int(bio.BiIdx) + nextIdx
			if idx >= len(bio.BiIoVec) {
				break
			}
			nbytes = bio.BiIoVec[idx].BvLen
			if nbytes > nrBytes {
				bioNbytes += nrBytes
				totalBytes += nrBytes
				break
			}
			nextIdx++
			bioNbytes += nbytes
		}
		totalBytes += nbytes
		nrBytes -= nbytes
		if req.Bio != nil && nrBytes == 0 {
			break
		}
	}
	if req.Bio == nil {
		return false
	}
	if bioNbytes > 0 {
		bio := req.Bio
		reqBioEndio(bio, bioNbytes, err)
		bio.BiIdx += uint16(nextIdx)
	}
	blkRecalcRqSectors(req, totalBytes>>9)
	return true
}

// reqBioEndio models req_bio_endio(): nbytes of bio are done; end it when
// nothing is left.
func reqBioEndio(bio *Bio, nbytes uint32, err Errno) {
	if err != 0 {
		bio.BiFlags &^= 1 << BIO_UPTODATE
	}
	if nbytes > bio.BiSize {
		nbytes = bio.BiSize
	}
	bio.BiSize -= nbytes
	bio.BiSector += uint64(nbytes >> 9)
	if bio.BiSize == 0 {
		BioEndio(bio, err)
	}
}

// blkRecalcRqSectors models blk_recalc_rq_sectors(): move the request's
// submit position to its completion position and the next segment.
func blkRecalcRqSectors(req *Request, nsect uint32) {
	req.HardSector += uint64(nsect)
	req.HardNrSectors -= nsect
	if req.NrSectors >= req.HardNrSectors && req.Sector <= req.HardSector {
		req.Sector = req.HardSector
		req.NrSectors = req.HardNrSectors
		req.HardCurSectors = BioCurSectors(req.Bio)
		req.CurrentNrSectors = req.HardCurSectors
		req.Buffer = req.Q.k.bioData(req.Bio)
	}
	if req.NrSectors < req.CurrentNrSectors {
		req.Q.k.Printk(KERN_ERR + "blk: request botched\n")
		req.NrSectors = req.CurrentNrSectors
	}
}

// endThatRequestLast models end_that_request_last(): take req off the
// dispatch queue, account it and give it back to the pool.
func endThatRequestLast(req *Request, err Errno) {
	q := req.Q
	if req.onQueue {
		q.elvDequeueRequest(req)
	}
	if d := req.RqDisk; d != nil {
		rw := RqDataDir(req)
		d.stats.ios[rw]++
		d.stats.ticks[rw] += JiffiesToMsecs(q.k.Jiffies() - req.StartTime)
		d.stats.inFlight--
	}
	q.freedRequest(req)
}
