package trace

import (
	"encoding/csv"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Error is a problem with one line of a trace file. It reads
// "file:line: what is wrong (got X)", or "file: what is wrong" for the
// whole file (Line 0).
type Error struct {
	File string
	Line int
	Msg  string
	// Got is the offending text as the message shows it (quoted, or a
	// count); empty when there is nothing to show.
	Got string
}

func (e *Error) Error() string {
	s := fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	if e.Line == 0 { // the whole file
		s = fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	if e.Got != "" {
		s += " (got " + e.Got + ")"
	}
	return s
}

// maxGot bounds how much of an offending value a message quotes.
const maxGot = 60

// quote shows a field's text in a message, cut to maxGot runes.
func quote(s string) string {
	if utf8.RuneCountInString(s) > maxGot {
		r := []rune(s)
		return strconv.Quote(string(r[:maxGot])) + "…"
	}
	return strconv.Quote(s)
}

// csvError turns encoding/csv's parse error into an Error.
func csvError(file string, err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", file, err)
	}
	return &Error{File: file, Line: pe.Line, Msg: "not valid CSV: " + pe.Err.Error(), Got: fmt.Sprintf("column %d", pe.Column)}
}
