package shell

import (
	"strings"
	"testing"
)

// TestFillFileSystem fills a mounted file system: cp reports ENOSPC in
// 5.97's words, df shows it full, and the files copied before are intact,
// also after a remount.
func TestFillFileSystem(t *testing.T) {
	for _, fstype := range []string{"ext4", "vfat"} {
		t.Run(fstype, func(t *testing.T) {
			s, out := newShell(t, "")
			mustRun(t, s, out, "insmod simp_blkdev.ko size=8M")
			mustRun(t, s, out, "mkfs."+fstype+" /dev/simp_blkdev")
			mustRun(t, s, out, "mkdir /mnt/temp1 && mount /dev/simp_blkdev /mnt/temp1")
			mustRun(t, s, out, "cp /etc/init.d/* /mnt/temp1")
			dfBefore := mustRun(t, s, out, "df")
			mustRun(t, s, out, "dd if=/dev/simp_blkdev of=/tmp/big bs=1M 2>/dev/null")
			got, status := run(t, s, out, "cp /tmp/big /mnt/temp1/big")
			if want := "cp: writing `/mnt/temp1/big': No space left on device\n"; got != want || status != 1 {
				t.Errorf("cp of a file too big: status %d, %q, want %q", status, got, want)
			}
			// What was written of the big file stays (how much is the file
			// system's business); removing it gives the space back.
			if got := mustRun(t, s, out, "ls /mnt/temp1/big"); got != "/mnt/temp1/big\n" {
				t.Errorf("ls of the partial file: %q", got)
			}
			// One cat of all the scripts, compared with the scripts.
			var paths, want []string
			for _, name := range initdNames {
				paths = append(paths, "/mnt/temp1/"+name)
				want = append(want, string(initdScript(name)))
			}
			check := func(when string) {
				t.Helper()
				got, status := run(t, s, out, "cat "+strings.Join(paths, " "))
				if status != 0 || got != strings.Join(want, "") {
					t.Fatalf("%s: the copies differ from /etc/init.d (status %d, %d bytes)", when, status, len(got))
				}
			}
			check("after ENOSPC")
			mustRun(t, s, out, "rm /mnt/temp1/big")
			if df := mustRun(t, s, out, "df"); df != dfBefore {
				t.Errorf("df after rm:\n%s\nwant as before:\n%s", df, dfBefore)
			}
			mustRun(t, s, out, "umount /mnt/temp1 && mount /dev/simp_blkdev /mnt/temp1")
			check("after remount")
			if got := mustRun(t, s, out, "echo more > /mnt/temp1/more; cat /mnt/temp1/more"); got != "more\n" {
				t.Errorf("writing after the big file went: %q", got)
			}
		})
	}
}
