package shell

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"simpblkdev/blockdev"
	"simpblkdev/internal/golden"
)

// checkGolden compares got with the file at path, or rewrites it under
// -update.
func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *golden.Update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(want), got); d != "" {
		t.Errorf("%s differs (-golden +got); if the change is meant, run go test -update and read the diff:\n%s", path, d)
	}
}

// TestFdiskSessions replays each dialogue in testdata/fdisk as its own
// script: the answers typed at fdisk's prompts are those the golden
// transcript shows (ttyinput.go), so each file is both the script and the
// expected session.
func TestFdiskSessions(t *testing.T) {
	for _, tt := range []struct {
		name   string
		module *blockdev.ModuleInfo
	}{
		// chapter 4's dialogue on step 3's alloc_disk(1): written, but the
		// re-read fails with EINVAL and no partition appears
		{"chapter4-one-minor", geoDisk(1, nil)},
		// chapter 4 itself: alloc_disk(64), the 255/63 guess, 2 cylinders
		{"chapter4-partitions", geoDisk(64, nil)},
		// chapter 5's getgeo: fdisk and sfdisk recompute the cylinders,
		// hdparm prints the kernel's 0
		{"chapter5-getgeo", geoDisk(64, chapter5Getgeo)},
		// chapter 8's size=20M: 1280 cylinders, the 1024 warning
		{"chapter8-cylinders", geoDisk(64, chapter5Getgeo)},
		{"bad-input", geoDisk(64, nil)},
		{"sfdisk", geoDisk(64, nil)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join("testdata", "fdisk", tt.name+".txt")
			script, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			s, _ := newGeoShell(t, tt.module, "")
			got := s.RunTranscript(string(script))
			if c := ParseCommands(got); !cmp.Equal(c, ParseCommands(string(script))) {
				t.Fatalf("commands differ:\n%s", cmp.Diff(ParseCommands(string(script)), c))
			}
			checkGolden(t, path, got)
		})
	}
}

// TestFdiskTranscriptIsAFixedPoint replays a golden dialogue twice: the
// answers found in a transcript give the same transcript again.
func TestFdiskTranscriptIsAFixedPoint(t *testing.T) {
	script, err := os.ReadFile(filepath.Join("testdata", "fdisk", "chapter4-partitions.txt"))
	if err != nil {
		t.Fatal(err)
	}
	s1, _ := newGeoShell(t, geoDisk(64, nil), "")
	once := s1.RunTranscript(string(script))
	s2, _ := newGeoShell(t, geoDisk(64, nil), "")
	if twice := s2.RunTranscript(once); twice != once {
		t.Errorf("replaying the transcript changed it:\n%s", cmp.Diff(once, twice))
	}
	if !strings.Contains(once, "Command (m for help): w\nThe partition table has been altered!") {
		t.Errorf("the dialogue did not reach w:\n%s", once)
	}
}
