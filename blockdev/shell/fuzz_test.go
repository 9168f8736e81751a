package shell

import (
	"strings"
	"testing"

	"simpblkdev/blockdev"
)

// FuzzExec types arbitrary command lines at the prompt of a machine with a
// module loaded and a file system mounted: no line may panic (Exec's
// recover would print "internal error", which counts as a failure here).
func FuzzExec(f *testing.F) {
	for _, line := range []string{
		"ls -l /dev/simp_blkdev", "cat /proc/buddyinfo", "hexdump -Cn 64 /dev/simp_blkdev",
		"dd if=/dev/simp_blkdev of=/tmp/x bs=1k count=3 skip=16383", "echo noop > /sys/block/simp_blkdev/queue/scheduler",
		"cp /etc/init.d/* /mnt", "rm -rf /mnt/*", "mknod /dev/x b 72 0", "insmod simp_blkdev.ko size=", "ls '/mnt/a b' >",
	} {
		f.Add(line)
	}
	f.Fuzz(func(t *testing.T, line string) {
		k, err := blockdev.Boot(blockdev.Config{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		var out strings.Builder
		s := New(k, Options{Modules: map[string]*blockdev.ModuleInfo{"simp_blkdev.ko": ramdiskModule}, Stdout: &out})
		defer s.Close()
		for _, setup := range []string{"insmod simp_blkdev.ko", "mkfs.vfat /dev/simp_blkdev", "mount /dev/simp_blkdev /mnt"} {
			s.Exec(setup)
		}
		s.Exec(line)
		if strings.Contains(out.String(), "internal error") {
			t.Fatalf("%q: %s", line, out.String())
		}
	})
}
