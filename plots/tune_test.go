package plots

import (
	"bytes"
	"fmt"
	"math"
	"testing"

	"github.com/execsim/execsim/internal/golden"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// tuneFixture is a Power-Tuning-like result: cost rises with memory, the
// latency falls and flattens; 128 MB misses a p99 ≤ 1 s SLO.
func tuneFixture() Tuning {
	return Tuning{Model: Lambda, Setting: "memory",
		Points: []TunePoint{
			{"128 MB", 126, 365, 1383, false},
			{"256 MB", 151, 228, 816, true},
			{"512 MB", 200, 159, 595, true},
			{"1024 MB", 300, 125, 534, true},
			{"1769 MB", 444, 110, 518, true},
		},
		Cheapest: 1, Fastest: 4, Balanced: 2,
		SLO: "p99 ≤ 1s, refused ≤ 0.10 %", P99TargetMs: 1000,
		Notes: []string{"Cheapest among the values that meet the SLO: 256 MB."},
	}
}

// `go test ./plots -update` rewrites testdata/tune.svg; look at the PNG
// too.
func TestTuneGolden(t *testing.T) {
	svg := render(t, TuneChart(testHeader, tuneFixture()), "svg")
	golden.Check(t, "testdata/tune.svg", svg)
	for _, w := range []string{"Memory tuning: monthly cost vs latency", "256 MB: cheapest", "1769 MB: fastest", "512 MB: balanced",
		"mean latency", "p99 latency", "hollow: misses the SLO (p99 ≤ 1s, refused ≤ 0.10 %)", "SLO: p99 ≤ 1 s"} {
		if !bytes.Contains(svg, []byte(w)) {
			t.Errorf("chart lacks %q", w)
		}
	}
	if !bytes.Equal(svg, render(t, TuneChart(testHeader, tuneFixture()), "svg")) {
		t.Errorf("building the chart twice gave different bytes")
	}
}

// One value and a choice that is all three, and no values at all, draw.
func TestTuneEdges(t *testing.T) {
	one := Tuning{Model: Lambda, Setting: "memory", Points: []TunePoint{{"512 MB", 200, 159, 595, true}}}
	if svg := render(t, TuneChart(testHeader, one), "svg"); !bytes.Contains(svg, []byte("512 MB: cheapest, fastest, balanced")) {
		t.Errorf("a single value is not named as all three choices")
	}
	render(t, TuneChart(testHeader, Tuning{Model: Lambda, Setting: "memory", Cheapest: -1, Fastest: -1, Balanced: -1}), "svg")
}

// tuneWalk3 is the tuning the third walk-through charted (fn.yaml at 20
// req/s, 128 to 3008 MB), where "512 MB: balanced" was drawn over the 256
// and 128 MB rows' bars, far from its point.
func tuneWalk3() Tuning {
	return Tuning{Model: Lambda, Setting: "memory",
		Points: []TunePoint{
			{"128 MB", 66.11, 351.3, 1307, false},
			{"256 MB", 75.30, 216.8, 747.3, true},
			{"512 MB", 93.70, 149.7, 512.1, true},
			{"1024 MB", 130.50, 116.1, 438.4, true},
			{"1769 MB", 184.04, 101.9, 421.5, true},
			{"3008 MB", 293.98, 101.9, 421.5, true},
		},
		Cheapest: 1, Fastest: 4, Balanced: 2,
		SLO: "p99 ≤ 1s, refused ≤ 0.10 %", P99TargetMs: 1000,
		Notes: []string{
			"Cheapest among the values that meet the SLO: 256 MB ($75.30/month, mean 216.8 ms, p99 747.3 ms).",
			"Fastest (lowest p99) among the values that meet the SLO: 1769 MB ($184.04/month, mean 101.9 ms, p99 421.5 ms).",
			"Balanced among the values that meet the SLO: 512 MB ($93.70/month, mean 149.7 ms, p99 512.1 ms), the lowest 0.5 × cost ÷ highest cost + 0.5 × p99 ÷ highest p99 (AWS Lambda Power Tuning's balanced strategy, with the p99 for its mean duration).",
			"A row as a run: execsim run ci/scen/fn.yaml --model lambda --set lambda.everyFunction.memoryMB=<memory MB>.",
		},
	}
}

// Every label of the tuning chart sits clear of the bars and of the p99
// line, and reads as its own point's: nearer it than any other point, or
// joined to it by a leader line.
func TestTuneLabelsNearTheirPoints(t *testing.T) {
	for name, tu := range map[string]Tuning{"walk3": tuneWalk3(), "fixture": tuneFixture()} {
		t.Run(name, func(t *testing.T) {
			c := TuneChart(testHeader, tu)
			render(t, c, "png")
			labels := labelsOf(c)
			checkLabelsAttached(t, labels, true)
			// the bars and the p99 line, whatever the labels were told
			ns := c.labels[0]
			at := func(x, y float64) vg.Point { return vg.Point{X: ns.trX(x), Y: ns.trY(y)} }
			var lines [][2]vg.Point
			for i, q := range tu.Points {
				lines = append(lines, [2]vg.Point{at(q.MeanMs, q.MonthlyUSD), at(q.P99Ms, q.MonthlyUSD)})
				if i > 0 {
					r := tu.Points[i-1]
					lines = append(lines, [2]vg.Point{at(r.P99Ms, r.MonthlyUSD), at(q.P99Ms, q.MonthlyUSD)})
				}
			}
			for _, l := range labels {
				for _, s := range lines {
					if segHitsRect(s[0], s[1], l.box) {
						t.Errorf("label %q crosses a bar or the p99 line (%v–%v)", l.text, s[0], s[1])
					}
				}
			}
		})
	}
}

// tuneInput decodes a tuning.
func tuneInput(s *stream) (Header, Tuning) {
	h := s.header()
	tu := Tuning{Model: s.model(), Setting: "memory", SLO: "p99 ≤ 1s", Notes: []string{"a note"}}
	for i := range s.n(12) {
		tu.Points = append(tu.Points, TunePoint{Label: fmt.Sprintf("%d MB", 128<<i), MonthlyUSD: s.float(), MeanMs: s.float(), P99Ms: s.float(), MeetsSLO: s.flag()})
	}
	pick := func() int { return s.n(len(tu.Points)+1) - 1 }
	tu.Cheapest, tu.Fastest, tu.Balanced = pick(), pick(), pick()
	tu.P99TargetMs = s.float()
	return h, tu
}

// FuzzTuneChart: whatever the tuning holds, TuneChart draws a chart.
func FuzzTuneChart(f *testing.F) {
	// 0: warm-up; model; points: count, then each point's monthly, mean,
	// p99 and verdict; cheapest, fastest, balanced (+1); the target
	f.Add(seed(0.0, 1, 3, 40.0, 120.0, 800.0, true, 30.0, 80.0, 500.0, true, 35.0, 60.0, 300.0, false, 2, 3, 1, 1000.0))
	// the p99 target plotdirs' fuzzing found (1e308)
	f.Add(seed(0.0, 1, 1, 1.0, 2.0, 3.0, true, 1, 1, 1, 1e308))
	f.Add(seed(0.0, 1, 2, 1e12, 9.2e12, 9.2e12, true, 0.0, 1e-6, 1e-6, true, 1, 2, 0, 9.2e12))
	f.Add(seed(0.0, 0, 2, math.NaN(), -1.0, 0.0, false, 0.0, 1e308, math.NaN(), false, 0, 2, 0, -4.0))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, tu := tuneInput(&stream{data})
		drawAll(t, func() *Chart { return TuneChart(h, tu) })
	})
}

// Sizes whose latencies differ little: a log axis over them was labelled
// as a linear one (120, 140, 160 ms) yet said "log scale" (review); the
// axis is linear and says so. A wide range keeps its log axis.
func TestTuneNarrowLatencyAxis(t *testing.T) {
	narrow := Tuning{Model: Lambda, Setting: "memory", Cheapest: 0, Fastest: 2, Balanced: 1,
		Points: []TunePoint{
			{"512 MB", 200, 131, 162, true},
			{"1024 MB", 300, 124, 150, true},
			{"1769 MB", 444, 121, 144, true},
		}}
	for _, tc := range []struct {
		name  string
		t     Tuning
		label string
		log   bool
	}{
		{"narrow", narrow, "latency (ms)", false},
		{"wide", tuneFixture(), "latency (ms, log scale)", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := TuneChart(testHeader, tc.t)
			x := c.panels[0].plot.X
			if x.Label.Text != tc.label {
				t.Errorf("x label %q; want %q", x.Label.Text, tc.label)
			}
			if _, log := x.Scale.(plot.LogScale); log != tc.log {
				t.Errorf("log scale %v; want %v", log, tc.log)
			}
			if !bytes.Contains(render(t, c, "svg"), []byte(">"+tc.label+"<")) {
				t.Errorf("the SVG lacks the axis label %q", tc.label)
			}
		})
	}
}

// Every latency axis follows the tune chart's rule: latencies that differ
// little (business-hours: 200 to 552 ms) get a linear axis labelled
// "latency (ms)", where a log one would be labelled 200, 250 … 550 like a
// linear one under "latency (ms, log scale)" (outputs9); a wide range
// keeps its log axis.
func TestNarrowLatencyAxesAreLinear(t *testing.T) {
	flat := func(m Model, lo, hi float64) CDF {
		d := CDF{Model: m}
		for i := range 21 {
			d.LatencyMS = append(d.LatencyMS, lo+(hi-lo)*float64(i)/20)
			d.Fraction = append(d.Fraction, float64(i)/20)
		}
		return d
	}
	narrowCDFs := []CDF{flat(Kubernetes, 200, 230), flat(Lambda, 200, 552)}
	narrowSeries := seriesFixtures(30, 60)
	for i := range narrowSeries {
		s := &narrowSeries[i]
		for w := range s.LatencyP50MS {
			s.LatencyP50MS[w], s.LatencyP99MS[w] = 120+float64(w%3), 150+float64(w%5)
		}
	}
	for _, tc := range []struct {
		name   string
		narrow *Chart
		wide   *Chart
		axis   func(c *Chart) plot.Axis
	}{
		{"cdf", LatencyCDF(testHeader, narrowCDFs), LatencyCDF(testHeader, cdfFixtures(60)),
			func(c *Chart) plot.Axis { return c.panels[0].plot.X }},
		{"tail", LatencyTail(testHeader, narrowCDFs, TailSLO{}), LatencyTail(testHeader, cdfFixtures(60), TailSLO{}),
			func(c *Chart) plot.Axis { return c.panels[0].plot.X }},
		{"over time", LatencyOverTime(testHeader, narrowSeries), LatencyOverTime(testHeader, seriesFixtures(180, 10)),
			func(c *Chart) plot.Axis { return c.panels[0].plot.Y }},
	} {
		for _, x := range []struct {
			c     *Chart
			label string
			log   bool
		}{{tc.narrow, "latency (ms)", false}, {tc.wide, "latency (ms, log scale)", true}} {
			a := tc.axis(x.c)
			if a.Label.Text != x.label {
				t.Errorf("%s: axis label %q; want %q", tc.name, a.Label.Text, x.label)
			}
			if _, log := a.Scale.(plot.LogScale); log != x.log {
				t.Errorf("%s %q: log scale %v; want %v", tc.name, x.label, log, x.log)
			}
			if !bytes.Contains(render(t, x.c, "svg"), []byte(">"+x.label+"<")) {
				t.Errorf("%s: the SVG lacks the axis label %q", tc.name, x.label)
			}
		}
	}
}

// A fleet's tuning draws the run of each function at its own size as
// squares beside the single sizes, named in its label and the legend,
// hollow when it misses the SLO (there was no marker for it).
func TestTuneEach(t *testing.T) {
	tu := tuneFixture()
	tu.Units = "function"
	tu.Each = &TunePoint{"per function", 140, 140, 560, true}
	svg := render(t, TuneChart(testHeader, tu), "svg")
	for _, w := range []string{"per function", "each function at its own memory, run together"} {
		if !bytes.Contains(svg, []byte(w)) {
			t.Errorf("chart lacks %q", w)
		}
	}
	tu.Each.MeetsSLO = false
	if miss := render(t, TuneChart(testHeader, tu), "svg"); bytes.Equal(miss, svg) {
		t.Errorf("the run together is drawn alike whether it meets the SLO or not")
	}
	if svg := render(t, TuneChart(testHeader, tuneFixture()), "svg"); bytes.Contains(svg, []byte("run together")) {
		t.Errorf("a tuning without a run together names one in its legend")
	}
}
