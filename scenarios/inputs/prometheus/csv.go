package prometheus

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/common/model"
)

// ReadCSV reads a CSV export of per-service rates, in one of two forms told
// apart by the header:
//
//   - long: a column timestamp (or time), a column named label, and a
//     column value, in any order, one row per service and timestamp;
//     other columns (other labels) are ignored, but for __name__: a
//     counter's name is refused, and so are two names (metrics);
//   - wide, as Grafana's Inspect → Data → Download CSV writes a panel's
//     series joined by time: a column Time (or timestamp) and one column
//     per service, an empty cell where a series has no sample. A column's
//     name is its service (a legend such as {{service}}), or, when it is
//     a series name in Prometheus' form (name{a="x", service="cart"} or
//     {service="cart"}), the value of its label.
//
// A header with a value column is the long form. The delimiter is a comma,
// or the one a first line sep=X names (Grafana's Excel header), or a
// semicolon when the header has more of them than commas outside quotes
// (Grafana's delimiter follows the browser's locale); a byte-order mark
// is skipped. Timestamps, all of one kind: numbers (Unix seconds, or
// seconds from any zero; from 10^11 on, milliseconds, as Grafana writes
// them), RFC 3339, or a date and time without a zone (Grafana's formatted
// time), read as UTC with a warning. file names the input in messages.
// Every problem is an *Error reading "file:line: …", joined with
// errors.Join.
func ReadCSV(r io.Reader, file, label string) (*Traffic, error) {
	p, body, err := readInput(r, file, label)
	if err != nil {
		return nil, err
	}
	body = bytes.TrimPrefix(body, []byte("\uFEFF"))
	// a query_range response read as CSV failed on its first quote
	// ("bare \" in non-quoted-field", walk14 #12): say what it is
	if t := bytes.TrimLeft(body, " \t\r\n"); len(t) > 0 && (t[0] == '{' || t[0] == '[') && json.Valid(t) {
		p.add(loc{}, "", "this file is JSON, not CSV: a query_range response is read with format: query_range")
		return nil, p.err()
	}
	base := 0 // lines before the header
	comma := ','
	if rest, ok := bytes.CutPrefix(body, []byte("sep=")); ok {
		line, _, _ := bytes.Cut(rest, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) != 1 || !validComma(rune(line[0])) {
			p.add(loc{line: 1}, quote(string(line)), "sep= must name one delimiter character")
			return nil, p.err()
		}
		comma, base, body = rune(line[0]), 1, nil
		if nl := bytes.IndexByte(rest, '\n'); nl >= 0 {
			body = rest[nl+1:]
		}
	} else {
		comma = delimiter(body)
	}
	cr := csv.NewReader(bytes.NewReader(body))
	cr.Comma = comma
	cr.FieldsPerRecord = -1 // checked here, with a better message
	head, err := cr.Read()
	if err == io.EOF {
		p.add(loc{line: base + 1}, "", "empty file: want a header, such as timestamp,%s,value or Time,<service>,…", label)
		return nil, p.err()
	}
	if err != nil {
		csvProblem(p, base, err)
		return nil, p.err()
	}
	for i := range head {
		head[i] = strings.TrimSpace(head[i])
	}
	c := &csvFile{p: p, cr: cr, base: base, head: head, label: label, at: -1, svc: -1, value: -1, name: -1}
	c.metrics.label = label
	for i, h := range head {
		switch {
		case c.at < 0 && (strings.EqualFold(h, "timestamp") || strings.EqualFold(h, "time")):
			c.at = i
		case c.value < 0 && strings.EqualFold(h, "value"):
			c.value = i
		case c.svc < 0 && h == label:
			c.svc = i
		case c.name < 0 && h == model.MetricNameLabel:
			c.name = i
		}
	}
	hl := loc{line: base + 1}
	if c.at < 0 {
		p.add(hl, quote(strings.Join(head, string(comma))), "the header has no column timestamp (or time)")
		return nil, p.err()
	}
	var series []rawSeries
	if c.value >= 0 {
		if c.svc < 0 {
			p.add(hl, quote(strings.Join(head, string(comma))), "the long form timestamp,%s,value has no column %s naming services", label, label)
			return nil, p.err()
		}
		series = c.long()
	} else {
		series = c.wide()
	}
	// The series' timestamps are checked even after a problem with a row
	// or a column, so that every problem is told at once.
	if p.failed() && len(series) == 0 {
		return nil, p.err()
	}
	t := build(p, series, c.clock.absolute())
	if p.failed() {
		return nil, p.err()
	}
	if c.clock.kind == zoneless {
		t.Warnings = append([]string{file + ": timestamps without a time zone are read as UTC (only their differences matter; a daylight-saving change in the file shows as an unequal step)"}, t.Warnings...)
	}
	return t, nil
}

// delimiter is ';' when the header has more semicolons than commas
// outside quotes, else ','.
func delimiter(body []byte) rune {
	quoted, commas, semis := false, 0, 0
	for _, b := range body {
		switch {
		case b == '"':
			quoted = !quoted
		case quoted:
		case b == '\n':
			if semis > commas {
				return ';'
			}
			return ','
		case b == ',':
			commas++
		case b == ';':
			semis++
		}
	}
	if semis > commas {
		return ';'
	}
	return ','
}

func validComma(r rune) bool {
	return r != '"' && r != '\r' && r != '\n' && r != 0xFFFD
}

// csvFile is a CSV export being read.
type csvFile struct {
	p     *problems
	cr    *csv.Reader
	base  int // lines before the header
	head  []string
	label string
	// Column indexes: the timestamp, the service (long form), the value
	// (long form) and the metric's name (long form, __name__); -1 when
	// absent.
	at, svc, value, name int
	clock                clock
	// metrics are the series' metric names: one, and none a counter's.
	metrics metrics
	// dropped counts the rows dropped that may have been any series'
	// sample (rawSeries.add).
	dropped int
}

// next returns the next record and its line; false at the end. A row that
// is not valid CSV, or has a number of fields other than the header's, is
// reported and skipped: encoding/csv goes on at the line after the record
// it refused, so the rest of the file is still read.
func (c *csvFile) next() ([]string, loc, bool) {
	for {
		rec, err := c.cr.Read()
		if err == io.EOF {
			return nil, loc{}, false
		}
		if err != nil {
			csvProblem(c.p, c.base, err)
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, loc{}, false
			}
			c.dropped++
			continue
		}
		line, _ := c.cr.FieldPos(0)
		at := loc{line: c.base + line}
		if len(rec) != len(c.head) {
			c.p.add(at, fmt.Sprintf("%d fields", len(rec)), "want %d fields, as the header has", len(c.head))
			c.dropped++
			continue
		}
		return rec, at, true
	}
}

// long reads the rows of the long form: timestamp, service, value.
func (c *csvFile) long() []rawSeries {
	var series []rawSeries
	index := map[string]int{}
	for {
		rec, at, ok := c.next()
		if !ok {
			return series
		}
		name := strings.TrimSpace(rec[c.svc])
		if c.name >= 0 {
			// every row, not a service's first: a second metric may
			// repeat the first one's services
			c.metrics.add(c.p, at, strings.TrimSpace(rec[c.name]))
		}
		ms, okT := c.clock.parse(c.p, at, rec[c.at])
		v, okV := number(c.p, at, rec[c.value], false)
		if name == "" {
			c.p.add(at, "", "empty %s: every row names its service", c.label)
			c.dropped++
			continue
		}
		i, seen := index[name]
		if !seen {
			i = len(series)
			index[name] = i
			series = append(series, rawSeries{service: name, loc: at, rows: c.dropped})
		}
		series[i].given++
		if !okT || !okV {
			series[i].dropped = true
			continue
		}
		series[i].add(rawSample{ms: ms, v: v, loc: at}, c.dropped)
	}
}

// wide reads the rows of the wide form: a timestamp and one column per
// service.
func (c *csvFile) wide() []rawSeries {
	hl := loc{line: c.base + 1}
	cols := make([]int, 0, len(c.head)-1)
	var series []rawSeries
	first := map[string]int{}
	for i, h := range c.head {
		if i == c.at {
			continue
		}
		name, problem := headerService(h, c.label)
		if problem != "" {
			c.p.add(hl, quote(h), "column %d: %s", i+1, problem)
			continue
		}
		if j, dup := first[name]; dup {
			c.p.add(hl, quote(h), "column %d: service %q repeats column %d", i+1, name, j+1)
			continue
		}
		first[name] = i
		cols = append(cols, i)
		series = append(series, rawSeries{service: name, loc: hl})
	}
	if len(series) == 0 && !c.p.failed() {
		c.p.add(hl, quote(strings.Join(c.head, string(c.cr.Comma))), "no service columns: want Time,<service>,… or timestamp,%s,value", c.label)
	}
	for {
		rec, at, ok := c.next()
		if !ok {
			return series
		}
		ms, okT := c.clock.parse(c.p, at, rec[c.at])
		if !okT {
			c.dropped++ // a sample of any series
		}
		for k, i := range cols {
			cell := strings.TrimSpace(rec[i])
			if cell == "" {
				continue // no sample of this series at this time
			}
			series[k].given++
			v, okV := number(c.p, at, cell, true)
			switch {
			case okT && okV:
				series[k].add(rawSample{ms: ms, v: v, loc: at}, c.dropped)
			case okT:
				series[k].dropped = true
			}
		}
	}
}

// number parses a rate.
func number(p *problems, at loc, s string, wide bool) (float64, bool) {
	s = strings.TrimSpace(s)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		hint := ""
		if wide {
			hint = " (download with Formatted data off)"
		}
		p.add(at, quote(s), "a rate must be a number%s", hint)
		return 0, false
	}
	return v, checkRate(p, at, v)
}

// csvProblem reports encoding/csv's error.
func csvProblem(p *problems, base int, err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		p.add(loc{line: base + pe.Line}, "", "not valid CSV: %v (at byte %d of the line)", pe.Err, pe.Column)
		return
	}
	p.add(loc{}, "", "%v", err)
}

// The kinds of timestamps a CSV file may have.
const (
	unknownKind = iota
	numeric
	rfc3339
	zoneless
)

var kindNames = []string{"", "a number", "an RFC 3339 time", "a date and time without zone"}

// clock parses a file's timestamps, all of the kind of the first.
type clock struct {
	kind   int
	unitMS float64 // numeric: milliseconds per unit (1000 for seconds)
	big    bool    // numeric: the first is a Unix time (from 1973)
}

// absolute is whether the timestamps are wall times.
func (c *clock) absolute() bool { return c.kind == rfc3339 || c.kind == zoneless || c.big }

// parse reads a timestamp as milliseconds.
func (c *clock) parse(p *problems, at loc, s string) (int64, bool) {
	s = strings.TrimSpace(s)
	kind, f, t := unknownKind, 0.0, time.Time{}
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		kind, f = numeric, v
	} else if v, err := time.Parse(time.RFC3339Nano, s); err == nil {
		kind, t = rfc3339, v
	} else if v, err := time.Parse("2006-01-02 15:04:05.999999999", s); err == nil {
		kind, t = zoneless, v
	} else if v, err := time.Parse("2006-01-02T15:04:05.999999999", s); err == nil {
		kind, t = zoneless, v
	}
	if kind == unknownKind {
		p.add(at, quote(s), "a timestamp must be Unix seconds, Unix milliseconds, or an RFC 3339 time")
		return 0, false
	}
	if c.kind == unknownKind {
		c.kind = kind
		if kind == numeric {
			c.unitMS = 1000
			if math.Abs(f) >= 1e11 {
				c.unitMS = 1
			}
			c.big = math.Abs(f*c.unitMS) >= 1e11
		}
	}
	if kind != c.kind {
		p.add(at, quote(s), "every timestamp must be %s, as the first one is", kindNames[c.kind])
		return 0, false
	}
	var ms float64
	if kind == numeric {
		ms = math.Round(f * c.unitMS)
	} else {
		ms = float64(t.Round(time.Millisecond).UnixMilli())
	}
	if !(math.Abs(ms) <= maxTimestampMS) {
		p.add(at, quote(s), "timestamp out of range")
		return 0, false
	}
	return int64(ms), true
}

// headerService is the service a wide form's column header names: the
// header itself, or the value of label when the header is a series name in
// Prometheus' form. problem says why it names none.
func headerService(h, label string) (name, problem string) {
	if h == "" {
		return "", "an empty column name names no service"
	}
	labels, ok := parseSeriesName(h)
	if !ok {
		return h, ""
	}
	if p := counterProblem(strings.TrimSpace(h[:strings.IndexByte(h, '{')]), label); p != "" {
		return "", p
	}
	if v := labels[label]; v != "" {
		return v, ""
	}
	return "", fmt.Sprintf("the series has no label %s to name its service", label)
}

// parseSeriesName parses name{a="x", b="y"} or {a="x"}, the way Grafana
// names a Prometheus series without a legend. Label names may be quoted
// (UTF-8 names); values are double-quoted with Go escapes. ok is false
// when s is not of that form.
func parseSeriesName(s string) (map[string]string, bool) {
	i := strings.IndexByte(s, '{')
	if i < 0 || !strings.HasSuffix(s, "}") {
		return nil, false
	}
	rest := s[i+1 : len(s)-1]
	labels := map[string]string{}
	for {
		rest = strings.TrimLeft(rest, " ")
		if rest == "" {
			return labels, true
		}
		var name string
		if rest[0] == '"' {
			q, err := strconv.QuotedPrefix(rest)
			if err != nil {
				return nil, false
			}
			name, _ = strconv.Unquote(q)
			rest = rest[len(q):]
		} else {
			j := strings.IndexAny(rest, "= ")
			if j <= 0 {
				return nil, false
			}
			name, rest = rest[:j], rest[j:]
		}
		rest = strings.TrimLeft(rest, " ")
		if !strings.HasPrefix(rest, "=") {
			return nil, false
		}
		rest = strings.TrimLeft(rest[1:], " ")
		q, err := strconv.QuotedPrefix(rest)
		if err != nil || q[0] != '"' {
			return nil, false
		}
		value, _ := strconv.Unquote(q)
		labels[name] = value
		rest = strings.TrimLeft(rest[len(q):], " ")
		if rest == "" {
			return labels, true
		}
		if rest[0] != ',' {
			return nil, false
		}
		rest = rest[1:]
	}
}
