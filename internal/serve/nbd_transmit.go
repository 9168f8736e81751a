package serve

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"simpblkdev/blockdev/errno"
)

// nbdRequest is a transmission request's header.
type nbdRequest struct {
	Magic  uint32
	Flags  uint16
	Type   uint16
	Handle uint64
	Offset uint64
	Length uint32
}

// nbdTransmit serves the requests of one connection on dev, one at a time
// and in order, until the client disconnects (NBD_CMD_DISC, after which the
// device is synced) or the connection fails. A request the device fails
// gets its error in the reply; only a broken stream ends the connection.
func nbdTransmit(r *bufio.Reader, w *bufio.Writer, dev *Device) error {
	var buf []byte
	for {
		var req nbdRequest
		if err := binary.Read(r, binary.BigEndian, &req); err != nil {
			return err
		}
		if req.Magic != nbdRequestMagic {
			return fmt.Errorf("bad request magic %#x", req.Magic)
		}
		switch req.Type {
		case nbdCmdRead:
			if e := nbdCheck(dev, req, nbdEINVAL); e != 0 {
				nbdSimpleReply(w, req.Handle, e)
				break
			}
			if cap(buf) < int(req.Length) {
				buf = make([]byte, req.Length)
			}
			p := buf[:req.Length]
			var err error
			if len(p) > 0 {
				var n int
				if n, err = dev.ReadAt(p, int64(req.Offset)); err == nil && n < len(p) {
					err = errno.EIO
				}
			}
			if e := nbdErrno(err); e != 0 {
				nbdSimpleReply(w, req.Handle, e)
				break
			}
			nbdSimpleReply(w, req.Handle, 0)
			w.Write(p)
		case nbdCmdWrite:
			if req.Length > nbdMaxRequest {
				// Read the payload past, to stay in step with the stream.
				if _, err := io.CopyN(io.Discard, r, int64(req.Length)); err != nil {
					return err
				}
				nbdSimpleReply(w, req.Handle, nbdEOVERFLOW)
				break
			}
			if cap(buf) < int(req.Length) {
				buf = make([]byte, req.Length)
			}
			p := buf[:req.Length]
			if _, err := io.ReadFull(r, p); err != nil {
				return err
			}
			if e := nbdCheck(dev, req, nbdENOSPC); e != 0 {
				nbdSimpleReply(w, req.Handle, e)
				break
			}
			n, err := dev.WriteAt(p, int64(req.Offset))
			if err == nil && n < len(p) {
				err = errno.ENOSPC
			}
			nbdSimpleReply(w, req.Handle, nbdErrno(err))
		case nbdCmdFlush:
			nbdSimpleReply(w, req.Handle, nbdErrno(dev.Sync()))
		case nbdCmdTrim, nbdCmdWriteZeroes:
			if e := nbdCheck(dev, req, nbdENOSPC); e != 0 {
				nbdSimpleReply(w, req.Handle, e)
				break
			}
			if req.Length == 0 {
				nbdSimpleReply(w, req.Handle, 0)
				break
			}
			err := dev.Fallocate(fallocZeroRange|fallocKeepSize, int64(req.Offset), int64(req.Length))
			if errors.Is(err, errno.EINVAL) {
				// Not sector-aligned: write the zeros as data.
				_, err = dev.WriteAt(make([]byte, req.Length), int64(req.Offset))
			}
			nbdSimpleReply(w, req.Handle, nbdErrno(err))
		case nbdCmdDisc:
			w.Flush()
			return dev.Sync()
		default:
			nbdSimpleReply(w, req.Handle, nbdEINVAL)
		}
		if r.Buffered() == 0 {
			if err := w.Flush(); err != nil {
				return err
			}
		}
	}
}

// nbdCheck refuses a request past the end of the export (with pastEnd:
// EINVAL for a read, ENOSPC for a write) or larger than the server takes
// (EOVERFLOW).
func nbdCheck(dev *Device, req nbdRequest, pastEnd uint32) uint32 {
	if req.Length > nbdMaxRequest {
		return nbdEOVERFLOW
	}
	if req.Offset+uint64(req.Length) > uint64(dev.Size()) || req.Offset > 1<<62 {
		return pastEnd
	}
	return 0
}

// nbdErrno is the error a reply carries for err: the errno the simulated
// kernel gave, as Linux numbers it (the protocol's numbers are Linux's),
// or EIO.
func nbdErrno(err error) uint32 {
	if err == nil {
		return 0
	}
	var e errno.Errno
	if errors.As(err, &e) && e > 0 {
		switch e {
		case errno.EPERM, errno.EIO, errno.ENOMEM, errno.EINVAL, errno.ENOSPC, errno.EOPNOTSUPP:
			return uint32(e)
		}
	}
	return nbdEIO
}

// nbdSimpleReply writes a simple reply's header; a read's data follows it.
func nbdSimpleReply(w *bufio.Writer, handle uint64, e uint32) {
	binary.Write(w, binary.BigEndian, struct {
		Magic  uint32
		Error  uint32
		Handle uint64
	}{nbdReplyMagic, e, handle})
}
