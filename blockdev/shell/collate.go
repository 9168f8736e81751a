package shell

import (
	"sort"
	"strings"
	"unicode"
)

// collate compares two file names the way glibc 2.5's strcoll did in loc:
// bytes in the C locale; in the tutorial's en_US.UTF-8 and zh_CN.UTF-8
// locales the order of ls listings and of glob expansion shown there. The ISO 14651 tables compare on
// several levels: first the letters and digits alone, case folded, with
// punctuation ignored (so "lost+found" sorts as "lostfound", and network <
// NetworkManager < NetworkManagerDispatcher < nfs); then case, lower before
// upper; and last the punctuation, for which a byte comparison stands in.
func collate(a, b string, loc locale) int {
	if loc == localeC {
		return strings.Compare(a, b)
	}
	ka, kb := alnums(a), alnums(b)
	for i := 0; i < len(ka) && i < len(kb); i++ {
		if x, y := unicode.ToLower(ka[i]), unicode.ToLower(kb[i]); x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	if len(ka) != len(kb) {
		if len(ka) < len(kb) {
			return -1
		}
		return 1
	}
	for i := range ka {
		if ka[i] != kb[i] {
			if unicode.IsLower(ka[i]) {
				return -1
			}
			return 1
		}
	}
	return strings.Compare(a, b)
}

// alnums returns the letters and digits of s, the runes the first level of
// the comparison looks at.
func alnums(s string) []rune {
	var rs []rune
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			rs = append(rs, r)
		}
	}
	return rs
}

// sortNames sorts names in loc's order.
func sortNames(names []string, loc locale) {
	sort.SliceStable(names, func(i, j int) bool { return collate(names[i], names[j], loc) < 0 })
}
