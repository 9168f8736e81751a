package shell

import "strings"

// The locales of the tutorial's box, as glibc 2.5 and the coreutils 5.97
// message catalogue give them to the tools modelled here. The locale of one
// category (LC_MESSAGES, LC_TIME, LC_COLLATE) is named by LC_ALL, else by
// that category's own variable, else by LANG, as setlocale(LC_ALL, "")
// reads them; an empty variable counts as unset, and a name the box has no
// locale for means the C locale.
type locale int

const (
	localeC    locale = iota // C and POSIX: untranslated, byte order
	localeEnUS               // en_US.UTF-8: untranslated, the ISO 14651 order
	localeZhCN               // zh_CN.UTF-8: the tutorial's box
)

// lookupLocale names a locale: its language and territory exactly, and a
// codeset of UTF-8 (spelled as glibc accepts it) or none, which on RHEL5
// was UTF-8 for these two.
func lookupLocale(name string) locale {
	lang, codeset, _ := strings.Cut(name, ".")
	codeset, _, _ = strings.Cut(codeset, "@")
	utf8 := codeset == "" || strings.EqualFold(strings.ReplaceAll(codeset, "-", ""), "utf8")
	switch {
	case lang == "en_US" && utf8:
		return localeEnUS
	case lang == "zh_CN" && utf8:
		return localeZhCN
	}
	return localeC
}

// localeOf is the locale of category under the variables get reads.
func localeOf(get func(string) (string, bool), category string) locale {
	for _, name := range []string{"LC_ALL", category, "LANG"} {
		if v, ok := get(name); ok && v != "" {
			return lookupLocale(v)
		}
	}
	return localeC
}

// locale is the command's locale for category, from its environment.
func (p *proc) locale(category string) locale { return localeOf(p.getenv, category) }

// collation is the order the shell itself sorts in (pathname expansion):
// bash follows its own variables, exported or not.
func (s *Shell) collation() locale { return localeOf(s.getVar, "LC_COLLATE") }

// zh returns the zh_CN.UTF-8 translation of an untranslated message when
// loc is that locale; the catalogue holds the messages the tools here print
// translated on the tutorial's box.
func zh(loc locale, msgid, msgstr string) string {
	if loc == localeZhCN {
		return msgstr
	}
	return msgid
}
