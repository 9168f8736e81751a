package serve

import (
	"fmt"
	"sync/atomic"
)

// Stats counts the requests served from every device of a machine, FUSE
// and NBD alike: what the status line and the exit report show.
type Stats struct {
	reads, writes, bytesRead, bytesWritten, errors atomic.Uint64
}

func (s *Stats) countRead(n int, err error) {
	s.reads.Add(1)
	s.bytesRead.Add(uint64(n))
	if err != nil {
		s.errors.Add(1)
	}
}

func (s *Stats) countWrite(n int, err error) {
	s.writes.Add(1)
	s.bytesWritten.Add(uint64(n))
	if err != nil {
		s.errors.Add(1)
	}
}

// String is one line: "reads 12 (48.0 KiB), writes 3 (12.0 KiB), errors 0".
func (s *Stats) String() string {
	return fmt.Sprintf("reads %d (%s), writes %d (%s), errors %d",
		s.reads.Load(), humanBytes(s.bytesRead.Load()),
		s.writes.Load(), humanBytes(s.bytesWritten.Load()), s.errors.Load())
}

// humanBytes is n in B, KiB, MiB or GiB.
func humanBytes(n uint64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	case n < 1<<30:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	default:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	}
}
