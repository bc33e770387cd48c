package plots

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"
)

// The tail is drawn from the CDF's points as shares at least as slow,
// lifted by the share that never completed, down to the slowest request.
func TestTailPoints(t *testing.T) {
	d := CDF{Model: Lambda, LatencyMS: []float64{10, 20, 40, 80, 160}, Fraction: []float64{0, 0.5, 0.9, 0.99, 1}}
	for _, tc := range []struct {
		name              string
		completed         int64
		refused, inFlight float64
		want              []pt
	}{
		{"count unknown: all but 100 %", 0, 0, 0, []pt{{10, 1}, {20, 0.5}, {40, 0.1}, {80, 0.01}}},
		// the r-th fastest of 100 has (101 − r) % at least as slow; the
		// slowest 1 %
		{"100 requests", 100, 0, 0, []pt{{10, 1}, {20, 0.51}, {40, 0.11}, {80, 0.02}, {160, 0.01}}},
		// 0.99 and 1 are both the 12th of 12 (a real run saves the same
		// latency at both, and draws one point)
		{"12 requests", 12, 0, 0, []pt{{10, 1}, {20, 7.0 / 12}, {40, 2.0 / 12}, {80, 1.0 / 12}, {160, 1.0 / 12}}},
		// 20 % never completed: slower than everything, so 0.2 + 0.8 × e
		{"refused lift the line", 100, 0.15, 0.05, []pt{{10, 1}, {20, 0.608}, {40, 0.288}, {80, 0.216}, {160, 0.208}}},
		{"nothing completed", 0, 1, 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := d
			d.Completed, d.Refused, d.InFlight = tc.completed, tc.refused, tc.inFlight
			got := tailPoints(d)
			if len(got) != len(tc.want) {
				t.Fatalf("tailPoints = %v; want %v", got, tc.want)
			}
			for i := range got {
				if got[i].x != tc.want[i].x || math.Abs(got[i].y-tc.want[i].y) > 1e-9 {
					t.Errorf("point %d = %v; want %v", i, got[i], tc.want[i])
				}
			}
		})
	}
	// one rank, one point
	same := CDF{Model: Lambda, LatencyMS: []float64{10, 30, 30, 30}, Fraction: []float64{0, 0.98, 0.99, 1}, Completed: 12}
	if got := tailPoints(same); len(got) != 2 {
		t.Errorf("tailPoints(12 requests, the last three levels at the slowest) = %v; want 2 points", got)
	}
}

func TestExceedance(t *testing.T) {
	for _, tc := range []struct {
		q    float64
		n    int64
		want float64
		ok   bool
	}{
		{0.99, 0, 0.01, true}, {1, 0, 0, false},
		{0.99, 1000, 0.011, true}, // the 990th of 1,000: 11 at least as slow
		{0.99, 100, 0.02, true},   // the 99th of 100
		{0.99, 99, 1.0 / 99, false},
		{0.99, 12, 1.0 / 12, false}, // walk report 3's sweep point: the p99 is the slowest
		{0.999, 1000, 0.002, true},
		{0.999, 999, 1.0 / 999, false},
		{0, 10, 1, true},
		{0.07, 100, 0.94, true}, // ⌈0.07·100⌉ is 7, not 8 (floating point gives 7.000000000000001)
	} {
		e, ok := exceedance(tc.q, tc.n)
		if math.Abs(e-tc.want) > 1e-12 || ok != tc.ok {
			t.Errorf("exceedance(%v, %d) = %v, %v; want %v, %v", tc.q, tc.n, e, ok, tc.want, tc.ok)
		}
	}
}

func TestPercentileName(t *testing.T) {
	for _, tc := range []struct {
		e    float64
		want string
	}{
		{1, "p0"}, {0.5, "p50"}, {0.1, "p90"}, {0.01, "p99"}, {0.001, "p99.9"}, {1e-4, "p99.99"}, {1e-5, "p99.999"},
		{1.0 / 12, "p91.7"}, {1.0 / 41, "p97.6"}, {0.002, "p99.8"}, {1.0 / 600, "p99.8"}, {1.0 / 2400, "p99.96"}, {1 - 0.9999, "p99.99"},
	} {
		if got := percentileName(tc.e); got != tc.want {
			t.Errorf("percentileName(%v) = %q; want %q", tc.e, got, tc.want)
		}
	}
}

// The share axis ends under the deepest point, never on it.
func TestTailBottom(t *testing.T) {
	for _, tc := range []struct{ y, want float64 }{
		{0.01, 0.00625}, {1 - 0.9999, 0.0001 / 1.6}, {0.0017, 0.001}, {0.05, 0.01}, {0, 0.01}, {math.NaN(), 0.01},
	} {
		if got := tailBottom(tc.y); math.Abs(got-tc.want) > 1e-9*tc.want {
			t.Errorf("tailBottom(%v) = %v; want %v", tc.y, got, tc.want)
		}
	}
}

// What the chart says: each model's p99 (and p99.9 where its requests
// resolve it), the share that never completed at the level of its line,
// where a line stops for want of requests, and the SLO.
func TestLatencyTail(t *testing.T) {
	k, l := quantileFixture(Kubernetes, 28, 180, 50_000), quantileFixture(Lambda, 34, 420, 600)
	l.Refused, l.InFlight = 0.12, 0.004
	c := LatencyTail(testHeader, []CDF{k, l, {Model: pool, Refused: 1}}, TailSLO{Quantile: 0.99, TargetMS: 500})
	var texts []string
	for _, ns := range c.labels {
		for _, it := range ns.items {
			texts = append(texts, it.text)
		}
	}
	// 0.4 % in flight beside 12 % refused is not worth a label of its own
	for _, want := range []string{"p99 180 ms", "p99.9 332 ms", "p99 of completed: 420 ms", "12 % refused"} {
		if !slices.Contains(texts, want) {
			t.Errorf("labels %q lack %q", texts, want)
		}
	}
	// Lambda's 600 requests do not resolve p99.9: one mark, Kubernetes'
	deep := 0
	for _, s := range texts {
		if strings.HasPrefix(s, "p99.9 ") || strings.HasPrefix(s, "p99.9 of") {
			deep++
		}
	}
	if deep != 1 {
		t.Errorf("labels %q: %d p99.9 marks; want 1", texts, deep)
	}
	// the floor label sits at the share that never completed
	for _, ns := range c.labels {
		for _, it := range ns.items {
			if strings.Contains(it.text, "refused") && math.Abs(it.y-0.124) > 1e-9 {
				t.Errorf("%q at %v; want at 0.124", it.text, it.y)
			}
		}
	}
	notes := strings.Join(c.Notes, "\n")
	for _, want := range []string{"AWS Lambda at p99.8 (600 requests)", "never completed", "Worker pool: no completed requests (100 % refused)"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes %q lack %q", notes, want)
		}
	}
	if strings.Contains(notes, "Kubernetes at p") {
		t.Errorf("notes %q: Kubernetes has 50,000 requests", notes)
	}
	var legend []string
	for _, e := range c.legend {
		legend = append(legend, e.label)
	}
	if want := []string{"Kubernetes", "AWS Lambda", "SLO: p99 ≤ 500 ms (of completed requests)"}; !slices.Equal(legend, want) {
		t.Errorf("legend %q; want %q", legend, want)
	}
	p := c.panels[0].plot
	// Kubernetes' slowest of 50,000 is at 2e-5
	if p.Y.Max != 1 || math.Abs(p.Y.Min-1e-5) > 1e-15 {
		t.Errorf("share axis %v–%v; want 1e-5–1", p.Y.Min, p.Y.Max)
	}
	var ticks []string
	for _, tk := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
		if tk.Label != "" {
			ticks = append(ticks, tk.Label)
		}
	}
	if want := []string{"p99.999", "p99.99", "p99.9", "p99", "p90", "p50", "p0"}; !slices.Equal(ticks, want) {
		t.Errorf("share ticks %q; want %q", ticks, want)
	}
}

// Without an SLO nothing is marked for it; without data the chart says so.
func TestLatencyTailBare(t *testing.T) {
	c := LatencyTail(testHeader, []CDF{quantileFixture(Kubernetes, 28, 180, 0)}, TailSLO{})
	for _, e := range c.legend {
		if strings.HasPrefix(e.label, "SLO") {
			t.Errorf("legend has %q without an SLO", e.label)
		}
	}
	svg := string(render(t, LatencyTail(testHeader, nil, TailSLO{Quantile: 0.99, TargetMS: 1000}), "svg"))
	if !strings.Contains(svg, "no completed requests") {
		t.Error("an empty tail chart does not say it has no data")
	}
}

// Any share that never completed lifts the line's end and is labelled,
// down to one request in flight of 80,000 (builtin:spike's Lambda); a part
// under a tenth of the missing share is left out of the label.
func TestTailFloorLabels(t *testing.T) {
	for _, tc := range []struct {
		name              string
		refused, inFlight float64
		want              string
	}{
		{"one in flight", 0, 1.2e-5, "0.0012 % in flight at the end"},
		{"refused and in flight", 0.3, 0.05, "30 % refused, 5 % in flight at the end"},
		{"in flight beside many refused", 0.65, 0.0005, "65 % refused"},
		{"none", 0, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := quantileFixture(Lambda, 34, 420, 80_000)
			d.Refused, d.InFlight = tc.refused, tc.inFlight
			c := LatencyTail(testHeader, []CDF{d}, TailSLO{})
			var got []string
			for _, ns := range c.labels {
				for _, it := range ns.items {
					if strings.Contains(it.text, "refused") || strings.Contains(it.text, "in flight") {
						got = append(got, it.text)
						if want := tc.refused + tc.inFlight; math.Abs(it.y-want) > 1e-12 {
							t.Errorf("%q at %v; want at the missing share %v", it.text, it.y, want)
						}
					}
				}
			}
			if (tc.want == "" && len(got) != 0) || (tc.want != "" && !slices.Equal(got, []string{tc.want})) {
				t.Errorf("floor labels %q; want %q", got, tc.want)
			}
		})
	}
}

// The tail chart beside the CDF it is drawn from, each built and rendered
// to PNG as `run --out` does, for three platforms' saved quantiles.
func BenchmarkTailVsCDF(b *testing.B) {
	cdfs := []CDF{quantileFixture(Kubernetes, 28, 180, 50_000), quantileFixture(Lambda, 34, 420, 600), quantileFixture(pool, 20, 900, 5_000)}
	cdfs[1].Refused = 0.12
	for _, bc := range []struct {
		name  string
		chart func() *Chart
	}{
		{"cdf", func() *Chart { return LatencyCDF(testHeader, cdfs) }},
		{"tail", func() *Chart { return LatencyTail(testHeader, cdfs, TailSLO{Quantile: 0.99, TargetMS: 500}) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := bc.chart().Render(&buf, "png"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// FuzzTailChart: whatever the distributions and the SLO hold, LatencyTail
// draws a chart.
func FuzzTailChart(f *testing.F) {
	for _, sd := range cdfSeeds() {
		f.Add(sd)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s := &stream{data}
		h, cdfs := cdfInput(s)
		slo := TailSLO{Quantile: s.float(), TargetMS: s.float()}
		drawAll(t, func() *Chart { return LatencyTail(h, cdfs, slo) })
	})
}

// Judged service by service, the tail chart's legend says the corner is
// the scenario's target and the lines are pooled, and its note says who
// misses (walk13 #3: Lambda's pooled p99 sat under "SLO: p99 ≤ 800 ms"
// while the verdict said Lambda missed it). Pooled, the legend is as it
// was.
func TestLatencyTailPerService(t *testing.T) {
	k := quantileFixture(Kubernetes, 28, 180, 50_000)
	note := "The SLO is judged service by service: Lambda misses it on catalog-profile-175."
	legend := func(c *Chart) []string {
		var out []string
		for _, e := range c.legend {
			out = append(out, e.label)
		}
		return out
	}
	c := LatencyTail(testHeader, []CDF{k}, TailSLO{Quantile: 0.99, TargetMS: 800, PerService: note})
	if !slices.Contains(c.Notes, note) || !slices.Contains(legend(c), "SLO: p99 ≤ 800 ms where a service has none of its own (judged per service, not on these pooled lines)") {
		t.Errorf("notes %q, legend %q: want the per-service note and legend", c.Notes, legend(c))
	}
	c = LatencyTail(testHeader, []CDF{k}, TailSLO{Quantile: 0.99, TargetMS: 800})
	if !slices.Contains(legend(c), "SLO: p99 ≤ 800 ms (of completed requests)") {
		t.Errorf("pooled legend %q", legend(c))
	}
}
