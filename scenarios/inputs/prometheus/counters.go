package prometheus

import (
	"fmt"
	"strings"
)

// A counter's raw samples are a running total, not a rate: read as
// requests per second they give thousands of times the traffic (walk4:
// http_requests_total rising by 600 a minute, 10 req/s, was replayed at
// 17,800 req/s). Prometheus' naming conventions ("Metric and label
// naming", prometheus.io/docs/practices/naming) give cumulative series
// their suffix: _total for counters, and _count, _sum and _bucket for the
// parts of summaries and histograms. rate() and increase() drop the
// metric name, so a series that still has one of these names is raw.

// counterSuffixes are the names of cumulative series, with what they are.
var counterSuffixes = []struct{ suffix, what string }{
	{"_total", "a counter"},
	{"_count", "a histogram's or summary's count"},
	{"_sum", "a histogram's or summary's sum"},
	{"_bucket", "a histogram bucket"},
}

// counterProblem says why a series of metric name is no rate; "" when its
// name is not a cumulative one.
func counterProblem(name, label string) string {
	for _, c := range counterSuffixes {
		if strings.HasSuffix(name, c.suffix) {
			return fmt.Sprintf("%s is %s: its samples are a running total, not requests per second; export sum by (%s) (rate(%s[1m])) instead", name, c.what, label, name)
		}
	}
	return ""
}

// risingFrom is the fewest samples whose never falling is told: a counter
// rises at every step, and a real ramp this long is rare.
const risingFrom = 10

// rising describes a series whose rate never decreases over many samples,
// rises at 9 steps in 10 or more and ends at least twice where it starts,
// the shape of a counter's running total (or of one whose name the export
// lost, as a Grafana legend does); "" otherwise. It is a warning, not a
// refusal: a load test's ramp has that shape too.
func rising(s Series) string {
	n := len(s.Samples)
	if n < risingFrom {
		return ""
	}
	up := 0
	for j := 1; j < n; j++ {
		switch d := s.Samples[j].RatePerSecond - s.Samples[j-1].RatePerSecond; {
		case d < 0:
			return ""
		case d > 0:
			up++
		}
	}
	first, last := s.Samples[0].RatePerSecond, s.Samples[n-1].RatePerSecond
	if up*10 < (n-1)*9 || last < 2*first {
		return ""
	}
	return fmt.Sprintf("its rate never decreases over its %d samples (%g to %g): if these are a counter's running totals, export rate(metric[1m]) instead; increase(metric[5m]) counts per 5 minutes and needs dividing by 300", n, first, last)
}

// metrics checks the metric names of a long-form CSV's rows (its
// __name__ column): a counter's is refused as the other forms refuse it,
// and so is a second name. One file is one metric's rates by service: in
// an export mixing series, say errors beside requests, every row would be
// read as its service's requests per second. A row without a name (a rate() or sum's result,
// which drop it) is not compared: Grafana's wide form may join a
// recording rule's series and rate()'s nameless ones, both rates.
type metrics struct {
	label   string
	first   string // the first name seen
	firstAt int    // its line
	mixed   bool   // reported
	// counters are the counter names reported, each once
	counters map[string]bool
}

// add notes a row's metric name (empty: none) at at.
func (m *metrics) add(p *problems, at loc, name string) {
	if name == "" {
		return
	}
	if why := counterProblem(name, m.label); why != "" && !m.counters[name] {
		if m.counters == nil {
			m.counters = map[string]bool{}
		}
		m.counters[name] = true
		p.add(at, quote(name), "%s", why)
	}
	switch {
	case m.first == "":
		m.first, m.firstAt = name, at.line
	case name != m.first && !m.mixed:
		m.mixed = true
		p.add(at, quote(name), "__name__ %s here and %s at line %d: the file mixes two metrics, and every row would be read as its service's requests per second; export one metric's rates per file, e.g. sum by (%s) (rate(http_requests_total[1m]))",
			name, m.first, m.firstAt, m.label)
	}
}
