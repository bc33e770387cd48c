package prometheus

import (
	"fmt"
	"strings"
	"testing"
)

// counterJSON is walk4's counter.json: raw http_requests_total, rising by
// 600 a minute (10 req/s), with its metric name.
func counterJSON(name string) string {
	var vals []string
	for i := range 30 {
		vals = append(vals, fmt.Sprintf(`[%d,"%d"]`, 1714550400+60*i, 100+600*i))
	}
	return envelope(fmt.Sprintf(`{"metric":{"__name__":%q,"service":"a"},"values":[%s]}`, name, strings.Join(vals, ",")))
}

func TestCountersRefused(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"http_requests_total", `q.json: result[0]: http_requests_total is a counter: its samples are a running total, not requests per second; export sum by (service) (rate(http_requests_total[1m])) instead (got "http_requests_total")`},
		{"http_request_duration_seconds_count", `q.json: result[0]: http_request_duration_seconds_count is a histogram's or summary's count`},
		{"http_request_duration_seconds_bucket", `is a histogram bucket`},
	} {
		_, err := ReadQueryRange(strings.NewReader(counterJSON(tc.name)), "q.json", "service")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v; want %s", tc.name, err, tc.want)
		}
	}
	// a recording rule's name is a rate: read, but its never falling is told
	tr, err := ReadQueryRange(strings.NewReader(counterJSON("job:http_requests:rate1m")), "q.json", "service")
	if err != nil {
		t.Fatal(err)
	}
	want := `q.json: service "a": its rate never decreases over its 30 samples (100 to 17500): if these are a counter's running totals, export rate(metric[1m]) instead`
	if len(tr.Warnings) != 1 || !strings.HasPrefix(tr.Warnings[0], want) {
		t.Errorf("warnings %q; want %q", tr.Warnings, want)
	}
	// Grafana's wide CSV names a raw series by its metric name
	_, err = ReadCSV(strings.NewReader("Time,\"http_requests_total{service=\"\"a\"\"}\"\n1714550400000,100\n1714550460000,700\n"), "g.csv", "service")
	if err == nil || !strings.Contains(err.Error(), `g.csv:1: column 2: http_requests_total is a counter`) {
		t.Errorf("wide CSV of a counter: %v", err)
	}
}

// Rates that rise and fall, or rise for a few samples, are not told.
func TestRisingOnlyWhenCounterLike(t *testing.T) {
	for _, tc := range []struct {
		rates []float64
		told  bool
	}{
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, true},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9}, false},              // too few
		{[]float64{1, 2, 3, 4, 5, 4, 7, 8, 9, 10}, false},          // falls once
		{[]float64{5, 5, 5, 5, 5, 5, 5, 5, 5, 6}, false},           // flat
		{[]float64{10, 11, 12, 13, 14, 15, 16, 17, 18, 19}, false}, // ends below twice its start
	} {
		s := Series{Service: "a"}
		for i, r := range tc.rates {
			s.Samples = append(s.Samples, Sample{At: ms(int64(i) * 60000), RatePerSecond: r})
		}
		if got := rising(s) != ""; got != tc.told {
			t.Errorf("%v: told %v; want %v", tc.rates, got, tc.told)
		}
	}
}

// A long-form CSV's __name__ column is checked as the other forms' names
// are (inp4 left it unread): a counter's name is refused once, pointing to
// rate(), and a second metric name is refused, naming both and where each
// is; rows without a name (rate()'s results) pass, and a label named
// __name__ names services.
func TestLongCSVMetricNames(t *testing.T) {
	for _, tc := range []struct {
		name, text, label string
		want              []string // parts of the error, in order; nil: read
		not               string   // a part the error must not have
	}{
		{"a counter", "timestamp,__name__,service,value\n1714550400,http_requests_total,a,100\n1714550460,http_requests_total,a,700\n", "service",
			[]string{`l.csv:2: http_requests_total is a counter: its samples are a running total, not requests per second; export sum by (service) (rate(http_requests_total[1m])) instead (got "http_requests_total")`},
			"l.csv:3"},
		{"a counter beside a recording rule", "timestamp,service,value,__name__\n1714550400,a,100,http_requests_total\n1714550400,b,2,job:http_requests:rate1m\n1714550460,a,700,http_requests_total\n1714550460,b,3,job:http_requests:rate1m\n", "service",
			[]string{"l.csv:2: http_requests_total is a counter",
				`l.csv:3: __name__ job:http_requests:rate1m here and http_requests_total at line 2: the file mixes two metrics, and every row would be read as its service's requests per second; export one metric's rates per file, e.g. sum by (service) (rate(http_requests_total[1m])) (got "job:http_requests:rate1m")`},
			"l.csv:5"},
		{"two rates of one service", "timestamp,__name__,job,value\n0,job:a:rate1m,api,1\n0,job:b:rate1m,api,2\n60,job:a:rate1m,api,1\n", "job",
			[]string{`l.csv:3: __name__ job:b:rate1m here and job:a:rate1m at line 2: the file mixes two metrics`}, ""},
		{"one recording rule", "timestamp,__name__,service,value\n0,job:a:rate1m,a,1\n60,job:a:rate1m,a,2\n", "service", nil, ""},
		{"rates without a name", "timestamp,__name__,service,value\n0,,a,1\n0,job:a:rate1m,b,2\n60,,a,1\n60,job:a:rate1m,b,2\n", "service", nil, ""},
		{"the label is __name__", "timestamp,__name__,value\n0,a_total,1\n0,b,2\n60,a_total,1\n60,b,2\n", "__name__", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(tc.text), "l.csv", tc.label)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("ReadCSV: %v; want it read", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("ReadCSV read it; want %q", tc.want)
			}
			msg, at := err.Error(), 0
			for _, w := range tc.want {
				i := strings.Index(msg[at:], w)
				if i < 0 {
					t.Fatalf("error\n%s\nwant, in order, %q", msg, tc.want)
				}
				at += i + len(w)
			}
			if tc.not != "" && strings.Contains(msg, tc.not) {
				t.Errorf("error\n%s\nhas %q: each problem once", msg, tc.not)
			}
		})
	}
}
