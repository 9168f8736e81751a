package shell

import (
	"bytes"
	"strings"
	"testing"
)

func TestInitScripts(t *testing.T) {
	for _, name := range initdNames {
		b := initdScript(name)
		if len(b) < 1<<10 || len(b) > 12<<10 {
			t.Errorf("%s: %d bytes, want 1 to 12 KiB", name, len(b))
		}
		if !bytes.Equal(b, initdScript(name)) {
			t.Errorf("%s: not deterministic", name)
		}
		if !bytes.HasPrefix(b, []byte("#")) || !bytes.HasSuffix(b, []byte("\n")) {
			t.Errorf("%s does not look like a script", name)
		}
	}
	if !strings.Contains(string(initdScript("functions")), "killproc()") ||
		!strings.Contains(string(initdScript("halt")), "runlevel") ||
		!strings.Contains(string(initdScript("sshd")), "chkconfig:") {
		t.Errorf("scripts lack what they are known for")
	}
	if b, ok := EtcFile("/etc/init.d/halt"); !ok || !bytes.Equal(b, initdScript("halt")) {
		t.Errorf("EtcFile(halt) = %d bytes, %v", len(b), ok)
	}
	if _, ok := EtcFile("/etc/init.d/nosuch"); ok {
		t.Errorf("EtcFile(nosuch) found")
	}
	if n := strings.Count(passwd, "\n"); n < 20 || !strings.HasPrefix(passwd, "root:x:0:0:root:/root:/bin/bash\n") {
		t.Errorf("passwd: %d lines", n)
	}
}
