package blockdev

import (
	"simpblkdev/blockdev/fault"
	"simpblkdev/blockdev/mm"
)

// bioValid checks what the simulated kernel can check of a bio before any
// driver sees it: a bio no caller of the real kernel could build (a segment
// running past its page, a size that disagrees with its segments, stray rw
// bits) ends with -EIO instead of reaching the driver.
func (k *Kernel) bioValid(bio *Bio) bool {
	if bio.BiRw>>7 != 0 {
		k.Printk(KERN_ERR+"generic_make_request: bad bi_rw %#x\n", bio.BiRw)
		return false
	}
	if int(bio.BiVcnt) != len(bio.BiIoVec) || int(bio.BiIdx) > len(bio.BiIoVec) {
		k.Printk(KERN_ERR+"generic_make_request: bad bi_vcnt %d/bi_idx %d\n", bio.BiVcnt, bio.BiIdx)
		return false
	}
	var size uint64
	for _, v := range bio.BiIoVec[bio.BiIdx:] {
		if v.BvPage == nil || uint64(v.BvOffset)+uint64(v.BvLen) > mm.PAGE_SIZE || v.BvLen%512 != 0 || v.BvOffset%512 != 0 {
			k.Printk(KERN_ERR+"generic_make_request: bad bio_vec (offset %d, len %d)\n", v.BvOffset, v.BvLen)
			return false
		}
		size += uint64(v.BvLen)
	}
	if size != uint64(bio.BiSize) {
		k.Printk(KERN_ERR+"generic_make_request: bi_size %d disagrees with its bio_vecs (%d)\n", bio.BiSize, size)
		return false
	}
	if bio.BiSize == 0 {
		k.Printk(KERN_ERR + "generic_make_request: zero-length bio\n")
		return false
	}
	return true
}

// bioCheckEOD models bio_check_eod() and handle_bad_sector()
// (block/blk-core.c): a bio past the end of its device fails.
func (k *Kernel) bioCheckEOD(bio *Bio) bool {
	nr := uint64(BioSectors(bio))
	if nr == 0 {
		return true
	}
	max := bio.BiBdev.sizeSectors()
	if max < nr || max-nr < bio.BiSector {
		k.Printk(KERN_INFO + "attempt to access beyond end of device\n")
		k.Printk(KERN_INFO+"%s: rw=%d, want=%d, limit=%d\n", bio.BiBdev.Name(), bio.BiRw, bio.BiSector+nr, max)
		return false
	}
	return true
}

// GenericMakeRequest models generic_make_request() (block/blk-core.c,
// 2.6.27): check the bio, remap a partition's sectors onto the whole disk,
// check again, and hand it to the queue's make_request_fn until that
// accepts it. A bio that fails a check ends with -EIO.
func (k *Kernel) GenericMakeRequest(bio *Bio) {
	if bio.BiBdev == nil || !k.bioValid(bio) {
		BioEndio(bio, -EIO)
		return
	}
	if !k.bioCheckEOD(bio) {
		BioEndio(bio, -EIO)
		return
	}
	for {
		disk := bio.BiBdev.BdDisk
		q := disk.Queue
		if q == nil || q.MakeRequestFn == nil {
			k.Printk(KERN_ERR+"generic_make_request: Trying to access nonexistent block-device %s (%d)\n", bio.BiBdev.Name(), bio.BiSector)
			BioEndio(bio, -EIO)
			return
		}
		if BioSectors(bio) > q.MaxHwSectors && q.RequestFn != nil {
			k.Printk(KERN_ERR+"bio too big device %s (%d > %d)\n", bio.BiBdev.Name(), BioSectors(bio), q.MaxHwSectors)
			BioEndio(bio, -EIO)
			return
		}
		q.Lock()
		dead := q.dead || q.oopsedQueue()
		q.Unlock()
		if dead {
			BioEndio(bio, -EIO)
			return
		}
		blkPartitionRemap(q, bio)
		if !k.bioCheckEOD(bio) {
			BioEndio(bio, -EIO)
			return
		}
		q.blkAddTraceBio(bio, BLK_TA_QUEUE)
		if q.runMakeRequestFn(bio) == 0 {
			return
		}
	}
}

// blkPartitionRemap models blk_partition_remap() (block/ll_rw_blk.c,
// 2.6.18): a bio for a partition is counted in the partition's statistics
// (2.6.18 counts partitions here, on every queue, where the disk's own
// counters are kept on the request path only) and moved onto the whole
// disk. The counters change under the queue lock q.
func blkPartitionRemap(q *RequestQueue, bio *Bio) {
	b := bio.BiBdev
	if b.BdContains == nil || b.BdContains == b {
		return
	}
	if p := b.bdPart; p != nil {
		rw := BioDataDir(bio)
		q.Lock()
		p.stats.ios[rw]++
		p.stats.sectors[rw] += uint64(BioSectors(bio))
		q.Unlock()
	}
	bio.BiSector += b.startSect
	bio.BiBdev = b.BdContains
}

// SubmitBio models submit_bio(rw, bio) (block/blk-core.c) on behalf of task
// (nil means init).
func (k *Kernel) SubmitBio(task *Task, rw uint64, bio *Bio) {
	bio.BiRw |= rw
	if task == nil {
		task = TaskInit
	}
	bio.task = task
	bio.shown = task
	if task == TaskInit {
		bio.shown = k.currentTask()
	}
	k.GenericMakeRequest(bio)
}

// makeRequest models __make_request() (block/blk-core.c, 2.6.27), the
// make_request_fn that blk_init_queue installs: bounce HighMem pages, try to
// merge the bio into a queued request (back or front) through the elevator,
// else make a new request, plugging the queue if it was empty; a sync bio
// unplugs at once.
func makeRequest(q *RequestQueue, bio *Bio) int {
	if bio = q.blkQueueBounce(bio); bio == nil {
		return 0
	}
	nrSectors := BioSectors(bio)
	sync := BioSync(bio)

	q.Lock()
	defer q.Unlock()
	q.current = bio.tracer()
	defer func() { q.current = nil }()

	if !BioBarrier(bio) && !ElvQueueEmpty(q) {
		req, how := ElvMerge(q, bio)
		switch how {
		case ELEVATOR_BACK_MERGE:
			if q.llBackMergeFn(req, bio) {
				q.blkAddTraceBio(bio, BLK_TA_BACKMERGE)
				req.Biotail.BiNext = bio
				req.Biotail = bio
				req.NrSectors += nrSectors
				req.HardNrSectors += nrSectors
				q.driveStatAcct(req, false)
				if !q.attemptBackMerge(req) {
					q.elvMergedRequest(req, how)
				}
				goto out
			}
		case ELEVATOR_FRONT_MERGE:
			if q.llFrontMergeFn(req, bio) {
				q.blkAddTraceBio(bio, BLK_TA_FRONTMERGE)
				bio.BiNext = req.Bio
				req.Bio = bio
				req.Buffer = q.k.bioData(bio)
				req.CurrentNrSectors = BioCurSectors(bio)
				req.HardCurSectors = req.CurrentNrSectors
				req.Sector = bio.BiSector
				req.HardSector = bio.BiSector
				req.NrSectors += nrSectors
				req.HardNrSectors += nrSectors
				q.driveStatAcct(req, false)
				if !q.attemptFrontMerge(req) {
					q.elvMergedRequest(req, how)
				}
				goto out
			}
		}
	}

	{
		req := q.getRequestWait(bio)
		if req == nil {
			// Only a dead queue gets here: the bio cannot be queued.
			q.Unlock()
			BioEndio(bio, -EIO)
			q.Lock()
			return 0
		}
		q.initRequestFromBio(req, bio)
		if ElvQueueEmpty(q) {
			q.blkPlugDevice()
		}
		q.addRequest(req)
	}
out:
	if sync {
		q.genericUnplugDeviceLocked()
	}
	return 0
}

// initRequestFromBio models init_request_from_bio() and blk_rq_bio_prep().
func (q *RequestQueue) initRequestFromBio(req *Request, bio *Bio) {
	if BioDataDir(bio) == WRITE {
		req.CmdFlags |= REQ_RW
	}
	if BioSync(bio) {
		req.CmdFlags |= REQ_RW_SYNC
	}
	if BioBarrier(bio) {
		req.CmdFlags |= REQ_HARDBARRIER | REQ_NOMERGE
	}
	req.Sector, req.HardSector = bio.BiSector, bio.BiSector
	req.NrSectors, req.HardNrSectors = BioSectors(bio), BioSectors(bio)
	req.CurrentNrSectors = BioCurSectors(bio)
	req.HardCurSectors = req.CurrentNrSectors
	req.NrPhysSegments = int(bio.BiVcnt - bio.BiIdx)
	req.Buffer = q.k.bioData(bio)
	req.Bio, req.Biotail = bio, bio
	req.RqDisk = bio.BiBdev.BdDisk
	req.StartTime = q.k.Jiffies()
}

// bioData models bio_data(): the current segment's bytes in lowmem.
func (k *Kernel) bioData(bio *Bio) []byte {
	v := BioIovec(bio)
	if v == nil {
		return nil
	}
	addr := k.Mem.PageAddress(v.BvPage, 0)
	if addr == nil {
		return nil
	}
	return addr[v.BvOffset : v.BvOffset+v.BvLen]
}

// addRequest models add_request(): account and hand the new request to the
// scheduler; with enough requests waiting, unplug (elv_insert's
// unplug_thresh check).
func (q *RequestQueue) addRequest(req *Request) {
	q.driveStatAcct(req, true)
	q.elvAddRequestSort(req)
	if q.plugged {
		nrq := q.rqCount[READ] + q.rqCount[WRITE] - q.inFlight
		if nrq >= unplugThresh {
			q.genericUnplugDeviceLocked()
		}
	}
}

// getRequest models get_request(): a free request from the queue's pool,
// with the scheduler's per-request data attached, except while the
// scheduler is being switched (QUEUE_FLAG_ELVSWITCH). It returns nil when
// the pool is exhausted (nr_requests in that direction) or an allocation
// fails.
func (q *RequestQueue) getRequest(bio *Bio) *Request {
	rw := BioDataDir(bio)
	if q.rqCount[rw] >= q.NrRequests {
		return nil
	}
	if q.k.Fault.ShouldFail(fault.Request) {
		return nil
	}
	req := &Request{Q: q, task: bio.task}
	if !q.elvSwitching {
		req.CmdFlags |= REQ_ELVPRIV
		if q.Elevator.Ops.SetRequest(req, bio.task) != nil {
			return nil
		}
		q.elvpriv++
	}
	q.rqCount[rw]++
	q.blkAddTraceBio(bio, BLK_TA_GETRQ)
	return req
}

// getRequestWait models get_request_wait(): when no request is free, the
// submitter unplugs the queue and sleeps until one is. Here it runs the queue
// and lets virtual time pass until a request frees, giving up (nil) only
// when nothing can free one.
func (q *RequestQueue) getRequestWait(bio *Bio) *Request {
	for {
		if req := q.getRequest(bio); req != nil {
			return req
		}
		if q.dead {
			return nil
		}
		q.blkAddTraceBio(bio, BLK_TA_SLEEPRQ)
		q.genericUnplugDeviceLocked()
		if req := q.getRequest(bio); req != nil {
			return req
		}
		q.Unlock()
		progressed := q.k.runNextTimer()
		q.Lock()
		q.current = bio.tracer()
		if !progressed {
			// No timer can free a request and the driver took none: a real
			// kernel would hang here. Fail the bio instead, and say why.
			q.k.Printk(KERN_ERR+"get_request_wait: no free request on %s and nothing pending\n", q.name())
			return nil
		}
	}
}

// freedRequest models __blk_put_request() and freed_request().
func (q *RequestQueue) freedRequest(req *Request) {
	q.elvCompletedRequest(req)
	if req.CmdFlags&REQ_ELVPRIV != 0 {
		q.Elevator.Ops.PutRequest(req)
		q.elvpriv--
	}
	rw := RqDataDir(req)
	if q.rqCount[rw] > 0 {
		q.rqCount[rw]--
	}
}

func (q *RequestQueue) name() string {
	if q.k != nil {
		for _, d := range q.k.disksWithQueue(q) {
			return d.DiskName
		}
	}
	return "?"
}

// blkPlugDevice models blk_plug_device(): hold requests back for up to
// unplug_delay so that more bios can merge into them.
func (q *RequestQueue) blkPlugDevice() {
	if q.plugged {
		return
	}
	q.plugged = true
	ModTimer(q.unplugTimer, q.k.Jiffies()+q.unplugDelay)
	q.blkAddTraceGeneric(BLK_TA_PLUG)
}

// blkRemovePlug models blk_remove_plug(): it reports whether q was plugged.
func (q *RequestQueue) blkRemovePlug() bool {
	if !q.plugged {
		return false
	}
	q.plugged = false
	DelTimer(q.unplugTimer)
	return true
}

// genericUnplugDeviceLocked models __generic_unplug_device(): if q was
// plugged, run the driver. Called with the queue lock held.
func (q *RequestQueue) genericUnplugDeviceLocked() {
	if q.dead || !q.blkRemovePlug() {
		return
	}
	q.runRequestFn()
}

// GenericUnplugDevice models generic_unplug_device(), q->unplug_fn: what a
// task waiting for a page kicks (blk_run_backing_dev via sync_page).
func GenericUnplugDevice(q *RequestQueue) {
	if q.RequestFn == nil {
		return
	}
	q.Lock()
	defer q.Unlock()
	q.genericUnplugDeviceLocked()
}

// blkBackingDevUnplug models blk_backing_dev_unplug() (block/ll_rw_blk.c,
// 2.6.18), what a task waiting for its I/O kicks (sync_page): if the queue
// has an unplug_fn, the trace's U, as task, then the unplug_fn,
// generic_unplug_device. Only blk_init_queue sets unplug_fn; a make_request
// driver's queue (blk_alloc_queue) has none, so it neither traces nor
// unplugs ("devices don't necessarily have an ->unplug_fn defined").
func (q *RequestQueue) blkBackingDevUnplug(task *Task) {
	if q.RequestFn == nil {
		return
	}
	q.Lock()
	defer q.Unlock()
	q.blkAddTraceUnplug(task, BLK_TA_UNPLUG_IO)
	q.current = task
	q.genericUnplugDeviceLocked()
	q.current = nil
}

// blkUnplugTimeout models blk_unplug_timeout() + blk_unplug_work(): the
// plug held requests for unplug_delay; the timer (UT, in the idle task it
// interrupted) hands the queue to kblockd, which (U) runs it.
func (q *RequestQueue) blkUnplugTimeout() {
	if q.RequestFn == nil {
		return
	}
	q.Lock()
	defer q.Unlock()
	q.blkAddTraceUnplug(TaskSwapper, BLK_TA_UNPLUG_TIMER)
	q.blkAddTraceUnplug(TaskKblockd, BLK_TA_UNPLUG_IO)
	q.current = TaskKblockd
	q.genericUnplugDeviceLocked()
	q.current = nil
}

// blkUnplugWork is the kblockd work KblockdScheduleWork queues: it runs the
// queue whether or not it is plugged (blk_start_queueing()).
func (q *RequestQueue) blkUnplugWork() {
	if q.RequestFn == nil {
		return
	}
	q.Lock()
	defer q.Unlock()
	q.current = TaskKblockd
	q.blkStartQueueing()
	q.current = nil
}

// blkStartQueueing models blk_start_queueing(): unplug if plugged, else run
// the driver. Called with the queue lock held.
func (q *RequestQueue) blkStartQueueing() {
	if q.dead {
		return
	}
	if !q.plugged {
		q.runRequestFn()
	} else {
		q.genericUnplugDeviceLocked()
	}
}

// BlkRunQueue models blk_run_queue(): remove the plug and run the driver if
// the scheduler holds anything. Called without the queue lock.
func BlkRunQueue(q *RequestQueue) {
	if q.RequestFn == nil {
		return
	}
	q.Lock()
	defer q.Unlock()
	q.blkRemovePlug()
	if !q.dead && !ElvQueueEmpty(q) {
		q.runRequestFn()
	}
}

// driveStatAcct models drive_stat_acct(): a new request or a merge.
func (q *RequestQueue) driveStatAcct(req *Request, newIO bool) {
	d := req.RqDisk
	if d == nil {
		return
	}
	rw := RqDataDir(req)
	if newIO {
		d.stats.inFlight++
	} else {
		d.stats.merges[rw]++
	}
}
