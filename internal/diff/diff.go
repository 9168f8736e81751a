// Package diff writes the line differences between two texts in unified
// format: the step-to-step golden diffs (ktest), and blksim check and
// corpus, where a session's transcript differs from the one it should be.
package diff

import (
	"fmt"
	"strings"
)

// Unified returns the line differences between a and b in unified format
// with one line of context, or "" when they are equal. Step-to-step golden
// diffs use it: the diff between a session on two neighbouring steps is the
// chapter's lesson.
func Unified(aName, bName, a, b string) string {
	if a == b {
		return ""
	}
	al, bl := splitLines(a), splitLines(b)
	ops := diffLines(al, bl)
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", aName, bName)
	const context = 1
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		// A hunk: from context lines before the change to context lines
		// after the last change that is close enough to join it.
		start := max(0, i-context)
		end := i
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run == len(ops) || run-end > 2*context {
				end = min(len(ops), end+context)
				break
			}
			end = run
		}
		aStart, bStart := ops[start].a, ops[start].b
		var aN, bN int
		for _, op := range ops[start:end] {
			if op.kind != '+' {
				aN++
			}
			if op.kind != '-' {
				bN++
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(aStart, aN), hunkRange(bStart, bN))
		for _, op := range ops[start:end] {
			out.WriteByte(op.kind)
			out.WriteString(op.line)
			out.WriteByte('\n')
		}
		i = end
	}
	return out.String()
}

func hunkRange(start, n int) string {
	if n == 1 {
		return fmt.Sprint(start + 1)
	}
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

func splitLines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

type diffOp struct {
	kind byte // ' ', '-', '+'
	line string
	a, b int // line index in a and in b where the op stands
}

// maxCells bounds diffLines's table: 4M ints, 32 MiB. A transcript that
// has run away (a driver whose disk hexdump cannot squeeze) may have many
// thousands of lines; past the bound the diff is one change, not a table.
const maxCells = 1 << 22

// diffLines is the classic longest-common-subsequence diff: transcripts are
// a few hundred lines, so the quadratic table is cheap. The lines the two
// have in common at the start are matched before it (the table's walk
// would match them first as well), and texts whose rest is too long for
// maxCells differ in one change: all of a's rest removed, all of b's
// added.
func diffLines(a, b []string) []diffOp {
	var ops []diffOp
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		ops = append(ops, diffOp{' ', a[p], p, p})
		p++
	}
	n, m := len(a)-p, len(b)-p
	if (n+1)*(m+1) > maxCells {
		for i := p; i < len(a); i++ {
			ops = append(ops, diffOp{'-', a[i], i, p})
		}
		for j := p; j < len(b); j++ {
			ops = append(ops, diffOp{'+', b[j], len(a), j})
		}
		return ops
	}
	a, b = a[p:], b[p:]
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			ops = append(ops, diffOp{' ', a[i], p + i, p + j})
			i++
			j++
		case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, diffOp{'-', a[i], p + i, p + j})
			i++
		default:
			ops = append(ops, diffOp{'+', b[j], p + i, p + j})
			j++
		}
	}
	return ops
}
