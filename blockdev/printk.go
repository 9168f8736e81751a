package blockdev

import (
	"fmt"
	"strings"
	"sync"
)

// The printk log levels (include/linux/kernel.h). As in C they are string
// prefixes glued to the format: Printk(KERN_ERR + "simp_blkdev: ...").
const (
	KERN_EMERG   = "<0>"
	KERN_ALERT   = "<1>"
	KERN_CRIT    = "<2>"
	KERN_ERR     = "<3>"
	KERN_WARNING = "<4>"
	KERN_NOTICE  = "<5>"
	KERN_INFO    = "<6>"
	KERN_DEBUG   = "<7>"
)

// defaultMessageLoglevel is the level of a printk without a prefix
// (DEFAULT_MESSAGE_LOGLEVEL, kernel/printk.c).
const defaultMessageLoglevel = 4

// LogLine is one line of the kernel ring buffer.
type LogLine struct {
	Level int
	Text  string
}

// kernelLog models the printk ring buffer (kernel/printk.c log_buf).
type kernelLog struct {
	mu      sync.Mutex
	lines   []LogLine
	partial strings.Builder
	level   int // level of the partial line
}

// logBufLines bounds the ring buffer like log_buf_len does; old lines drop off.
const logBufLines = 4096

// Printk models printk() (kernel/printk.c): format may start with a level
// prefix such as KERN_ERR; text is split into lines and appended to the ring
// buffer that dmesg reads. A message without a trailing newline continues on
// the next printk, as in the kernel.
func (k *Kernel) Printk(format string, args ...any) {
	k.log.printk(format, args...)
}

func (l *kernelLog) printk(format string, args ...any) {
	level := -1
	if len(format) >= 3 && format[0] == '<' && format[2] == '>' && format[1] >= '0' && format[1] <= '7' {
		level = int(format[1] - '0')
		format = format[3:]
	}
	text := format
	if len(args) > 0 {
		text = fmt.Sprintf(format, args...)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.partial.Len() == 0 {
		l.level = level
		if level < 0 {
			l.level = defaultMessageLoglevel
		}
	}
	for {
		i := strings.IndexByte(text, '\n')
		if i < 0 {
			l.partial.WriteString(text)
			return
		}
		l.partial.WriteString(text[:i])
		l.lines = append(l.lines, LogLine{Level: l.level, Text: l.partial.String()})
		if len(l.lines) > logBufLines {
			l.lines = l.lines[len(l.lines)-logBufLines:]
		}
		l.partial.Reset()
		l.level = defaultMessageLoglevel
		text = text[i+1:]
	}
}

// Dmesg returns the ring buffer as dmesg prints it: one line per message,
// without level prefixes (dmesg of util-linux 2.13).
func (k *Kernel) Dmesg() string {
	var b strings.Builder
	for _, l := range k.LogLines() {
		b.WriteString(l.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

// LogLines returns a copy of the ring buffer, for tests that check levels.
func (k *Kernel) LogLines() []LogLine {
	k.log.mu.Lock()
	defer k.log.mu.Unlock()
	return append([]LogLine(nil), k.log.lines...)
}

// ClearLog empties the ring buffer, as dmesg -c does.
func (k *Kernel) ClearLog() {
	k.log.mu.Lock()
	defer k.log.mu.Unlock()
	k.log.lines = nil
}
