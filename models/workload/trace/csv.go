package trace

import (
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

// Row is one row of a generic trace: a request of Service (empty without
// a service column) at At, which took Duration (NoDuration when the file
// has no duration column or the cell is empty).
type Row struct {
	// At is in nanoseconds since the timestamps' zero: second 0 for
	// timestamps in seconds, the Unix epoch for RFC 3339 ones.
	At       int64
	Service  string
	Duration time.Duration
}

// NoDuration is a Row's Duration when the row gives none.
const NoDuration time.Duration = -1

// CSVReader streams a user's own log as CSV with a header naming its
// columns: timestamp (required), service and duration (optional), in any
// order and any case; other columns are ignored with a warning. A
// timestamp is a number of seconds (12.5; from 10^11 on, milliseconds,
// as a Unix time in ms is), an RFC 3339 time (2024-05-01T09:00:00.250Z),
// or a date and time without a zone (2024-05-01 09:00:00.25, as AWS
// CloudWatch and Azure exports write them), read as UTC with a warning;
// every row's the kind of the first. A duration is a plain number in the
// column's unit (seconds for a column named duration, unless SetUnit says
// otherwise; milliseconds for duration_ms, and so on), a duration with its
// own unit (250ms), or empty. Spaces around a cell are ignored.
type CSVReader struct {
	t                *table
	at, svc, dur     int
	kind             int  // of the timestamps: 0 not yet known, else kindSeconds…
	ms               bool // numeric timestamps are milliseconds
	lastSvc, lastStr string

	// unit is what a plain number in the duration column counts; named
	// says the header's name or SetUnit gave it, rather than the default.
	unit  time.Duration
	named bool
	// plain are the first plain-number durations read while the unit was
	// not named (at most plainSample), and nPlain how many there were:
	// enough to tell durations in the wrong unit (PlainDurations).
	plain  []time.Duration
	nPlain int
}

// CSVColumns are the columns a generic trace may have. A file has at most
// one duration column; its name may carry the unit of its plain numbers.
var CSVColumns = []string{"timestamp", "service", "duration", "duration_s", "duration_ms", "duration_us"}

// durationColumns maps each duration column to the unit of its numbers.
var durationColumns = []struct {
	name string
	unit time.Duration
}{{"duration", time.Second}, {"duration_s", time.Second}, {"duration_ms", time.Millisecond}, {"duration_us", time.Microsecond}}

// NewCSVReader reads the header of a generic trace.
func NewCSVReader(r io.Reader, file string) (*CSVReader, error) {
	t, err := newTable(r, file, CSVColumns[:1], CSVColumns[1:], false)
	if err != nil {
		return nil, err
	}
	c := &CSVReader{t: t, at: t.col("timestamp"), svc: t.col("service"), dur: -1, unit: time.Second}
	for _, d := range durationColumns {
		i := t.col(d.name)
		if i < 0 {
			continue
		}
		if c.dur >= 0 {
			return nil, t.errf(quote(t.head[c.dur]+","+d.name), "two duration columns: keep one (its name may say its unit: duration_s, duration_ms, duration_us)")
		}
		c.dur, c.unit, c.named = i, d.unit, d.name != "duration"
	}
	return c, nil
}

// SetUnit says what a plain number in the duration column counts
// (durationUnit: in a scenario). A column whose name gives another unit
// is an error naming both: the file and the scenario disagree.
func (r *CSVReader) SetUnit(unit time.Duration) error {
	if r.named && r.dur >= 0 && r.unit != unit {
		return &Error{File: r.t.file, Line: 1, Msg: fmt.Sprintf("the column %s counts %s, but durationUnit: says %s: remove one", r.t.head[r.dur], UnitName(r.unit), UnitName(unit)), Got: quote(r.t.head[r.dur])}
	}
	r.unit, r.named = unit, true
	return nil
}

// UnitName is the name of a duration unit as durationUnit: and a column
// name write it: s, ms or us.
func UnitName(unit time.Duration) string {
	switch unit {
	case time.Millisecond:
		return "ms"
	case time.Microsecond:
		return "us"
	}
	return "s"
}

// plainSample bounds the durations kept to judge their unit.
const plainSample = 10_000

// PlainDurations are the durations written as plain numbers and read as
// seconds because nothing named their unit: their median over the first
// plainSample of them, and how many there were (0 when the unit was named
// or every duration carried its own). Complete once Next has returned
// io.EOF.
func (r *CSVReader) PlainDurations() (median time.Duration, n int) {
	if len(r.plain) == 0 {
		return 0, 0
	}
	s := slices.Clone(r.plain)
	slices.Sort(s)
	return s[len(s)/2], r.nPlain
}

// HasService and HasDuration say which optional columns the file has.
func (r *CSVReader) HasService() bool  { return r.svc >= 0 }
func (r *CSVReader) HasDuration() bool { return r.dur >= 0 }

const (
	kindSeconds = 1
	kindTime    = 2
	kindZone    = 3 // a date and time without a zone
)

// msFrom is where numeric timestamps become milliseconds: 10^11 s is
// about 3,170 years, 10^11 ms March 1973.
const msFrom = 1e11

// Next returns the following row; io.EOF after the last. A malformed row
// is not returned: its problems (every bad cell) are kept, and after the
// last row they are returned instead of io.EOF.
func (r *CSVReader) Next() (Row, error) { return row(r.t, r.parse) }

// Warnings are what the reader did that the user may not expect
// (timestamps read as UTC or as milliseconds, columns ignored, blank lines
// skipped), each starting with the file name; complete once Next has
// returned io.EOF.
func (r *CSVReader) Warnings() []string { return r.t.warnings }

// parse reads the current record, telling every bad cell.
func (r *CSVReader) parse() (Row, error) {
	t := r.t
	var errs []error
	row := Row{Duration: NoDuration}
	var err error
	if row.At, err = r.timestamp(); err != nil {
		errs = append(errs, err)
	}
	if r.svc >= 0 {
		s := strings.TrimSpace(t.rec[r.svc])
		if s == r.lastStr && s != "" {
			row.Service = r.lastSvc // one string per run of a service's rows
		} else if s == "" || strings.IndexFunc(s, unicode.IsControl) >= 0 {
			errs = append(errs, t.errf(quote(s), "service must be a name without control characters"))
		} else {
			row.Service = strings.Clone(s)
			r.lastStr, r.lastSvc = row.Service, row.Service
		}
	}
	if s := strings.TrimSpace(cell(t, r.dur)); s != "" {
		x, ferr := strconv.ParseFloat(s, 64)
		unit := float64(r.unit)
		switch {
		case ferr == nil && x >= 0 && x*unit < math.MaxInt64:
			row.Duration = time.Duration(math.Round(x * unit))
			if !r.named {
				if r.nPlain < plainSample {
					r.plain = append(r.plain, row.Duration)
				}
				r.nPlain++
			}
		case ferr == nil && x >= 0:
			errs = append(errs, t.errf(quote(s), "duration is too long: at most %.4g %s", math.MaxInt64/unit, UnitName(r.unit)))
		case ferr == nil:
			errs = append(errs, t.errf(quote(s), "duration must be 0 or more %s, or a duration like 250ms", unitWords[UnitName(r.unit)]))
		default:
			d, derr := time.ParseDuration(s)
			if derr != nil || d < 0 {
				errs = append(errs, t.errf(quote(s), "duration must be 0 or more %s, or a duration like 250ms", unitWords[UnitName(r.unit)]))
			}
			row.Duration = d
		}
	}
	return row, errors.Join(errs...)
}

var unitWords = map[string]string{"s": "seconds", "ms": "milliseconds", "us": "microseconds"}

// cell is column i of the current record, "" when i is −1.
func cell(t *table, i int) string {
	if i < 0 {
		return ""
	}
	return t.rec[i]
}

// The layouts of a date and time without a zone.
var zoneless = []string{"2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999"}

// timestamp reads the current row's timestamp, in nanoseconds since its
// kind's zero: second 0 for seconds, the Unix epoch for the others. The
// first row's kind is every row's.
func (r *CSVReader) timestamp() (int64, error) {
	t := r.t
	s := strings.TrimSpace(t.rec[r.at])
	kind := 0
	var ns int64
	if x, err := strconv.ParseFloat(s, 64); err == nil {
		if r.kind == 0 {
			r.ms = math.Abs(x) >= msFrom
		}
		unit := 1e9 // ns per unit
		if r.ms {
			unit = 1e6
		}
		switch {
		case x >= 0 && x*unit < 1e9*maxSeconds:
			kind, ns = kindSeconds, int64(math.Round(x*unit))
			if n, ok := exactNS(s, int64(unit)); ok {
				ns = n // a Unix time in ns is beyond a float64's 53 bits
			}
		case x >= 0 || math.IsNaN(x):
			// too large (or not a number at all): say which
			what := "seconds"
			if r.ms {
				what = "Unix milliseconds (numbers from 10^11 on are)"
			}
			if math.IsNaN(x) {
				return 0, t.errf(quote(s), "timestamp must be a number of %s, not NaN", what)
			}
			return 0, t.errf(quote(s), "timestamp is too large: a number of %s must be below %.4g (the year 2262)", what, 1e9*maxSeconds/unit)
		}
	} else if at, err := time.Parse(time.RFC3339Nano, s); err == nil && inRange(at) {
		kind, ns = kindTime, at.UnixNano()
	} else {
		for _, layout := range zoneless {
			if at, err := time.Parse(layout, s); err == nil && inRange(at) {
				kind, ns = kindZone, at.UnixNano()
				break
			}
		}
	}
	if r.kind == 0 && kind != 0 {
		r.kind = kind
		switch {
		case kind == kindZone:
			t.warnings = append(t.warnings, fmt.Sprintf("%s: timestamps without a time zone are read as UTC", t.file))
		case r.ms:
			t.warnings = append(t.warnings, fmt.Sprintf("%s: timestamps from 10^11 on are read as Unix milliseconds (the first is %s)", t.file, s))
		}
	}
	if kind != 0 && kind == r.kind {
		return ns, nil
	}
	if r.kind != 0 {
		return 0, t.errf(quote(s), "timestamp must be %s, like the rows before", kindNames[r.kind])
	}
	return 0, t.errf(quote(s), "timestamp must be a number of seconds, 0 or more, an RFC 3339 time like 2024-05-01T09:00:00.25Z, or a date and time like 2024-05-01 09:00:00 (UTC)")
}

var kindNames = []string{"", "a number of seconds, 0 or more", "an RFC 3339 time like 2024-05-01T09:00:00.25Z", "a date and time like 2024-05-01 09:00:00"}

// inRange is whether a time's UnixNano is defined.
func inRange(at time.Time) bool { return at.Year() >= 1678 && at.Year() <= 2261 }

// exactNS reads a plain decimal (digits, an optional point and digits) of
// units of unit nanoseconds exactly, rounding past the nanosecond down;
// false for any other form or on overflow.
func exactNS(s string, unit int64) (int64, bool) {
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || strings.Trim(whole, "0123456789") != "" || strings.Trim(frac, "0123456789") != "" {
		return 0, false
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > math.MaxInt64/unit {
		return 0, false
	}
	ns := w * unit
	for scale := unit / 10; scale > 0 && frac != ""; scale /= 10 {
		ns += int64(frac[0]-'0') * scale
		frac = frac[1:]
	}
	return ns, ns >= 0
}
