package shell

import (
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

func init() {
	commands["ls"] = command{run: ls, synopsis: "ls [-laAd1] [FILE...]  list directory contents"}
}

// ls models coreutils 5.97's ls with -l, -a, -A, -d and -1. Names sort in
// the locale's order (see collate). On the terminal, names fill columns top
// to bottom (the tutorial's listings) as wide as lineLength says; into a
// pipe or a file, one per line.
// Columns are padded with spaces (ls -T 0), where ls on a terminal used tabs
// of 8, so that a transcript reads the same in any editor.
func ls(p *proc) int {
	opts, operands, err := getopt(p.args, "laAd1")
	if err != nil {
		p.errorf("%v", err)
		p.tryHelp()
		return 2
	}
	l := &lister{p: p, now: p.s.now(), onePerLine: !p.tty,
		collation: p.locale("LC_COLLATE"), messages: p.locale("LC_MESSAGES"), times: p.locale("LC_TIME")}
	for _, o := range opts {
		switch o.c {
		case 'l':
			l.long = true
		case 'a':
			l.all, l.almostAll = true, false
		case 'A':
			l.almostAll = !l.all
		case 'd':
			l.dirsAsFiles = true
		case '1':
			l.onePerLine = true
		}
	}
	if len(operands) == 0 {
		operands = []string{"."}
	}
	status := 0
	var files []fileInfo
	var dirs []string
	for _, op := range operands {
		fi, err := p.s.ns.stat(p.s.abs(op))
		if err != nil {
			p.errorf("%s: %s", op, errText(err))
			status = 1
			continue
		}
		fi.name = op
		if fi.isDir() && !l.dirsAsFiles {
			dirs = append(dirs, op)
		} else {
			files = append(files, fi)
		}
	}
	sortInfos(files, l.collation)
	sortNames(dirs, l.collation)
	printed := false
	if len(files) > 0 {
		l.print(files)
		printed = true
	}
	for _, d := range dirs {
		if len(operands) > 1 {
			if printed {
				fmt.Fprintln(p.out)
			}
			fmt.Fprintf(p.out, "%s:\n", d)
		}
		printed = true
		if !l.listDir(d) {
			status = 1
		}
	}
	return status
}

type lister struct {
	p                          *proc
	now                        time.Time
	collation, messages, times locale
	long, all, almostAll       bool
	dirsAsFiles, onePerLine    bool
}

// sortInfos sorts a listing by name, in loc's order.
func sortInfos(fis []fileInfo, loc locale) {
	sort.SliceStable(fis, func(i, j int) bool { return collate(fis[i].name, fis[j].name, loc) < 0 })
}

// listDir lists the directory d (as typed), with "total" in long format.
func (l *lister) listDir(d string) bool {
	ns, abs := l.p.s.ns, l.p.s.abs(d)
	fis, err := ns.readDir(abs)
	if err != nil {
		l.p.errorf("%s: %s", d, errText(err))
		return false
	}
	var shown []fileInfo
	if l.all {
		for _, dot := range []struct{ name, path string }{{".", abs}, {"..", path.Dir(abs)}} {
			if fi, err := ns.stat(dot.path); err == nil {
				fi.name = dot.name
				shown = append(shown, fi)
			}
		}
	}
	for _, fi := range fis {
		if strings.HasPrefix(fi.name, ".") && !l.all && !l.almostAll {
			continue
		}
		shown = append(shown, fi)
	}
	sortInfos(shown, l.collation)
	if l.long {
		var total int64
		for _, fi := range shown {
			total += fi.blocks
		}
		fmt.Fprintf(l.p.out, "%s %d\n", zh(l.messages, "total", "总计"), total)
	}
	l.print(shown)
	return true
}

// print lists fis in the chosen format.
func (l *lister) print(fis []fileInfo) {
	switch {
	case l.long:
		printLong(l.p.out, fis, l.now, l.times)
	case l.onePerLine:
		for _, fi := range fis {
			fmt.Fprintln(l.p.out, fi.name)
		}
	default:
		names := make([]string, len(fis))
		for i, fi := range fis {
			names[i] = fi.name
		}
		io.WriteString(l.p.out, columns(names, l.p.lineLength()))
	}
}

// columns lays names out as ls's print_many_per_line does: the most columns
// that fit in width, filled top to bottom, each as wide as its longest name
// plus two spaces (the last column without them). calculate_columns tries
// every column count at once, growing each column's width name by name.
func columns(names []string, width int) string {
	if len(names) == 0 {
		return ""
	}
	const minColumnWidth = 3
	maxCols := min(width/minColumnWidth, len(names))
	type colInfo struct {
		valid   bool
		lineLen int
		colArr  []int
	}
	info := make([]colInfo, maxCols)
	for i := range info {
		info[i] = colInfo{valid: true, lineLen: (i + 1) * minColumnWidth, colArr: make([]int, i+1)}
		for j := range info[i].colArr {
			info[i].colArr[j] = minColumnWidth
		}
	}
	for f, name := range names {
		nameLen := utf8.RuneCountInString(name)
		for i := range info {
			if !info[i].valid {
				continue
			}
			idx := f / ((len(names) + i) / (i + 1))
			realLen := nameLen
			if idx != i {
				realLen += 2
			}
			if info[i].colArr[idx] < realLen {
				info[i].lineLen += realLen - info[i].colArr[idx]
				info[i].colArr[idx] = realLen
				info[i].valid = info[i].lineLen < width
			}
		}
	}
	cols := maxCols
	for cols > 1 && !info[cols-1].valid {
		cols--
	}
	colArr := info[cols-1].colArr
	rows := (len(names) + cols - 1) / cols
	var b strings.Builder
	for r := 0; r < rows; r++ {
		at, next := 0, 0 // the column the cursor is in, where the next name starts
		for c, f := 0, r; f < len(names); c, f = c+1, f+rows {
			b.WriteString(strings.Repeat(" ", next-at))
			b.WriteString(names[f])
			at = next + utf8.RuneCountInString(names[f])
			next += colArr[c]
		}
		b.WriteByte('\n')
	}
	return b.String()
}
