package serve

import (
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
// every chapter's driver; a read past the end is refused.
func TestNBDQemuIO(t *testing.T) {
	needTools(t, "qemu-io")
	for _, ch := range chapters.All {
		t.Run(ch.Package, func(t *testing.T) {
			url := "nbd://" + listenNBD(t, startMachine(t, ch.Module))
			out := mustRun(t, "qemu-io", "-f", "raw", url, "-c", "write -P 0xab 0 1M", "-c", "read -P 0xab 0 1M")
			if strings.Contains(out, "fail") || strings.Contains(out, "Pattern verification") {
				t.Errorf("qemu-io:\n%s", out)
			}
			out, _ = run("qemu-io", "-f", "raw", url, "-c", "read 16M 4096")
			if !strings.Contains(out, "read failed") {
				t.Errorf("a read past the end of the 16 MiB disk should fail:\n%s", out)
			}
		})
	}
}

// TestNBDCopy: nbdcopy of a 16 MiB image into the export and out again
// round-trips byte for byte; the partitions' named exports list.
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
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	t.Cleanup(func() { conn.Close() })
	c := &nbdClient{t, conn}
	var hello [18]byte
	c.read(hello[:])
	binary.Write(conn, binary.BigEndian, uint32(nbdFlagFixedNewstyle|nbdFlagNoZeroes))
	binary.Write(conn, binary.BigEndian, struct {
		Magic          uint64
		Option, Length uint32
		NameLen        uint32
		Infos          uint16
	}{nbdOptMagic, nbdOptGo, 6, 0, 0})
	for {
		var rep struct {
			Magic              uint64
			Option, Type, Size uint32
		}
		binary.Read(conn, binary.BigEndian, &rep)
		c.read(make([]byte, rep.Size))
		if rep.Type == nbdRepAck {
			return c
		}
		if rep.Type != nbdRepInfo {
			t.Fatalf("NBD_OPT_GO: reply %#x", rep.Type)
		}
	}
}

func (c *nbdClient) read(p []byte) {
	if _, err := io.ReadFull(c.conn, p); err != nil {
		c.t.Fatal(err)
	}
}

// request sends one request and returns the reply's error and data.
func (c *nbdClient) request(typ uint16, off uint64, length uint32, payload []byte) (uint32, []byte) {
	binary.Write(c.conn, binary.BigEndian, nbdRequest{nbdRequestMagic, 0, typ, 7, off, length})
	c.conn.Write(payload)
	var rep struct {
		Magic, Error uint32
		Handle       uint64
	}
	if err := binary.Read(c.conn, binary.BigEndian, &rep); err != nil {
		c.t.Fatal(err)
	}
	if rep.Magic != nbdReplyMagic || rep.Handle != 7 {
		c.t.Fatalf("reply %+v", rep)
	}
	var data []byte
	if typ == nbdCmdRead && rep.Error == 0 {
		data = make([]byte, length)
		c.read(data)
	}
	return rep.Error, data
}

// TestNBDBadRequests: past the end, unaligned, zero-length, oversized and
// unknown requests get a block device's errors, a failing bio an EIO on
// its request only, and the connection goes on.
func TestNBDBadRequests(t *testing.T) {
	m := startMachine(t, testdiskModule(1, 100, 101))
	c := dialNBD(t, listenNBD(t, m))
	size := uint64(m.Whole().Size())
	for _, r := range []struct {
		what    string
		typ     uint16
		off     uint64
		length  uint32
		payload []byte
		want    uint32
	}{
		{"read past the end", nbdCmdRead, size - 512, 1024, nil, nbdEINVAL},
		{"read at a huge offset", nbdCmdRead, 1 << 63, 512, nil, nbdEINVAL},
		{"write past the end", nbdCmdWrite, size, 512, make([]byte, 512), nbdENOSPC},
		{"zero-length read", nbdCmdRead, 0, 0, nil, 0},
		{"zero-length write", nbdCmdWrite, 0, 0, nil, 0},
		{"unaligned write", nbdCmdWrite, 3, 5, []byte("hello"), 0},
		{"oversized read", nbdCmdRead, 0, nbdMaxRequest + 1, nil, nbdEOVERFLOW},
		{"a bio the driver fails", nbdCmdRead, 100 * 512, 512, nil, nbdEIO},
		{"unknown command", 99, 0, 0, nil, nbdEINVAL},
		{"flush", nbdCmdFlush, 0, 0, nil, 0},
		{"write zeroes", nbdCmdWriteZeroes, 4096, 4096, nil, 0},
	} {
		if got, _ := c.request(r.typ, r.off, r.length, r.payload); got != r.want {
			t.Errorf("%s: error %d, want %d", r.what, got, r.want)
		}
	}
	if e, data := c.request(nbdCmdRead, 0, 16, nil); e != 0 || string(data[3:8]) != "hello" {
		t.Errorf("after the bad requests, read: error %d, data %q", e, data)
	}
}
