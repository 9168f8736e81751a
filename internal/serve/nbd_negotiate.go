package serve

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// errNBDAbort is a client's NBD_OPT_ABORT: the handshake ends without an
// export.
var errNBDAbort = errors.New("client aborted the handshake")

// nbdOptionMax bounds an option's data, which is at most an export name
// and a few info requests: more is a confused or hostile client.
const nbdOptionMax = 64 << 10

// nbdHandshake runs the fixed newstyle handshake on rw and returns the
// export the client chose (NBD_OPT_GO or NBD_OPT_EXPORT_NAME), opened.
func (s *NBDServer) nbdHandshake(r *bufio.Reader, w *bufio.Writer) (*Device, error) {
	binary.Write(w, binary.BigEndian, struct {
		Magic, OptMagic uint64
		Flags           uint16
	}{nbdMagic, nbdOptMagic, nbdFlagFixedNewstyle | nbdFlagNoZeroes})
	if err := w.Flush(); err != nil {
		return nil, err
	}
	var clientFlags uint32
	if err := binary.Read(r, binary.BigEndian, &clientFlags); err != nil {
		return nil, err
	}
	if clientFlags&nbdFlagFixedNewstyle == 0 {
		return nil, errors.New("client does not speak fixed newstyle")
	}
	noZeroes := clientFlags&nbdFlagNoZeroes != 0
	for {
		var opt struct {
			Magic  uint64
			Option uint32
			Length uint32
		}
		if err := binary.Read(r, binary.BigEndian, &opt); err != nil {
			return nil, err
		}
		if opt.Magic != nbdOptMagic {
			return nil, fmt.Errorf("bad option magic %#x", opt.Magic)
		}
		if opt.Length > nbdOptionMax {
			return nil, fmt.Errorf("option %d of %d bytes", opt.Option, opt.Length)
		}
		data := make([]byte, opt.Length)
		if _, err := io.ReadFull(r, data); err != nil {
			return nil, err
		}
		dev, err := s.nbdOption(w, opt.Option, data, noZeroes)
		if err != nil || dev != nil {
			return dev, err
		}
		if err := w.Flush(); err != nil {
			return nil, err
		}
	}
}

// nbdOption answers one option. It returns the opened export when the
// option ends the handshake.
func (s *NBDServer) nbdOption(w *bufio.Writer, option uint32, data []byte, noZeroes bool) (*Device, error) {
	switch option {
	case nbdOptExportName:
		n, ok := s.export(string(data))
		if !ok {
			return nil, fmt.Errorf("no export %q", data)
		}
		dev, err := s.m.Open(n.Partno)
		if err != nil {
			return nil, err
		}
		binary.Write(w, binary.BigEndian, struct {
			Size  uint64
			Flags uint16
		}{uint64(dev.Size()), nbdTransmissionFlags})
		if !noZeroes {
			w.Write(make([]byte, 124))
		}
		return dev, w.Flush()
	case nbdOptAbort:
		nbdReply(w, option, nbdRepAck, nil)
		w.Flush()
		return nil, errNBDAbort
	case nbdOptList:
		for _, n := range s.m.Nodes() {
			name := binary.BigEndian.AppendUint32(nil, uint32(len(n.Name)))
			nbdReply(w, option, nbdRepServer, append(name, n.Name...))
		}
		nbdReply(w, option, nbdRepAck, nil)
		return nil, nil
	case nbdOptInfo, nbdOptGo:
		return s.nbdInfo(w, option, data)
	default:
		nbdReply(w, option, nbdRepErrUnsup, nil)
		return nil, nil
	}
}

// nbdInfo answers NBD_OPT_INFO and NBD_OPT_GO: the export's size and
// flags, its block sizes if the client asked (512 bytes, the simulated
// disk's sector, as the minimum; 4 KiB, a page, preferred), and for GO
// the export opened.
func (s *NBDServer) nbdInfo(w *bufio.Writer, option uint32, data []byte) (*Device, error) {
	if len(data) < 4 {
		nbdReply(w, option, nbdRepErrInvalid, nil)
		return nil, nil
	}
	nameLen := binary.BigEndian.Uint32(data)
	if uint64(len(data)) < 4+uint64(nameLen)+2 {
		nbdReply(w, option, nbdRepErrInvalid, nil)
		return nil, nil
	}
	name := string(data[4 : 4+nameLen])
	infos := data[4+nameLen+2:]
	if len(infos) != 2*int(binary.BigEndian.Uint16(data[4+nameLen:])) {
		nbdReply(w, option, nbdRepErrInvalid, nil)
		return nil, nil
	}
	n, ok := s.export(name)
	if !ok {
		nbdReply(w, option, nbdRepErrUnknown, []byte("no export "+name))
		return nil, nil
	}
	var dev *Device
	size := n.Size
	if option == nbdOptGo {
		var err error
		if dev, err = s.m.Open(n.Partno); err != nil {
			nbdReply(w, option, nbdRepErrUnknown, []byte(err.Error()))
			return nil, nil
		}
		size = dev.Size()
	}
	info := binary.BigEndian.AppendUint16(nil, nbdInfoExport)
	info = binary.BigEndian.AppendUint64(info, uint64(size))
	info = binary.BigEndian.AppendUint16(info, nbdTransmissionFlags)
	nbdReply(w, option, nbdRepInfo, info)
	for i := 0; i < len(infos); i += 2 {
		if binary.BigEndian.Uint16(infos[i:]) == nbdInfoBlockSize {
			bs := binary.BigEndian.AppendUint16(nil, nbdInfoBlockSize)
			bs = binary.BigEndian.AppendUint32(bs, sectorSize)
			bs = binary.BigEndian.AppendUint32(bs, 4096)
			bs = binary.BigEndian.AppendUint32(bs, nbdMaxRequest)
			nbdReply(w, option, nbdRepInfo, bs)
		}
	}
	nbdReply(w, option, nbdRepAck, nil)
	if dev != nil {
		return dev, w.Flush()
	}
	return nil, nil
}

// export finds the export a client names: "" and the disk's name are the
// whole disk, a partition's name is that partition.
func (s *NBDServer) export(name string) (Node, bool) {
	if name == "" {
		return s.m.Nodes()[0], true
	}
	return s.m.Lookup(name)
}

// nbdReply writes one option reply.
func nbdReply(w *bufio.Writer, option, typ uint32, data []byte) {
	binary.Write(w, binary.BigEndian, struct {
		Magic        uint64
		Option, Type uint32
		Length       uint32
	}{nbdRepMagic, option, typ, uint32(len(data))})
	w.Write(data)
}
