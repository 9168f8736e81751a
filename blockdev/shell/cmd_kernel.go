package shell

import (
	"fmt"
	"strings"

	"simpblkdev/blockdev"
)

func init() {
	commands["dmesg"] = command{run: dmesg, synopsis: "dmesg [-c]  print (and clear) the kernel log"}
	commands["uname"] = command{run: uname, synopsis: "uname [-asnrvmpio]  print system information"}
}

// dmesg models util-linux 2.13's dmesg: print the ring buffer, and with -c
// clear it after. -n and -s are accepted (the console level and buffer size
// change nothing here).
func dmesg(p *proc) int {
	opts, rest, err := getopt(p.args, "cn:s:")
	if err != nil {
		p.errorf("%v", err)
	}
	if err != nil || len(rest) > 0 {
		fmt.Fprintf(p.err, "Usage: dmesg [-c] [-n level] [-s bufsize]\n")
		return 1
	}
	clear := false
	for _, o := range opts {
		if o.c == 'c' {
			clear = true
		}
	}
	fmt.Fprint(p.out, p.s.k.Dmesg())
	if clear {
		p.s.k.ClearLog()
	}
	return 0
}

// uname models coreutils 5.97's uname on the tutorial's RHEL 5.1 box.
func uname(p *proc) int {
	opts, rest, err := getopt(p.args, "asnrvmpio")
	if err == nil && len(rest) > 0 {
		err = fmt.Errorf("extra operand `%s'", rest[0])
	}
	if err != nil {
		p.errorf("%v", err)
		p.tryHelp()
		return 1
	}
	machine, platform := "i686", "i386"
	if p.s.k.Mem.Preset().Name == "x86_64" {
		machine, platform = "x86_64", "x86_64"
	}
	fields := []string{"Linux", "localhost.localdomain", blockdev.UtsRelease,
		blockdev.UtsVersion, machine, machine, platform, "GNU/Linux"}
	want := make([]bool, len(fields))
	for _, o := range opts {
		switch o.c {
		case 'a':
			for i := range want {
				want[i] = true
			}
		default:
			want[strings.IndexByte("snrvmpio", o.c)] = true
		}
	}
	if len(opts) == 0 {
		want[0] = true
	}
	var out []string
	for i, w := range want {
		if w {
			out = append(out, fields[i])
		}
	}
	fmt.Fprintln(p.out, strings.Join(out, " "))
	return 0
}
