package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios"
)

func TestFormatting(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {1234567, "1,234,567"}, {-4500, "-4,500"}} {
		if got := thousands(tc.n); got != tc.want {
			t.Errorf("thousands(%d) = %q; want %q", tc.n, got, tc.want)
		}
	}
	for _, tc := range []struct {
		ms   float64
		want string
	}{{0.5, "0.500 ms"}, {84.31, "84.3 ms"}, {1204, "1.204 s"}, {125000, "2m5s"}} {
		if got := dur(tc.ms); got != tc.want {
			t.Errorf("dur(%v) = %q; want %q", tc.ms, got, tc.want)
		}
	}
}

func TestWritersOnARun(t *testing.T) {
	plan, err := scenarios.Parse([]byte(`name: r
seed: 3
duration: 5m
window: 1m
workload:
  arrivals: {process: poisson, ratePerSecond: 5}
  work: {io: "exp(mean=100ms)"}
lambda: {runtime: go}
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := scenarios.Run(plan, scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var series bytes.Buffer
	if err := Series(&series, res); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&series).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+5 {
		t.Errorf("series has %d rows; want a header and 5 one-minute windows", len(rows))
	}
	var arrivals int
	for _, r := range rows[1:] {
		if len(r) != len(SeriesHeader) {
			t.Fatalf("row has %d columns; header %d", len(r), len(SeriesHeader))
		}
		var n int
		for _, c := range r[3] {
			n = n*10 + int(c-'0')
		}
		arrivals += n
	}
	if int64(arrivals) != res.Arrivals() {
		t.Errorf("series arrivals sum to %d; the run had %d", arrivals, res.Arrivals())
	}
	var text bytes.Buffer
	if err := Text(&text, res, "execsim run x --seed 3"); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"scenario r · seed 3", "reproduce: execsim run x --seed 3", "latency p99", "peak concurrency"} {
		if !strings.Contains(text.String(), w) {
			t.Errorf("text lacks %q:\n%s", w, text.String())
		}
	}
}
