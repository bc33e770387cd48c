package format

import "strings"

// ShellQuote writes s as one POSIX shell word: as it is when it holds only
// characters no shell treats specially, else in single quotes (a single
// quote inside is closed, escaped and reopened). Commands the outputs
// suggest ("reproduce: …", "the golden was written with --set …") must
// paste back into a shell: a value with spaces, quotes or a '#' would
// otherwise split or start a comment.
func ShellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=,@+", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
