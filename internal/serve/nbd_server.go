package serve

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"syscall"
)

// NBDServer serves the machine's devices as NBD exports: the default
// export ("") and the disk's name are the whole disk, and each partition
// is the export of its name. Each connection opens its export in the
// simulated kernel for as long as it lasts.
type NBDServer struct {
	m  *Machine
	ln net.Listener

	mu    sync.Mutex
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
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

// handle runs one connection: handshake, then requests.
func (s *NBDServer) handle(c net.Conn) {
	defer s.wg.Done()
	defer func() {
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
		c.Close()
	}()
	r, w := bufio.NewReaderSize(c, 1<<20), bufio.NewWriterSize(c, 1<<20)
	dev, err := s.nbdHandshake(r, w)
	if dev != nil {
		if err == nil {
			err = nbdTransmit(r, w, dev)
		}
		if cerr := dev.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) && !errors.Is(err, errNBDAbort) {
		s.m.logf("nbd %s: %v", c.RemoteAddr(), err)
	}
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
