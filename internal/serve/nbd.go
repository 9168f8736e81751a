package serve

import (
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"syscall"

	"github.com/pojntfx/go-nbd/pkg/server"
)

// NBDServer serves the machine's devices as NBD exports with go-nbd's
// server: the default export ("") and the disk's name are the whole disk,
// and each partition is the export of its name. The protocol is go-nbd's;
// this file listens, accepts, and gives each connection its exports.
type NBDServer struct {
	m  *Machine
	ln net.Listener

	mu    sync.Mutex
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
}

// nbdOptions is what every export offers besides reads and writes: block
// sizes of 512 bytes (the simulated disk's sector) at least, a 4 KiB page
// preferred, go-nbd's 32 MiB at most; and several connections at once
// (each request reaches the one simulated disk before it is answered, so
// all connections see the same data). go-nbd sends a transmission flags
// word of 0, without even NBD_FLAG_HAS_FLAGS, unless SupportsMultiConn.
var nbdOptions = server.Options{
	MinimumBlockSize:   sectorSize,
	PreferredBlockSize: 4096,
	MaximumBlockSize:   32 << 20,
	SupportsMultiConn:  true,
}

// ListenNBD listens on addr, which must be a loopback address unless
// listenAny: an NBD export has no authentication, and whoever reaches the
// port can write the disk. A port in use is a *BusyError.
func ListenNBD(addr string, listenAny bool, m *Machine) (*NBDServer, error) {
	if !listenAny {
		if err := checkLoopback(addr); err != nil {
			return nil, err
		}
	}
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, &BusyError{What: addr, Why: "is in use (another blksim serve?)"}
	}
	if err != nil {
		return nil, err
	}
	s := &NBDServer{m: m, ln: ln, conns: map[net.Conn]struct{}{}}
	s.wg.Add(1)
	go s.accept()
	return s, nil
}

// checkLoopback refuses an address that is not on the loopback interface.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); host == "localhost" || (ip != nil && ip.IsLoopback()) {
		return nil
	}
	return fmt.Errorf("%s is not a loopback address, and anyone who reaches it could write the disk: use 127.0.0.1, or add --listen-any to mean it", addr)
}

// Addr is the address listened on (the port chosen, for port 0).
func (s *NBDServer) Addr() net.Addr { return s.ln.Addr() }

func (s *NBDServer) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.conns[c] = struct{}{}
		s.mu.Unlock()
		s.wg.Add(1)
		go s.handle(c)
	}
}

// handle runs one connection with go-nbd, on the exports the disk has
// when it connects, and closes what it opened. go-nbd ends the connection
// on any request it cannot serve whole; the reason is logged here.
func (s *NBDServer) handle(c net.Conn) {
	defer s.wg.Done()
	exports, backends := s.exports()
	err := server.Handle(c, exports, &nbdOptions)
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	c.Close()
	for _, b := range backends {
		if cerr := b.close(); err == nil {
			err = cerr
		}
	}
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) {
		s.m.logf("nbd %s: %v: connection closed", c.RemoteAddr(), err)
	}
}

// exports is one connection's export list: the whole disk by its name
// and as the default export "", then each partition by its name. go-nbd
// v0.3.2 answers NBD_OPT_LIST with every name in one NBD_REP_SERVER reply
// where the protocol wants one reply per name, so a client's list shows
// the first name only: the disk's name goes first, to be the one shown.
func (s *NBDServer) exports() ([]*server.Export, []*nbdBackend) {
	nodes := s.m.Nodes()
	var exports []*server.Export
	var backends []*nbdBackend
	add := func(name string, n Node) {
		desc := "/dev/" + n.Name + ", the whole disk"
		if n.Partno > 0 {
			desc = fmt.Sprintf("/dev/%s, partition %d", n.Name, n.Partno)
		}
		b := &nbdBackend{m: s.m, partno: n.Partno}
		exports = append(exports, &server.Export{Name: name, Description: desc, Backend: b})
		backends = append(backends, b)
	}
	add(nodes[0].Name, nodes[0])
	add("", nodes[0])
	for _, n := range nodes[1:] {
		add(n.Name, n)
	}
	return exports, backends
}

// Close stops listening, drops every connection and waits for their
// devices to close.
func (s *NBDServer) Close() error {
	err := s.ln.Close()
	s.mu.Lock()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
	return err
}
