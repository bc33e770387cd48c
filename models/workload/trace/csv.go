package trace

import (
	"io"
	"math"
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
// order. A timestamp is a number of seconds (12.5) or an RFC 3339 time
// (2024-05-01T09:00:00.250Z), the same kind on every row; a duration is a
// number of seconds or a duration with its unit (250ms), or empty.
type CSVReader struct {
	t                *table
	at, svc, dur     int
	kind             int // of the timestamps: 0 not yet known, 1 seconds, 2 RFC 3339
	lastSvc, lastStr string
}

// CSVColumns are the columns a generic trace may have.
var CSVColumns = []string{"timestamp", "service", "duration"}

// NewCSVReader reads the header of a generic trace.
func NewCSVReader(r io.Reader, file string) (*CSVReader, error) {
	t, err := newTable(r, file, CSVColumns[:1], CSVColumns[1:], false)
	if err != nil {
		return nil, err
	}
	return &CSVReader{t: t, at: t.col("timestamp"), svc: t.col("service"), dur: t.col("duration")}, nil
}

// HasService and HasDuration say which optional columns the file has.
func (r *CSVReader) HasService() bool  { return r.svc >= 0 }
func (r *CSVReader) HasDuration() bool { return r.dur >= 0 }

const (
	kindSeconds = 1
	kindTime    = 2
)

// Next returns the following row; io.EOF after the last.
func (r *CSVReader) Next() (Row, error) {
	t := r.t
	ok, err := t.next()
	if err != nil {
		return Row{}, err
	}
	if !ok {
		return Row{}, io.EOF
	}
	row := Row{Duration: NoDuration}
	if row.At, err = r.timestamp(); err != nil {
		return Row{}, err
	}
	if r.svc >= 0 {
		s := t.rec[r.svc]
		if s == r.lastStr && s != "" {
			row.Service = r.lastSvc // one string per run of a service's rows
		} else {
			if s == "" || strings.IndexFunc(s, unicode.IsControl) >= 0 {
				return Row{}, t.errf(quote(s), "service must be a name without control characters")
			}
			row.Service = strings.Clone(s)
			r.lastStr, r.lastSvc = row.Service, row.Service
		}
	}
	if r.dur >= 0 && t.rec[r.dur] != "" {
		s := t.rec[r.dur]
		x, ferr := strconv.ParseFloat(s, 64)
		switch {
		case ferr == nil && x >= 0 && x < maxSeconds:
			row.Duration = time.Duration(math.Round(x * 1e9))
		case ferr == nil:
			return Row{}, t.errf(quote(s), "duration must be 0 or more seconds, or a duration like 250ms")
		default:
			d, derr := time.ParseDuration(s)
			if derr != nil || d < 0 {
				return Row{}, t.errf(quote(s), "duration must be 0 or more seconds, or a duration like 250ms")
			}
			row.Duration = d
		}
	}
	return row, nil
}

// timestamp reads the current row's timestamp, in nanoseconds since its
// kind's zero.
func (r *CSVReader) timestamp() (int64, error) {
	t := r.t
	s := t.rec[r.at]
	if r.kind != kindTime {
		x, err := strconv.ParseFloat(s, 64)
		if err == nil && x >= 0 && x < maxSeconds {
			r.kind = kindSeconds
			return int64(math.Round(x * 1e9)), nil
		}
		if r.kind == kindSeconds {
			return 0, t.errf(quote(s), "timestamp must be a number of seconds, 0 or more, like the rows before")
		}
	}
	at, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || at.Year() < 1678 || at.Year() > 2261 { // UnixNano's range
		if r.kind == kindTime {
			return 0, t.errf(quote(s), "timestamp must be an RFC 3339 time like 2024-05-01T09:00:00.25Z, like the rows before")
		}
		return 0, t.errf(quote(s), "timestamp must be a number of seconds, 0 or more, or an RFC 3339 time like 2024-05-01T09:00:00.25Z")
	}
	r.kind = kindTime
	return at.UnixNano(), nil
}
