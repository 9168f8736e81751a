package blockdev

import "simpblkdev/blockdev/mm"

// The bi_rw bits (include/linux/bio.h, 2.6.27) and the directions.
const (
	READ  = 0 // bio_data_dir / rq_data_dir: read
	WRITE = 1 // bio_data_dir / rq_data_dir: write
	READA = 2 // bio_rw: read-ahead, which a driver may fail at will

	BIO_RW         = 0 // bit: write
	BIO_RW_AHEAD   = 1 // bit: read-ahead
	BIO_RW_BARRIER = 2 // bit: barrier
	BIO_RW_SYNC    = 4 // bit: someone waits for this one: unplug at once
)

// BIO_UPTODATE is the bi_flags bit that bio_endio clears on error.
const BIO_UPTODATE = 0

// BioVec models struct bio_vec: a piece of one page.
type BioVec struct {
	BvPage   *mm.Page
	BvLen    uint32
	BvOffset uint32
}

// Bio models struct bio (include/linux/bio.h): one I/O of contiguous
// sectors, gathered from pieces of pages.
type Bio struct {
	BiSector  uint64       // first sector on the device (sector_t)
	BiNext    *Bio         // request queue link
	BiBdev    *BlockDevice // the device the bio is for
	BiFlags   uint64
	BiRw      uint64 // READ/WRITE in bit 0, READA in bit 1, see BIO_RW_*
	BiVcnt    uint16 // how many bio_vecs
	BiIdx     uint16 // current index into BiIoVec
	BiSize    uint32 // residual I/O count in bytes
	BiIoVec   []BioVec
	BiEndIo   func(bio *Bio, err Errno)
	BiPrivate any

	task *Task // who submitted it (current at submit_bio time)
	// shown is who the block trace names as the submitter: task, or for
	// user I/O (init's here) the user process on the CPU (SetCurrent).
	shown *Task
}

// tracer is who the block trace names for bio.
func (bio *Bio) tracer() *Task {
	if bio.shown != nil {
		return bio.shown
	}
	return bio.task
}

// Task returns the process that submitted bio (current at submit_bio
// time): cfq_merge and as-iosched look up that process's data by it.
func (bio *Bio) Task() *Task { return bio.task }

// BioAlloc models bio_alloc(): an empty bio with room for nrIovecs pieces.
func BioAlloc(nrIovecs int) *Bio {
	b := &Bio{BiIoVec: make([]BioVec, 0, nrIovecs)}
	b.BiFlags = 1 << BIO_UPTODATE
	return b
}

// BioAddPage models bio_add_page(): append len bytes of page at offset and
// return how many bytes were added (0 when the bio is full).
func BioAddPage(bio *Bio, page *mm.Page, length, offset uint32) uint32 {
	if len(bio.BiIoVec) == cap(bio.BiIoVec) || length == 0 {
		return 0
	}
	bio.BiIoVec = append(bio.BiIoVec, BioVec{BvPage: page, BvLen: length, BvOffset: offset})
	bio.BiVcnt++
	bio.BiSize += length
	return length
}

// BioRw models bio_rw(): READ, WRITE or READA.
func BioRw(bio *Bio) int { return int(bio.BiRw & 3) }

// BioDataDir models bio_data_dir(): READ or WRITE.
func BioDataDir(bio *Bio) int { return int(bio.BiRw & 1) }

// BioSync models bio_sync(): the submitter waits for this bio.
func BioSync(bio *Bio) bool { return bio.BiRw&(1<<BIO_RW_SYNC) != 0 }

// BioBarrier models bio_barrier().
func BioBarrier(bio *Bio) bool { return bio.BiRw&(1<<BIO_RW_BARRIER) != 0 }

// BioSectors models bio_sectors(): bi_size in 512-byte sectors.
func BioSectors(bio *Bio) uint32 { return bio.BiSize >> 9 }

// BioIovec models bio_iovec(): the current bio_vec.
func BioIovec(bio *Bio) *BioVec {
	if int(bio.BiIdx) >= len(bio.BiIoVec) {
		return nil
	}
	return &bio.BiIoVec[bio.BiIdx]
}

// BioCurSectors models bio_cur_sectors(): sectors in the current bio_vec.
func BioCurSectors(bio *Bio) uint32 {
	if v := BioIovec(bio); v != nil {
		return v.BvLen >> 9
	}
	return 0
}

// BioSegments models bio_for_each_segment(bvl, bio, i): the bio_vecs from
// BiIdx to BiVcnt-1, with their index. Use it as
//
//	for i, bvec := range blockdev.BioSegments(bio) { ... }
func BioSegments(bio *Bio) func(yield func(int, *BioVec) bool) {
	return func(yield func(int, *BioVec) bool) {
		for i := int(bio.BiIdx); i < int(bio.BiVcnt) && i < len(bio.BiIoVec); i++ {
			if !yield(i, &bio.BiIoVec[i]) {
				return
			}
		}
	}
}

// BioEndio models bio_endio(bio, error) (fs/bio.c, 2.6.24+): it ends the bio
// with err (0, or a negative errno such as -EIO) and calls bi_end_io. The
// block layer here uses this form; BioEndioPre2624 is the box's own.
func BioEndio(bio *Bio, err Errno) {
	if err != 0 {
		bio.BiFlags &^= 1 << BIO_UPTODATE
	} else if bio.BiFlags&(1<<BIO_UPTODATE) == 0 {
		err = -EIO
	}
	if bio.BiEndIo != nil {
		bio.BiEndIo(bio, err)
	}
}

// BioEndioPre2624 models bio_endio(bio, bytes_done, error) of the kernels
// before 2.6.24 (fs/bio.c, 2.6.18), the tutorial box's form: it ends I/O on
// bytesDone bytes, which may be all of the bio or only part of it. On error
// it clears BIO_UPTODATE; bytesDone beyond bi_size is logged ("bio_endio: want
// %u bytes done, only %u left") and cut to bi_size; bi_size shrinks by
// bytesDone and bi_sector moves on by as many sectors. Every bi_end_io of
// that era begins "if (bio->bi_size) return 1;": the bio is finished only
// when nothing is left. So here the bio ends (BiEndIo runs, with -EIO if any
// call cleared BIO_UPTODATE) only when bi_size reaches 0; until then its
// submitter waits. The bio-based path of this simulator is otherwise 2.6.27's
// (BioEndio): both forms exist so that a driver's version test can pick one.
func BioEndioPre2624(bio *Bio, bytesDone uint32, err Errno) {
	if err != 0 {
		bio.BiFlags &^= 1 << BIO_UPTODATE
	}
	if bytesDone > bio.BiSize {
		if k := bio.kernel(); k != nil {
			k.Printk("bio_endio: want %d bytes done, only %d left\n", bytesDone, bio.BiSize)
		}
		bytesDone = bio.BiSize
	}
	bio.BiSize -= bytesDone
	bio.BiSector += uint64(bytesDone >> 9)
	if bio.BiSize != 0 {
		return
	}
	BioEndio(bio, err)
}

// kernel returns the machine bio's device belongs to, or nil.
func (bio *Bio) kernel() *Kernel {
	if bio.BiBdev == nil || bio.BiBdev.BdDisk == nil {
		return nil
	}
	return bio.BiBdev.BdDisk.k
}

// BioIOError models bio_io_error(): end the bio with -EIO.
func BioIOError(bio *Bio) { BioEndio(bio, -EIO) }
