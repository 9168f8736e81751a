package blockdev

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The test driver's bugs, each a function of its own so that the oops
// names it ("EIP is at requestNilPointer+…").
func requestNilPointer(req *Request) {
	var bio *Bio
	req.Sector = bio.BiSector
}

func requestNilMap(req *Request) {
	var seen map[uint64]bool
	seen[req.Sector] = true
}

func requestPastTheArray(req *Request) {
	var data [8]byte
	i := int(req.Sector) + 8
	req.Sector = uint64(data[i])
}

func makeRequestBUG(q *RequestQueue, bio *Bio) int { panic("simp_blkdev: bi_size is odd") }

// makeRequestSegmentBUG oopses in the body of its bio_for_each_segment
// loop, which Go compiles to a closure the kernel's iterator calls.
func makeRequestSegmentBUG(q *RequestQueue, bio *Bio) int {
	var data []byte
	for _, bvec := range BioSegments(bio) {
		data[bvec.BvOffset] = 0
	}
	BioEndio(bio, 0)
	return 0
}

// oopsingRamdisk is the test driver with bug run on each request (on each
// bio, for a make_request bug), or panicking in init or getgeo.
func oopsingRamdisk(onRequest func(*Request), makeRequest MakeRequestFn, inInit, inGetgeo bool) *ModuleInfo {
	info := ramdiskModule("ramdisk", makeRequest != nil, false)
	info.New = func(k *Kernel, this *Module) ModuleCode {
		d := &ramdisk{k: k, this: this, bioBased: makeRequest != nil, minors: 1, onRequest: onRequest}
		return &oopsingCode{d, makeRequest, inInit, inGetgeo}
	}
	return info
}

type oopsingCode struct {
	*ramdisk
	makeRequest      MakeRequestFn
	inInit, inGetgeo bool
}

func (c *oopsingCode) Init() Errno {
	if c.inInit {
		var q *RequestQueue
		q.NrRequests = 1
	}
	if ret := c.ramdisk.Init(); ret != 0 {
		return ret
	}
	if c.makeRequest != nil {
		BlkQueueMakeRequest(c.q, c.makeRequest)
	}
	if c.inGetgeo {
		c.fops.Getgeo = func(b *BlockDevice, geo *HdGeometry) Errno { panic(errors.New("getgeo: no geometry")) }
	}
	return 0
}

func TestDriverOopses(t *testing.T) {
	tests := []struct {
		name        string
		onRequest   func(*Request)
		makeRequest MakeRequestFn
		want        []string // lines of the log
	}{
		{"nil pointer in the request function", requestNilPointer, nil, []string{
			"BUG: unable to handle kernel NULL pointer dereference at virtual address 00000000",
			"Oops: 0000 [#1]", "Modules linked in: ramdisk", "EIP is at requestNilPointer+0x",
			"Go panic: runtime error: invalid memory address or nil pointer dereference (oops_test.go:16)"}},
		{"nil map in the request function", requestNilMap, nil, []string{
			"BUG: unable to handle kernel NULL pointer dereference at virtual address 00000000",
			"Oops: 0002 [#1]", "EIP is at requestNilMap+0x", "assignment to entry in nil map"}},
		{"index out of range in the request function", requestPastTheArray, nil, []string{
			"BUG: unable to handle kernel paging request at virtual address ",
			"Oops: 0000 [#1]", "EIP is at requestPastTheArray+0x", "index out of range"}},
		{"a slice of nothing in the request function", requestThroughNULL, nil, []string{
			"BUG: unable to handle kernel NULL pointer dereference at virtual address 00000000",
			"Oops: 0000 [#1]", "EIP is at requestThroughNULL+0x", "with capacity 0"}},
		{"panic in make_request", nil, makeRequestBUG, []string{
			"kernel BUG at oops_test.go:30!", "invalid opcode: 0000 [#1]",
			"EIP is at makeRequestBUG+0x", "Go panic: simp_blkdev: bi_size is odd (oops_test.go:30)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := Boot(Config{Seed: 7})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := k.InitModule(oopsingRamdisk(tt.onRequest, tt.makeRequest, false, false), ""); err != nil {
				t.Fatalf("insmod: %v", err)
			}
			var seen []*Oops
			defer OnOops(func(o *Oops) { seen = append(seen, o) })()
			b, err := k.Open("/dev/ramdisk")
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			buf := make([]byte, 4096)
			// The oops is in the reader's own submit or unplug: it
			// killed the reader.
			_, err = b.ReadDirect(buf, 0)
			var killed *Killed
			if !errors.As(err, &killed) || killed.Signal != SIGSEGV || killed.Oops == nil || !errors.Is(err, ErrKilled) {
				t.Errorf("the read that oopsed: %v, want *Killed by SIGSEGV", err)
			}
			if errors.Is(err, EFAULT) || errors.Is(err, EIO) {
				t.Errorf("the read that oopsed: %v is an errno", err)
			}
			// The queue's driver is dead: the next read gives up at once.
			if _, err := b.ReadDirect(buf, 4096); err != EIO {
				t.Errorf("a read after the oops: %v, want EIO", err)
			}
			log := k.Dmesg()
			for _, line := range append(tt.want, "INFO: ramdisk: the queue's driver oopsed holding it; I/O to it fails with -EIO instead of waiting for ever") {
				if !strings.Contains(log, line) {
					t.Errorf("dmesg lacks %q:\n%s", line, log)
				}
			}
			if strings.Contains(log, "I/O never completed") {
				t.Errorf("the killed reader waited for its I/O:\n%s", log)
			}
			if n := strings.Count(log, "[#"); n != 1 || k.Oopses() != 1 {
				t.Errorf("%d oopses in the log, Oopses() = %d; want 1", n, k.Oopses())
			}
			if len(seen) != 1 || !strings.Contains(seen[0].Text, tt.want[0]) {
				t.Errorf("OnOops saw %d oopses, want the one: %v", len(seen), seen)
			}
		})
	}
}

func TestInitOopses(t *testing.T) {
	k, err := Boot(Config{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	info := oopsingRamdisk(nil, nil, true, false)
	if _, err := k.InitModule(info, ""); !errors.Is(err, ErrKilled) {
		t.Fatalf("insmod whose init oopses: %v, want it killed", err)
	}
	if err := logged(k, "Oops: 0000 [#1]", "EIP is at Init+0x"); err != nil {
		t.Error(err)
	}
	if s := k.ProcModules(); !strings.Contains(s, "ramdisk 4096 0 - Loading") {
		t.Errorf("/proc/modules:\n%s\nwant ramdisk Loading", s)
	}
	if err := k.DeleteModule("ramdisk"); err != EBUSY {
		t.Errorf("rmmod of the half-loaded module: %v, want EBUSY", err)
	}
	if _, err := k.InitModule(info, ""); err != EEXIST {
		t.Errorf("insmod again: %v, want EEXIST", err)
	}
}

// TestOopsCallTraceNames: an oops in the body of a make_request
// function's loop over the bio's segments is at the driver's function, as
// in C, where bio_for_each_segment is a macro: not at Go's name for the
// loop body ("-range1"). The kernel's iterator between the two driver
// frames is the kernel's, at a kernel address and without the module's
// tag, though inlining may have compiled it into the driver (and the
// tests' driver is of the kernel's own package).
func TestOopsCallTraceNames(t *testing.T) {
	k, err := Boot(Config{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.InitModule(oopsingRamdisk(nil, makeRequestSegmentBUG, false, false), ""); err != nil {
		t.Fatalf("insmod: %v", err)
	}
	var oops *Oops
	defer OnOops(func(o *Oops) { oops = o })()
	b, err := k.Open("/dev/ramdisk")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := b.ReadDirect(make([]byte, 4096), 0); !errors.Is(err, ErrKilled) {
		t.Fatalf("the read that oopsed: %v, want killed", err)
	}
	if oops == nil {
		t.Fatal("no oops")
	}
	if oops.Func != "makeRequestSegmentBUG" {
		t.Errorf("Oops.Func = %q, want makeRequestSegmentBUG", oops.Func)
	}
	// " [<f9028314>] makeRequestSegmentBUG+0x314/0x360 [ramdisk]" is
	// "f9 makeRequestSegmentBUG [ramdisk]".
	frame := regexp.MustCompile(`^ \[<(..)[0-9a-f]{6}>\] ([^+]+)\+0x[0-9a-f]+/0x[0-9a-f]+( \[ramdisk\])?$`)
	var trace []string
	eip := ""
	in := false
	for _, line := range strings.Split(oops.Text, "\n") {
		switch {
		case strings.HasPrefix(line, "EIP is at "):
			eip = frame.ReplaceAllString(" [<00000000>] "+strings.TrimPrefix(line, "EIP is at "), "$2$3")
		case line == "Call Trace:":
			in = true
		case strings.HasPrefix(line, "Go panic:"):
			in = false
		case in:
			m := frame.FindStringSubmatch(line)
			if m == nil {
				t.Fatalf("call trace line %q", line)
			}
			trace = append(trace, m[1]+" "+m[2]+m[3])
		}
	}
	if eip != "makeRequestSegmentBUG [ramdisk]" {
		t.Errorf("EIP is at %q, want makeRequestSegmentBUG [ramdisk]", eip)
	}
	want := []string{
		"f9 makeRequestSegmentBUG [ramdisk]", // the loop body
		"c0 BioSegments",                     // the iterator calling it
		"f9 makeRequestSegmentBUG [ramdisk]", // the range statement
		"c0 runMakeRequestFn",
	}
	if d := cmp.Diff(want, trace); d != "" {
		t.Errorf("call trace (-want +got):\n%s\n%s", d, oops.Text)
	}
}

func TestGetgeoOopses(t *testing.T) {
	k, err := Boot(Config{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.InitModule(oopsingRamdisk(nil, nil, false, true), ""); err != nil {
		t.Fatal(err)
	}
	b, err := k.Open("/dev/ramdisk")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.Ioctl(HDIO_GETGEO, &HdGeometry{}); !errors.Is(err, ErrKilled) {
		t.Errorf("HDIO_GETGEO whose getgeo oopses: %v, want it killed", err)
	}
	if err := logged(k, "kernel BUG at oops_test.go:", "EIP is at Init+0x", "Go panic: getgeo: no geometry"); err != nil {
		t.Error(err)
	}
	// The disk still works: only the ioctl's task died.
	if _, err := b.ReadDirect(make([]byte, 4096), 0); err != nil {
		t.Errorf("a read after getgeo's oops: %v", err)
	}
}

func TestOnOopsIsPerGoroutine(t *testing.T) {
	k, err := Boot(Config{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	var seen int
	defer OnOops(func(*Oops) { seen++ })()
	done := make(chan *Oops)
	go func() { done <- k.callDriver(requestNilMap, func() { requestNilMap(&Request{}) }) }()
	if oops := <-done; oops == nil || seen != 0 {
		t.Errorf("an oops on another goroutine: returned %v, the watcher saw %d; want it returned and not seen", oops, seen)
	}
	k.callDriver(requestNilMap, func() { requestNilMap(&Request{}) })
	if seen != 1 {
		t.Errorf("the watcher saw %d oopses on its own goroutine, want 1", seen)
	}
}

// logged reports the first of lines missing from k's log.
func logged(k *Kernel, lines ...string) error {
	for _, l := range lines {
		if !strings.Contains(k.Dmesg(), l) {
			return errors.New("dmesg lacks " + l + ":\n" + k.Dmesg())
		}
	}
	return nil
}

// requestThroughNULL copies through the nil slice PageAddress gives for a
// HighMem page, as a driver that forgets kmap would.
func requestThroughNULL(req *Request) {
	var mem []byte // page_address() of a HighMem page: NULL
	copy(mem[req.Sector<<9:][:512], req.Buffer)
}
