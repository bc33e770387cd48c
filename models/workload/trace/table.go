package trace

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// table reads a CSV file with a header row, one record at a time: the
// columns are found by name (any order, any case, spaces around a name
// ignored), and every problem is an Error naming the file and line. A
// malformed record does not stop the reading: its problem is kept and the
// next record read, so that every bad row is told at once (up to
// MaxProblems, then a count of the rest) when the file ends.
type table struct {
	file string
	r    *csv.Reader
	head []string
	rec  []string
	line int // of the current record

	problems []error
	extra    int // problems beyond MaxProblems
	// end is the last line of the previous record; blank counts the
	// blank lines between records (encoding/csv skips them) and blankAt
	// is the first.
	end, blank, blankAt int
	warnings            []string
}

// MaxProblems bounds the problems one file reports: after it, one more
// Error counts the rest, so that a file wrong on every line stays
// readable.
const MaxProblems = 100

// newTable reads the header. required columns must all be present;
// optional ones may be; any other column is ignored, with a warning
// naming it unless extra is set (a format whose other columns are data,
// as Azure 2019's minutes).
func newTable(r io.Reader, file string, required, optional []string, extra bool) (*table, error) {
	br := bufio.NewReader(r)
	if bom, _ := br.Peek(3); string(bom) == "\uFEFF" { // a byte-order mark, as Excel writes
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // checked here, with a better message
	cr.ReuseRecord = true
	t := &table{file: file, r: cr}
	head, err := cr.Read()
	if err == io.EOF {
		return nil, &Error{File: file, Line: 1, Msg: "empty file: want a header row " + strings.Join(required, ",")}
	}
	if err != nil {
		return nil, csvError(file, err)
	}
	t.head = append([]string(nil), head...)
	t.line, _ = cr.FieldPos(0)
	t.end = t.lastLine(head)
	known := append(append([]string(nil), required...), optional...)
	seen := map[string]bool{}
	var ignored []string
	for i, h := range t.head {
		h = strings.TrimSpace(h)
		for _, k := range known {
			if strings.EqualFold(h, k) {
				h = k // the format's spelling, for col and messages
			}
		}
		t.head[i] = h
		if seen[strings.ToLower(h)] {
			return nil, t.errf(quote(h), "column %d repeats a column name", i+1)
		}
		seen[strings.ToLower(h)] = true
		if !extra && !slices.Contains(known, h) {
			ignored = append(ignored, fmt.Sprintf("%d %s", i+1, quote(h)))
		}
	}
	for _, c := range required {
		if !seen[strings.ToLower(c)] {
			return nil, t.errf(quote(strings.Join(t.head, ",")), "the header has no column %s", c)
		}
	}
	if len(ignored) > 0 {
		t.warnings = append(t.warnings, fmt.Sprintf("%s: %s %s ignored (the columns read: %s)",
			file, plural(len(ignored), "column", "columns"), strings.Join(ignored, ", "), strings.Join(known, ", ")))
	}
	return t, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// col is the index of a column, or −1.
func (t *table) col(name string) int {
	for i, h := range t.head {
		if h == name {
			return i
		}
	}
	return -1
}

// lastLine is the line a record just read ends on: its last field's start
// plus the line breaks inside it (a quoted field may span lines).
func (t *table) lastLine(rec []string) int {
	if len(rec) == 0 {
		return t.line
	}
	line, _ := t.r.FieldPos(len(rec) - 1)
	return line + strings.Count(rec[len(rec)-1], "\n")
}

// next reads the following well-formed record (valid CSV, the header's
// number of fields), keeping the problem of each one that is not; false at
// the end of the file.
func (t *table) next() (bool, error) {
	for {
		rec, err := t.r.Read()
		if err == io.EOF {
			return false, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return false, fmt.Errorf("%s: %w", t.file, err)
			}
			t.bad(csvError(t.file, err))
			t.end = pe.Line // encoding/csv goes on after the line it refused
			continue
		}
		t.rec = rec
		t.line, _ = t.r.FieldPos(0)
		if gap := t.line - t.end - 1; gap > 0 {
			if t.blank == 0 {
				t.blankAt = t.end + 1
			}
			t.blank += gap
		}
		t.end = t.lastLine(rec)
		if len(rec) != len(t.head) {
			t.bad(t.errf(fmt.Sprintf("%d fields", len(rec)), "want %d fields, as in the header", len(t.head)))
			continue
		}
		return true, nil
	}
}

// bad keeps the problems of a record (one, or several joined).
func (t *table) bad(err error) {
	list := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	}
	for _, e := range list {
		if len(t.problems) >= MaxProblems {
			t.extra++
			continue
		}
		t.problems = append(t.problems, e)
	}
}

// done is what reading past the last record returns: io.EOF, or every
// problem kept, joined. Blank lines between records join the warnings.
func (t *table) done() error {
	if t.blank > 0 {
		t.warnings = append(t.warnings, fmt.Sprintf("%s: %d blank %s between rows skipped (the first is line %d)",
			t.file, t.blank, plural(t.blank, "line", "lines"), t.blankAt))
		t.blank = 0
	}
	if len(t.problems) == 0 {
		return io.EOF
	}
	errs := t.problems
	if t.extra > 0 {
		errs = append(errs[:len(errs):len(errs)], &Error{File: t.file, Msg: fmt.Sprintf("%d more problems not listed", t.extra)})
	}
	return errors.Join(errs...)
}

// row reads records until one parses: parse reads the current record,
// and its problems are kept while the reading goes on. At the end it
// returns done's error.
func row[T any](t *table, parse func() (T, error)) (T, error) {
	var zero T
	for {
		ok, err := t.next()
		if err != nil {
			return zero, err
		}
		if !ok {
			return zero, t.done()
		}
		v, err := parse()
		if err == nil {
			return v, nil
		}
		t.bad(err)
	}
}

// errf is an Error on the current line.
func (t *table) errf(got string, format string, args ...any) *Error {
	return &Error{File: t.file, Line: t.line, Msg: fmt.Sprintf(format, args...), Got: got}
}

// id reads an identifier column: not empty, no spaces or control
// characters (ids become parts of service names).
func (t *table) id(i int) (string, error) {
	s := t.rec[i]
	if s == "" {
		return "", t.errf("", "%s is empty", t.head[i])
	}
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return "", t.errf(quote(s), "%s must not contain spaces or control characters", t.head[i])
	}
	return s, nil
}

// integer reads a whole number ≥ 0.
func (t *table) integer(i int) (int64, error) {
	n, err := strconv.ParseInt(t.rec[i], 10, 64)
	if err != nil || n < 0 {
		return 0, t.errf(quote(t.rec[i]), "%s must be a whole number, 0 or more", t.head[i])
	}
	return n, nil
}

// number reads a finite number ≥ 0 (integers may be written as 12.0).
func (t *table) number(i int) (float64, error) {
	x, err := strconv.ParseFloat(t.rec[i], 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) || x < 0 {
		return 0, t.errf(quote(t.rec[i]), "%s must be a number, 0 or more", t.head[i])
	}
	return x, nil
}

// maxSeconds is the longest time a Duration holds, in seconds.
const maxSeconds = float64(math.MaxInt64) / 1e9

// seconds reads a time or duration in seconds (a finite number ≥ 0 that a
// Duration holds), to the nanosecond.
func (t *table) seconds(i int) (time.Duration, error) {
	x, err := strconv.ParseFloat(t.rec[i], 64)
	if err != nil || !(x >= 0 && x < maxSeconds) {
		return 0, t.errf(quote(t.rec[i]), "%s must be a number of seconds, 0 or more", t.head[i])
	}
	return time.Duration(math.Round(x * 1e9)), nil
}
