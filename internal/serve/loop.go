//go:build linux

package serve

import (
	"os"
	"path/filepath"
	"strings"
)

// Loop is a real loop device and the file it is attached to.
type Loop struct {
	Dev         string // /dev/loop0
	BackingFile string
}

func (l Loop) String() string { return l.Dev + " holds " + l.BackingFile }

// loopsBackedBy lists the real kernel's loop devices whose backing file is
// in dir, from /sys/block/loop*/loop/backing_file.
func loopsBackedBy(dir string) []Loop {
	paths, _ := filepath.Glob("/sys/block/loop*/loop/backing_file")
	var loops []Loop
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		file := strings.TrimSpace(string(b))
		if filepath.Dir(file) == dir {
			dev := filepath.Base(filepath.Dir(filepath.Dir(p)))
			loops = append(loops, Loop{Dev: "/dev/" + dev, BackingFile: file})
		}
	}
	return loops
}
