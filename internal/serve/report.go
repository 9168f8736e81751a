package serve

import (
	"fmt"
	"io"
	"strings"
)

// WriteReport prints what the simulated machine says about the disk: its
// dmesg, /proc/partitions and /proc/diskstats (the I/O counters of the
// disk and its partitions; a make_request driver keeps none), then what
// serve counted. SIGUSR1 and exit print it.
func (m *Machine) WriteReport(w io.Writer) {
	fmt.Fprintf(w, "==> dmesg\n%s", m.K.Dmesg())
	for _, path := range []string{"/proc/partitions", "/proc/diskstats"} {
		fmt.Fprintf(w, "==> %s\n%s", path, m.procFile(path))
	}
	fmt.Fprintf(w, "==> served\n%s\n", m.Stats)
}

// procFile is what cat of a file under /proc of the machine prints.
func (m *Machine) procFile(path string) string {
	n, err := m.K.Lstat(path)
	if err != nil {
		return fmt.Sprintf("cat: %s: %v\n", path, err)
	}
	s, err := n.Show()
	if err != nil {
		return fmt.Sprintf("cat: %s: %v\n", path, err)
	}
	if s != "" && !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return s
}
