package trace

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// table reads a CSV file with a header row, one record at a time: the
// columns are found by name, every record must have the header's number of
// fields, and every problem is an Error naming the file and line.
type table struct {
	file string
	r    *csv.Reader
	head []string
	rec  []string
	line int // of the current record
}

// newTable reads the header. required columns must all be present;
// optional ones may be; any other column is an error unless extra is set.
func newTable(r io.Reader, file string, required, optional []string, extra bool) (*table, error) {
	cr := csv.NewReader(r)
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
	if len(t.head) > 0 {
		t.head[0] = strings.TrimPrefix(t.head[0], "\uFEFF") // a byte-order mark
	}
	t.line = 1
	seen := map[string]bool{}
	for i, h := range t.head {
		if seen[h] {
			return nil, t.errf(quote(h), "column %d repeats a column name", i+1)
		}
		seen[h] = true
		if !extra && !contains(required, h) && !contains(optional, h) {
			return nil, t.errf(quote(h), "unknown column %d (allowed: %s)", i+1, strings.Join(append(append([]string(nil), required...), optional...), ", "))
		}
	}
	for _, c := range required {
		if !seen[c] {
			return nil, t.errf(quote(strings.Join(t.head, ",")), "the header has no column %s", c)
		}
	}
	return t, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
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

// next reads the following record; false at the end of the file.
func (t *table) next() (bool, error) {
	rec, err := t.r.Read()
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		return false, csvError(t.file, err)
	}
	t.rec = rec
	t.line, _ = t.r.FieldPos(0)
	if len(rec) != len(t.head) {
		return false, t.errf(fmt.Sprintf("%d fields", len(rec)), "want %d fields, as in the header", len(t.head))
	}
	return true, nil
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
