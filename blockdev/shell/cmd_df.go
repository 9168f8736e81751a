package shell

import (
	"fmt"
	"strings"
)

func init() {
	commands["df"] = command{run: df, synopsis: "df [-hkT] [FILE...]  report file system space"}
}

// df models coreutils 5.97's df for the file systems mount put on block
// devices (the simulated machine's other trees have no device to report):
// 1K-blocks by default, -h for powers of 1024 rounded up, -T for the type.
// The figures come from the file system's statfs; Use% is used/(used+avail)
// rounded up, as df computes it. The header comes with the first row.
func df(p *proc) int {
	opts, args, err := getopt(p.args, "hkT")
	if err != nil {
		p.errorf("%v", err)
		p.tryHelp()
		return 1
	}
	human, showType := false, false
	for _, o := range opts {
		switch o.c {
		case 'h':
			human = true
		case 'k':
			human = false
		case 'T':
			showType = true
		}
	}
	status := 0
	mounts := p.s.ns.userMounts()
	if len(args) > 0 {
		mounts = nil
		for _, a := range args {
			abs := p.s.abs(a)
			if _, err := p.s.ns.stat(abs); err != nil {
				p.errorf("`%s': %s", a, errText(err))
				status = 1
				continue
			}
			if m, _ := p.s.ns.resolve(abs); m.vol != nil {
				mounts = append(mounts, m)
			}
		}
	}
	header := false
	for _, m := range mounts {
		st, err := m.vol.Statfs()
		if err != nil {
			p.errorf("`%s': %s", m.dir, errText(err))
			status = 1
			continue
		}
		if !header {
			dfHeader(p, human, showType, p.locale("LC_MESSAGES"))
			header = true
		}
		var b strings.Builder
		switch {
		case showType && len(m.spec)+len(m.typ) < 18:
			fmt.Fprintf(&b, "%s%*s  ", m.spec, 18-len(m.spec), m.typ)
		case showType:
			fmt.Fprintf(&b, "%s\n%18s  ", m.spec, m.typ)
		case len(m.spec) > 20:
			fmt.Fprintf(&b, "%s\n%20s", m.spec, "")
		default:
			fmt.Fprintf(&b, "%-20s", m.spec)
		}
		size, used, avail, pct := st.DF()
		if human {
			fmt.Fprintf(&b, " %5s %5s %5s ", humanCeil(size<<10), humanCeil(used<<10), humanCeil(avail<<10))
		} else {
			fmt.Fprintf(&b, " %9d %9d %9d ", size, used, avail)
		}
		if pct < 0 {
			b.WriteString("  - ")
		} else {
			fmt.Fprintf(&b, "%3d%%", pct)
		}
		fmt.Fprintf(&b, " %s\n", m.dir)
		fmt.Fprint(p.out, b.String())
	}
	return status
}

// dfHeader prints df's header line. In zh_CN.UTF-8 the coreutils 5.97
// catalogue's translations are printed, measured from the tutorial's df:
// "文件系统" is padded to 20 columns (a CJK character takes two), two more
// than "Filesystem", so the translated header sits two columns right of
// the figures, as it did on the tutorial's box. The -h and -T headers are
// not in the tutorial; their translations here keep the same words and
// alignment.
func dfHeader(p *proc, human, showType bool, loc locale) {
	var h string
	switch {
	case showType:
		h = zh(loc, "Filesystem    Type", "文件系统      类型")
	default:
		h = zh(loc, "Filesystem        ", "文件系统            ")
	}
	if human {
		h += zh(loc, "    Size  Used Avail Use%", "  容量  已用  可用 已用%")
	} else {
		h += zh(loc, "   1K-blocks      Used Available Use%", "   1K-块        已用     可用 已用%")
	}
	fmt.Fprintln(p.out, h+zh(loc, " Mounted on", " 挂载点"))
}
