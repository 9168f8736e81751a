package serve

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pojntfx/go-nbd/pkg/protocol"

	"simpblkdev/blockdev/ktest"
	"simpblkdev/internal/chapters"
)

// listenNBD serves m on a free loopback port until t ends.
func listenNBD(t *testing.T, m *Machine) string {
	t.Helper()
	s, err := ListenNBD("127.0.0.1:0", false, m)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s.Addr().String()
}

// TestNBDQemuIO: qemu-io writes a pattern over NBD and reads it back, on
// every chapter's driver; a read past the end fails (qemu-io refuses it
// itself, from the export's size) and the next client is served.
func TestNBDQemuIO(t *testing.T) {
	needTools(t, "qemu-io")
	for _, ch := range chapters.All {
		t.Run(ch.Package, func(t *testing.T) {
			url := "nbd://" + listenNBD(t, startMachine(t, ch.Module))
			out := mustRun(t, "qemu-io", "-f", "raw", url, "-c", "write -P 0xab 0 1M", "-c", "read -P 0xab 0 1M")
			if strings.Contains(out, "fail") || strings.Contains(out, "Pattern verification") {
				t.Errorf("qemu-io:\n%s", out)
			}
			out, err := run("qemu-io", "-f", "raw", url, "-c", "read 16M 4096")
			if err == nil && !strings.Contains(out, "read failed") {
				t.Errorf("a read past the end of the 16 MiB disk should fail:\n%s", out)
			}
			out = mustRun(t, "qemu-io", "-f", "raw", url, "-c", "read -P 0xab 1020K 4K")
			if strings.Contains(out, "fail") || strings.Contains(out, "Pattern verification") {
				t.Errorf("qemu-io after the read past the end:\n%s", out)
			}
		})
	}
}

// TestNBDCopy: nbdcopy of a 16 MiB image into the export and out again
// round-trips byte for byte; nbdinfo --list shows the disk's name (and
// only that: go-nbd v0.3.2 puts every name in one NBD_REP_SERVER reply,
// and a client reads the first).
func TestNBDCopy(t *testing.T) {
	needTools(t, "nbdcopy", "nbdinfo")
	for _, ch := range chapters.All {
		t.Run(ch.Package, func(t *testing.T) {
			m := startMachine(t, ch.Module)
			url := "nbd://" + listenNBD(t, m)
			dir := t.TempDir()
			in, out := filepath.Join(dir, "in.img"), filepath.Join(dir, "out.img")
			want := ktest.Pattern(int(m.Whole().Size()), 9)
			os.WriteFile(in, want, 0o644)
			mustRun(t, "nbdcopy", in, url)
			mustRun(t, "nbdcopy", url, out)
			got, _ := os.ReadFile(out)
			if !bytes.Equal(got, want) {
				t.Errorf("nbdcopy in and out differs:\n%s", ktest.DiffBytes(want, got))
			}
			if list := mustRun(t, "nbdinfo", "--list", url); !strings.Contains(list, `export="`+m.Disk.DiskName+`"`) {
				t.Errorf("nbdinfo --list:\n%s", list)
			}
		})
	}
}

// nbdClient is the least of a client, to send what real clients never do.
type nbdClient struct {
	t    *testing.T
	conn net.Conn
}

// dialNBD connects and chooses the default export with NBD_OPT_GO.
func dialNBD(t *testing.T, addr string) *nbdClient {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	t.Cleanup(func() { conn.Close() })
	var hello protocol.NegotiationNewstyleHeader
	if err := binary.Read(conn, binary.BigEndian, &hello); err != nil {
		t.Fatal(err)
	}
	binary.Write(conn, binary.BigEndian, uint32(protocol.NEGOTIATION_HANDSHAKE_FLAG_FIXED_NEWSTYLE))
	binary.Write(conn, binary.BigEndian, struct {
		protocol.NegotiationOptionHeader
		NameLen uint32
		Infos   uint16
	}{protocol.NegotiationOptionHeader{OptionMagic: protocol.NEGOTIATION_MAGIC_OPTION, ID: protocol.NEGOTIATION_ID_OPTION_GO, Length: 6}, 0, 0})
	for {
		var rep protocol.NegotiationReplyHeader
		if err := binary.Read(conn, binary.BigEndian, &rep); err != nil {
			t.Fatal(err)
		}
		if _, err := io.CopyN(io.Discard, conn, int64(rep.Length)); err != nil {
			t.Fatal(err)
		}
		switch rep.Type {
		case protocol.NEGOTIATION_TYPE_REPLY_ACK:
			return &nbdClient{t, conn}
		case protocol.NEGOTIATION_TYPE_REPLY_INFO:
		default:
			t.Fatalf("NBD_OPT_GO: reply %#x", rep.Type)
		}
	}
}

// nbdCmdFlush is NBD_CMD_FLUSH, which go-nbd neither names nor offers.
const nbdCmdFlush = 3

// request sends one request and returns the reply's error and a read's
// data, or the error that ended the connection before the whole reply.
func (c *nbdClient) request(typ uint16, off uint64, length uint32, payload []byte) (uint32, []byte, error) {
	binary.Write(c.conn, binary.BigEndian, protocol.TransmissionRequestHeader{
		RequestMagic: protocol.TRANSMISSION_MAGIC_REQUEST, Type: typ, Handle: 7, Offset: off, Length: length})
	c.conn.Write(payload)
	var rep protocol.TransmissionReplyHeader
	if err := binary.Read(c.conn, binary.BigEndian, &rep); err != nil {
		return 0, nil, err
	}
	if rep.ReplyMagic != protocol.TRANSMISSION_MAGIC_REPLY || rep.Handle != 7 {
		return 0, nil, fmt.Errorf("reply %+v", rep)
	}
	var data []byte
	if typ == protocol.TRANSMISSION_TYPE_REQUEST_READ && rep.Error == 0 {
		data = make([]byte, length)
		if _, err := io.ReadFull(c.conn, data); err != nil {
			return rep.Error, nil, err
		}
	}
	return rep.Error, data, nil
}

// logLines collects m's log lines.
func logLines(t *testing.T, m *Machine) func() []string {
	var mu sync.Mutex
	var lines []string
	m.Logf = func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		lines = append(lines, fmt.Sprintf(format, args...))
		t.Logf(format, args...)
	}
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(lines)
	}
}

// TestNBDBadRequests: what go-nbd v0.3.2 can honestly do with requests a
// block device would refuse. It has no per-request errors for reads and
// writes: it sends a read's success header before it reads, and ends the
// connection on any error from the backend, so a request past the end, an
// oversized one or one whose bio the driver fails ends that client's
// connection (and is logged), instead of getting EINVAL, ENOSPC or EIO in
// its reply. What must hold is that the stream never goes out of step
// (no short data after a success header), that no other client notices,
// that new clients are served, and that nothing panics. Zero-length and
// unaligned requests are served; a command it does not know with no data
// (NBD_CMD_FLUSH, which it does not offer) is its one per-request error,
// EINVAL.
func TestNBDBadRequests(t *testing.T) {
	m := startMachine(t, testdiskModule(1, 100, 101))
	logged := logLines(t, m)
	addr := listenNBD(t, m)
	size := uint64(m.Whole().Size())
	const read, write = protocol.TRANSMISSION_TYPE_REQUEST_READ, protocol.TRANSMISSION_TYPE_REQUEST_WRITE

	other := dialNBD(t, addr)
	if e, _, err := other.request(write, 0, 5, []byte("hello")); e != 0 || err != nil {
		t.Fatalf("write: error %d, %v", e, err)
	}
	for _, r := range []struct {
		what    string
		typ     uint16
		off     uint64
		length  uint32
		payload []byte
		log     string
	}{
		{"read past the end", read, size - 512, 1024, nil, "read of 1024 bytes at 33553920 is past the end of testdisk (33554432 bytes)"},
		{"read at a huge offset", read, 1 << 63, 512, nil, "read of 512 bytes at 9223372036854775808 is past the end"},
		{"write past the end", write, size, 512, make([]byte, 512), "write of 512 bytes at 33554432 is past the end"},
		{"read of a bio the driver fails", read, 100 * 512, 512, nil, "read of 512 bytes at 51200 of testdisk: Input/output error"},
		{"write of a bio the driver fails", write, 99 * 512, 1024, make([]byte, 1024), "write of 1024 bytes at 50688 of testdisk: Input/output error"},
		{"oversized read", read, 0, 32<<20 + 1, nil, "invalid blocksize"},
	} {
		c := dialNBD(t, addr)
		before := len(logged())
		e, data, err := c.request(r.typ, r.off, r.length, r.payload)
		if err == nil {
			t.Errorf("%s: error %d, %d bytes; want the connection ended", r.what, e, len(data))
			continue
		}
		// The log line comes from the server's goroutine after it closed
		// the connection: wait for it.
		var lines []string
		for deadline := time.Now().Add(5 * time.Second); len(lines) <= before && time.Now().Before(deadline); time.Sleep(time.Millisecond) {
			lines = logged()
		}
		if len(lines) != before+1 || !strings.Contains(lines[before], r.log) {
			t.Errorf("%s: logged %q, want one line with %q", r.what, lines[before:], r.log)
		}
	}

	bad := dialNBD(t, addr)
	bad.conn.Write(make([]byte, 28)) // a request of zeros: no magic
	if _, err := bad.conn.Read(make([]byte, 1)); err == nil {
		t.Errorf("a request without its magic: the connection goes on")
	}

	c := dialNBD(t, addr)
	for _, r := range []struct {
		what    string
		typ     uint16
		off     uint64
		length  uint32
		payload []byte
		want    uint32
	}{
		{"zero-length read", read, 0, 0, nil, 0},
		{"zero-length write", write, 0, 0, nil, 0},
		{"unaligned write", write, 3, 5, []byte("world"), 0},
		{"flush, which go-nbd does not offer", nbdCmdFlush, 0, 0, nil, protocol.TRANSMISSION_ERROR_EINVAL},
		{"an unknown command", 99, 0, 0, nil, protocol.TRANSMISSION_ERROR_EINVAL},
	} {
		if e, _, err := c.request(r.typ, r.off, r.length, r.payload); e != r.want || err != nil {
			t.Errorf("%s: error %d, %v; want %d", r.what, e, err, r.want)
		}
	}
	for _, cl := range []*nbdClient{c, other} {
		if e, data, err := cl.request(read, 0, 16, nil); e != 0 || err != nil || string(data[:8]) != "helworld" {
			t.Errorf("after the bad requests, read: error %d, %v, data %q", e, err, data)
		}
	}
	if e, _, err := c.request(protocol.TRANSMISSION_TYPE_REQUEST_DISC, 0, 0, nil); err != nil && !errors.Is(err, io.EOF) {
		t.Errorf("disconnect: error %d, %v", e, err)
	}
}

// TestNBDPartitionExports: after the simulated kernel re-reads a table
// sfdisk wrote, each partition is the export of its name, and reads and
// writes that partition's part of the disk.
func TestNBDPartitionExports(t *testing.T) {
	needTools(t, "sfdisk", "nbdcopy")
	m := startMachine(t, testdiskModule(16, 0, 0))
	addr := listenNBD(t, m)
	img := filepath.Join(t.TempDir(), "disk.img")
	os.WriteFile(img, ktest.Pattern(int(m.Whole().Size()), 3), 0o644)
	if out, err := runStdin("label: dos\n,8MiB,L\n,,L\n", "sfdisk", "-q", img); err != nil {
		t.Fatalf("sfdisk: %v\n%s", err, out)
	}
	mustRun(t, "nbdcopy", img, "nbd://"+addr+"/"+m.Disk.DiskName)
	if err := m.Reread(); err != nil {
		t.Fatalf("re-read: %v", err)
	}
	disk, _ := os.ReadFile(img)
	parts := m.Disk.Partitions()
	if len(parts) != 2 {
		t.Fatalf("after the re-read %d partitions, want 2:\n%s", len(parts), m.K.Dmesg())
	}
	for _, p := range parts {
		name := partitionName(m.Disk.DiskName, p.Partno)
		out := filepath.Join(t.TempDir(), name)
		mustRun(t, "nbdcopy", "nbd://"+addr+"/"+name, out)
		got, _ := os.ReadFile(out)
		want := disk[p.StartSect<<9 : (p.StartSect+p.NrSects)<<9]
		if !bytes.Equal(got, want) {
			t.Errorf("export %s differs from its part of the disk:\n%s", name, ktest.DiffBytes(want, got))
		}
	}
}
