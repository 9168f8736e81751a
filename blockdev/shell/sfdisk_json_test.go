package shell

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestExportedTableReadsInTodaysSfdisk partitions a disk with the
// simulator's fdisk (chapter 4's dialogue, then chapter 5's geometry),
// exports it with dd of=/host/..., and checks that util-linux's own
// sfdisk --json finds each partition where the simulated kernel does:
// start from sysfs, size from /proc/partitions (in 1 KiB blocks) and
// sysfs.
func TestExportedTableReadsInTodaysSfdisk(t *testing.T) {
	sfdisk, err := exec.LookPath("sfdisk")
	if err != nil {
		t.Skip("sfdisk (util-linux, Debian package fdisk) is not installed: cannot check the exported table")
	}
	for _, tt := range []struct {
		name   string
		script string
	}{
		{"chapter4-partitions", "testdata/fdisk/chapter4-partitions.txt"},
		{"chapter5-getgeo", "testdata/fdisk/chapter5-getgeo.txt"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			script, err := os.ReadFile(tt.script)
			if err != nil {
				t.Fatal(err)
			}
			// the dialogue up to w, without the rmmod
			dialogue := string(script)[:strings.Index(string(script), "\n# cat /proc/partitions")+1]
			if i := strings.Index(dialogue, "\n# ls "); i >= 0 {
				dialogue = dialogue[:i+1]
			}
			host := t.TempDir()
			module := geoDisk(64, nil)
			if tt.name == "chapter5-getgeo" {
				module = geoDisk(64, chapter5Getgeo)
			}
			s, out := newGeoShell(t, module, host)
			if tr := s.RunTranscript(dialogue); !strings.Contains(tr, "Syncing disks.") {
				t.Fatalf("fdisk did not write:\n%s", tr)
			}
			mustRun(t, s, out, "dd if=/dev/simp_blkdev of=/host/disk.img bs=1M")
			procParts := mustRun(t, s, out, "cat /proc/partitions")

			cmd := exec.Command(sfdisk, "--json", filepath.Join(host, "disk.img"))
			raw, err := cmd.Output()
			if err != nil {
				t.Fatalf("sfdisk --json: %v", err)
			}
			var got struct {
				PartitionTable struct {
					Label      string `json:"label"`
					Partitions []struct {
						Node  string `json:"node"`
						Start uint64 `json:"start"`
						Size  uint64 `json:"size"`
						Type  string `json:"type"`
					} `json:"partitions"`
				} `json:"partitiontable"`
			}
			if err := json.Unmarshal(raw, &got); err != nil {
				t.Fatalf("sfdisk --json: %v\n%s", err, raw)
			}
			if got.PartitionTable.Label != "dos" {
				t.Errorf("label %q, want dos", got.PartitionTable.Label)
			}
			if len(got.PartitionTable.Partitions) != 2 {
				t.Fatalf("sfdisk --json found %d partitions, want 2:\n%s", len(got.PartitionTable.Partitions), raw)
			}
			for i, p := range got.PartitionTable.Partitions {
				n := strconv.Itoa(i + 1)
				start := strings.TrimSpace(mustRun(t, s, out, "cat /sys/block/simp_blkdev/simp_blkdev"+n+"/start"))
				size := strings.TrimSpace(mustRun(t, s, out, "cat /sys/block/simp_blkdev/simp_blkdev"+n+"/size"))
				if start != strconv.FormatUint(p.Start, 10) || size != strconv.FormatUint(p.Size, 10) {
					t.Errorf("partition %s: sfdisk --json start %d size %d, the kernel start %s size %s", n, p.Start, p.Size, start, size)
				}
				line := "72     " + n + " " + strings.Repeat(" ", 10-len(strconv.FormatUint(p.Size/2, 10))) + strconv.FormatUint(p.Size/2, 10) + " simp_blkdev" + n + "\n"
				if !strings.Contains(procParts, line) {
					t.Errorf("partition %s of size %d sectors: /proc/partitions has no line %q:\n%s", n, p.Size, line, procParts)
				}
			}
		})
	}
}
