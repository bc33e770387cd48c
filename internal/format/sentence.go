package format

import (
	"unicode"
	"unicode/utf8"
)

// Capitalised starts s with a capital, for a sentence that opens with a
// name that is lower-case in mid-sentence ("the hybrid includes …" →
// "The hybrid includes …").
func Capitalised(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
