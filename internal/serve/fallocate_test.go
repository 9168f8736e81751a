//go:build linux

package serve

import (
	"bytes"
	"testing"

	"simpblkdev/blockdev/errno"
	"simpblkdev/blockdev/ktest"
	"simpblkdev/internal/chapters"
)

// TestFallocate: the modes a block device takes zero the range; the
// others, unaligned ranges and ranges past the end are refused.
func TestFallocate(t *testing.T) {
	d := startMachine(t, chapters.Latest().Module).Whole()
	size := d.Size()
	if _, err := d.WriteAt(bytes.Repeat([]byte{0xff}, 8192), 0); err != nil {
		t.Fatal(err)
	}
	if err := d.Fallocate(fallocZeroRange|fallocKeepSize, 512, 1024); err != nil {
		t.Fatal(err)
	}
	if err := d.Fallocate(fallocPunchHole|fallocKeepSize, 4096, 512); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, 8192)
	d.ReadAt(got, 0)
	want := bytes.Repeat([]byte{0xff}, 8192)
	copy(want[512:1536], make([]byte, 1024))
	copy(want[4096:4608], make([]byte, 512))
	if diff := ktest.DiffBytes(want, got); diff != "" {
		t.Error(diff)
	}
	for _, c := range []struct {
		mode      uint32
		off, n    int64
		want      error
		situation string
	}{
		{0, 0, 512, errno.EOPNOTSUPP, "plain allocation"},
		{fallocPunchHole, 0, 512, errno.EOPNOTSUPP, "punch hole without KEEP_SIZE"},
		{fallocZeroRange | fallocKeepSize, 100, 512, errno.EINVAL, "unaligned"},
		{fallocZeroRange | fallocKeepSize, size, 512, errno.EINVAL, "at the end"},
		{fallocZeroRange, size - 512, 1024, errno.EINVAL, "past the end without KEEP_SIZE"},
		{fallocZeroRange | fallocKeepSize, size - 512, 1024, nil, "past the end with KEEP_SIZE"},
	} {
		if err := d.Fallocate(c.mode, c.off, c.n); err != c.want {
			t.Errorf("%s: %v, want %v", c.situation, err, c.want)
		}
	}
}
