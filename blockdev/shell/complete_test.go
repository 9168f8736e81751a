package shell

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestComplete(t *testing.T) {
	s, out := newShell(t, "")
	mustRun(t, s, out, "insmod simp_blkdev.ko && mkdir -p /tmp/t/dir && echo > /tmp/t/file1 && echo > /tmp/t/file2 && echo > /tmp/t/.hidden")
	for _, tt := range []struct {
		line    string
		want    string   // the line after Tab at its end
		matches []string // listed when Tab completes nothing more
	}{
		{"ls /sys/block/simp_b", "ls /sys/block/simp_blkdev/", nil},
		{"cat /proc/partit", "cat /proc/partitions ", nil},
		{"insm", "insmod ", nil},
		{"echo a | hexd", "echo a | hexdump ", nil},
		{"ls /tmp/t/d", "ls /tmp/t/dir/", nil},
		{"ls /tmp/t/f", "ls /tmp/t/file", nil},
		{"ls /tmp/t/file", "ls /tmp/t/file", []string{"file1", "file2"}},
		{"ls /tmp/t/.h", "ls /tmp/t/.hidden ", nil},
		{"cd /tmp/t; ls fi", "cd /tmp/t; ls fi", nil}, // nothing has run: the working directory is /root
		{"cat ~/../etc/pas", "cat ~/../etc/passwd ", nil},
		{"ls /nothere/x", "ls /nothere/x", nil},
		{"rmmo", "rmmod ", nil},
		{"ls rmmo", "ls rmmo", nil}, // not a command's position: a path, and there is none
	} {
		got, pos, matches := s.Complete(tt.line, len(tt.line))
		if got != tt.want || pos != len(tt.want) {
			t.Errorf("Complete(%q) = %q at %d, want %q", tt.line, got, pos, tt.want)
		}
		if !slices.Equal(matches, tt.matches) {
			t.Errorf("Complete(%q) lists %s", tt.line, cmp.Diff(tt.matches, matches))
		}
	}
	// In the middle of a line, the rest stays after the cursor.
	line := "cat /proc/partit | wc"
	if got, pos, _ := s.Complete(line, len("cat /proc/partit")); got != "cat /proc/partitions  | wc" || pos != len("cat /proc/partitions ") {
		t.Errorf("Complete in the middle = %q at %d", got, pos)
	}
}
