package shell

import "strings"

// Unfinished says why bash at an interactive prompt would not run line as
// typed but read on, with its "> " prompt, for the rest: a quote left
// open, or a line ending in |, && or ||. It returns "" for a line bash
// runs, or rejects at once (a syntax error near a token is reported and
// shown in a transcript as any error is). A session script's command is
// one line, so blksim check takes an unfinished one as a malformed script,
// not as the "unexpected end of file" bash -c would print.
func Unfinished(line string) string {
	_, err := parseLine(line)
	if err == nil || !strings.HasSuffix(err.Error(), errUnexpectedEOF.Error()) {
		return ""
	}
	first, _, _ := strings.Cut(err.Error(), "\n")
	return first
}
