package prometheus

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestReadCSVErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"empty", ``, []string{`t.csv:1: empty file: want a header, such as timestamp,service,value or Time,<service>,…`}},
		{"no time column", "when,service,value\n1,a,1\n", []string{`t.csv:1: the header has no column timestamp (or time) (got "when,service,value")`}},
		{"long form without label", "timestamp,job,value\n0,a,1\n", []string{`t.csv:1: the long form timestamp,service,value has no column service naming services (got "timestamp,job,value")`}},
		{"bad rows", "timestamp,service,value\n0,a,1\n60,a,NaN\n120,,1\n180,a,-1\n240,a\nyesterday,a,1\n300,a,1 req/s\n",
			[]string{
				`t.csv:3: a rate must be a finite number, at least 0 (got NaN)`,
				`t.csv:4: empty service: every row names its service`,
				`t.csv:5: a rate must be a finite number, at least 0 (got -1)`,
				`t.csv:6: want 3 fields, as the header has (got 2 fields)`,
				`t.csv:7: a timestamp must be Unix seconds, Unix milliseconds, or an RFC 3339 time (got "yesterday")`,
				`t.csv:8: a rate must be a number (got "1 req/s")`,
			}},
		{"duplicate sample", "timestamp,service,value\n0,a,1\n60,a,1\n60,a,2\n", []string{`t.csv:4: service "a" has two samples at one time (got 60s)`}},
		{"non-monotonic", "timestamp,service,value\n0,a,1\n120,a,1\n60,a,2\n", []string{`t.csv:4: timestamps of service "a" must increase (got 60s after 120s)`}},
		{"mixed kinds", "timestamp,service,value\n0,a,1\n2024-05-01T08:01:00Z,a,1\n", []string{`t.csv:3: every timestamp must be a number, as the first one is (got "2024-05-01T08:01:00Z")`}},
		{"unequal step", "timestamp,service,value\n0,a,1\n60,a,1\n120,a,1\n150,a,1\n", []string{`t.csv:5: unequal step: service "a"'s samples must be 1m0s apart, or a multiple of it across a gap (got 30s)`}},
		{"wide duplicate and unlabelled", `Time,a,"{service=""a""}","{job=""x""}"` + "\n0,1,1,1\n60,1,1,1\n", []string{
			`t.csv:1: column 3: service "a" repeats column 2 (got "{service=\"a\"}")`,
			`t.csv:1: column 4: the series has no label service to name its service (got "{job=\"x\"}")`,
		}},
		{"wide column without samples", "Time,a,b\n0,1,\n60,2,\n", []string{`t.csv:1: service "b" has no samples`}},
		{"wide formatted value", "sep=,\nTime,a\n0,1\n60,12 req/s\n", []string{`t.csv:4: a rate must be a number (download with Formatted data off) (got "12 req/s")`}},
		// walk14 #12: format: csv on a query_range response said "bare \"
		// in non-quoted-field"
		{"a query_range response", "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}\n",
			[]string{`t.csv: this file is JSON, not CSV: a query_range response is read with format: query_range`}},
		{"bad quote", "timestamp,service,value\n0,\"a,1\n", []string{`t.csv:2: not valid CSV: extraneous or missing " in quoted-field (at byte 8 of the line)`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(tc.in), "t.csv", "service")
			checkErrors(t, err, tc.want)
		})
	}
}

func TestReadCSVForms(t *testing.T) {
	tests := []struct {
		name, in string
		step     time.Duration
		start    time.Time
		rates    map[string][]float64
	}{
		{"long relative seconds, extra label column", "service,instance,timestamp,value\nb,x,0,1\na,x,0,2\nb,x,30,3\na,x,30,4\n", 30 * time.Second, time.Time{},
			map[string][]float64{"a": {2, 4}, "b": {1, 3}}},
		{"long time column and float seconds", "Time,service,Value\n1714550400.0,a,1\n1714550415.5,a,2\n1714550431,a,3\n", 15500 * time.Millisecond, start,
			nil}, // 15.5 s apart, then 15.5 s: one step
		{"wide semicolons, series names", `Time;"job:http_requests:rate1m{service=""a"", code=""200""}";"{""service""=""b""}"` + "\n1714550400000;1;\n1714550460000;2;5\n", time.Minute, start,
			map[string][]float64{"a": {1, 2}, "b": {0, 5}}},
		{"wide legend names, RFC 3339 with offset", "timestamp,cart,checkout\n2024-05-01T10:00:00+02:00,1,2\n2024-05-01T10:00:10+02:00,3,4\n", 10 * time.Second, start,
			map[string][]float64{"cart": {1, 3}, "checkout": {2, 4}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := ReadCSV(strings.NewReader(tc.in), "t.csv", "service")
			if err != nil {
				t.Fatal(err)
			}
			if tr.Step != tc.step || !tr.Start.Equal(tc.start) {
				t.Errorf("step %v, start %v; want %v, %v", tr.Step, tr.Start, tc.step, tc.start)
			}
			if tc.rates == nil {
				return
			}
			got := map[string][]float64{}
			for i, s := range tr.Services {
				got[s.Service] = tr.Rates(i)
			}
			if diff := cmp.Diff(tc.rates, got); diff != "" {
				t.Errorf("rates (-want +got):\n%s", diff)
			}
		})
	}
}

// A file wrong on every line lists MaxProblems problems and counts the rest.
func TestMaxProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString("timestamp,service,value\n")
	for range MaxProblems + 7 {
		b.WriteString("0,a,x\n")
	}
	_, err := ReadCSV(strings.NewReader(b.String()), "t.csv", "service")
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != MaxProblems+1 || lines[MaxProblems] != "t.csv: 7 more problems not listed" {
		t.Errorf("%d problems, the last %q; want %d and a count of 7 more", len(lines), lines[len(lines)-1], MaxProblems+1)
	}
}

// Every problem of a CSV file is told at once: a bad row does not hide a
// series' duplicate sample, its timestamps going back, another series'
// samples off the grid or a line that is not valid CSV further on (a
// follow-up to walk2 found the reader stopped after its first group of
// problems, where the query_range reader goes on). Rows dropped for their
// own problems take no part in finding the step, so they cause no
// "unequal step" of their own.
func TestReadCSVTellsEveryProblem(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"bad value, duplicate, off the grid", "timestamp,service,value\n" +
			"0,a,1\n0,b,1\n0,c,1\n" +
			"60,a,NaN\n60,b,1\n60,c,1\n" +
			"120,a,1\n120,b,1\n120,b,2\n150,c,1\n" +
			"180,a,1\n180,b,1\n210,c,1\n",
			[]string{
				`t.csv:5: a rate must be a finite number, at least 0 (got NaN)`,
				`t.csv:10: service "b" has two samples at one time (got 120s)`,
				`t.csv:11: unequal step: service "c"'s samples must be 1m0s apart, or a multiple of it across a gap (got 1m30s)`,
			}},
		{"going back beside a bad timestamp", "timestamp,service,value\n0,a,1\n60,a,1\nnoon,a,1\n180,a,1\n120,a,1\n0,b,1\n60,b,1\n",
			[]string{
				`t.csv:4: a timestamp must be Unix seconds, Unix milliseconds, or an RFC 3339 time (got "noon")`,
				`t.csv:6: timestamps of service "a" must increase (got 120s after 180s)`,
			}},
		{"not CSV, and a bad row after it", "timestamp,service,value\n0,a\"x,1\n0,a,1\n60,a,oops\n",
			[]string{
				`t.csv:2: not valid CSV: bare " in non-quoted-field (at byte 4 of the line)`,
				`t.csv:4: a rate must be a number (got "oops")`,
			}},
		{"wide: a column without samples beside a bad cell", "Time,a,b\n0,1,\n60,x,\n",
			[]string{
				`t.csv:3: a rate must be a number (download with Formatted data off) (got "x")`,
				`t.csv:1: service "b" has no samples`,
			}},
		{"wide: a bad cell and a series off the grid", "Time,a,b\n0,1,1\n60,x,1\n120,1,\n150,,1\n",
			[]string{
				`t.csv:3: a rate must be a number (download with Formatted data off) (got "x")`,
				`t.csv:5: unequal step: service "b"'s samples must be 1m0s apart, or a multiple of it across a gap (got 1m30s)`,
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(tc.in), "t.csv", "service")
			checkErrors(t, err, tc.want)
		})
	}
}
