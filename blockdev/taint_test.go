package blockdev

import (
	"strings"
	"testing"
)

// TestTaintOnce: the first module without a GPL-compatible license taints
// the kernel and says so; the kernel stays tainted, so neither loading it
// again nor loading another such module repeats the line.
func TestTaintOnce(t *testing.T) {
	k, err := Boot(Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	gpl := ramdiskModule("gpl_disk", false, false)
	proprietary := ramdiskModule("simp_blkdev", false, false)
	proprietary.License = ""
	other := ramdiskModule("other_disk", false, false)
	other.License = "Proprietary"
	for _, info := range []*ModuleInfo{gpl, proprietary, proprietary, other} {
		if _, e := k.InitModule(info, ""); e != nil {
			t.Fatalf("insmod %s: %v", info.Name, e)
		}
		if e := k.DeleteModule(info.Name); e != nil {
			t.Fatalf("rmmod %s: %v", info.Name, e)
		}
	}
	var taints []string
	for _, l := range k.LogLines() {
		if strings.Contains(l.Text, "taints kernel") {
			taints = append(taints, l.Text)
		}
	}
	if len(taints) != 1 || taints[0] != "simp_blkdev: module license 'unspecified' taints kernel." {
		t.Errorf("taint lines: %q", taints)
	}
	if k.tainted.Load() != TAINT_PROPRIETARY_MODULE {
		t.Errorf("tainted = %#x", k.tainted.Load())
	}
}
