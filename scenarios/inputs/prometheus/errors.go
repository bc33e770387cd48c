package prometheus

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// ErrInput is wrapped by every *Error, so a caller tells bad input from a
// failing reader with errors.Is. The scenario layer, when it reads these
// files, marks such errors with scenario.InputError (exit status 2); this
// package cannot import it (scenario will import this package).
var ErrInput = errors.New("invalid traffic input")

// Error is one problem with a traffic file. It reads
// "file:line: what is wrong (got X)" for a CSV file and
// "file: result[i].values[j]: what is wrong (got X)" for a query_range
// response; "file: what is wrong" when it concerns the whole file.
type Error struct {
	File string
	Line int    // CSV: the line (1 is the header); 0 for JSON or the whole file
	Path string // JSON: where in the response, as "result[2].values[7]"
	Msg  string
	// Got is the offending value as the message shows it (quoted, or a
	// number); empty when there is nothing to show.
	Got string
}

func (e *Error) Error() string {
	var s string
	switch {
	case e.Line > 0:
		s = fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	case e.Path != "":
		s = fmt.Sprintf("%s: %s: %s", e.File, e.Path, e.Msg)
	default:
		s = fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	if e.Got != "" {
		s += " (got " + e.Got + ")"
	}
	return s
}

// Unwrap makes every Error an ErrInput.
func (e *Error) Unwrap() error { return ErrInput }

// MaxProblems bounds how many problems one read reports: after it, one more
// Error counts the rest, so a file wrong on every line stays readable.
const MaxProblems = 100

// loc is where a value came from: a CSV line or a JSON path.
type loc struct {
	line int
	path string
}

// problems collects every Error of one read, in the order found.
type problems struct {
	file  string
	errs  []error
	extra int
}

func (p *problems) add(at loc, got, format string, args ...any) {
	if len(p.errs) >= MaxProblems {
		p.extra++
		return
	}
	p.errs = append(p.errs, &Error{File: p.file, Line: at.line, Path: at.path, Msg: fmt.Sprintf(format, args...), Got: got})
}

func (p *problems) failed() bool { return len(p.errs) > 0 }

// err is nil without problems, else errors.Join of them all.
func (p *problems) err() error {
	errs := p.errs
	if p.extra > 0 {
		errs = append(errs[:len(errs):len(errs)], &Error{File: p.file, Msg: fmt.Sprintf("%d more problems not listed", p.extra)})
	}
	return errors.Join(errs...)
}

// maxGot bounds how much of an offending value a message quotes.
const maxGot = 80

// quote shows a text in a message, cut to maxGot runes.
func quote(s string) string {
	if utf8.RuneCountInString(s) > maxGot {
		r := []rune(s)
		return strconv.Quote(string(r[:maxGot])) + "…"
	}
	return strconv.Quote(s)
}

// cut shows a text (already formatted, as a label set) cut to maxGot runes.
func cut(s string) string {
	if utf8.RuneCountInString(s) > maxGot {
		return string([]rune(s)[:maxGot]) + "…"
	}
	return s
}
