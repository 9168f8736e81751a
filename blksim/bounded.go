package blksim

import (
	"fmt"
	"strings"
)

// replayMargin is how much more output than the script shows a replay may
// print before the rest is cut: a driver gone wrong can make a command
// print without end (a hexdump of a disk that never squeezes), and the
// diff needs only to show that it did.
const replayMargin = 64 << 10

// boundedBuffer keeps the first max bytes written to it, cut at a line
// end, and counts the rest, which String reports in a last line.
type boundedBuffer struct {
	b       strings.Builder
	max     int
	dropped int64
}

func (w *boundedBuffer) Write(p []byte) (int, error) {
	if w.dropped == 0 {
		if room := w.max - w.b.Len(); len(p) <= room {
			w.b.Write(p)
			return len(p), nil
		}
		room := w.max - w.b.Len()
		keep := strings.LastIndexByte(string(p[:max(room, 0)]), '\n') + 1
		w.b.Write(p[:keep])
		w.dropped += int64(len(p) - keep)
		return len(p), nil
	}
	w.dropped += int64(len(p))
	return len(p), nil
}

func (w *boundedBuffer) String() string {
	s := w.b.String()
	if w.dropped == 0 {
		return s
	}
	if s != "" && !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return s + fmt.Sprintf("[%d more bytes of output not kept]\n", w.dropped)
}
